package zoomhub.bridge;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import zoomhub.access.AsUser;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Admin-only endpoints: users, classes, enrollment. The rules (RLS) refuse everyone else with a 403. */
final class AdminApi {
  static final Set<String> ROLES = Set.of("admin", "teacher", "student");
  private static final String EMAIL = "^[^@\\s]+@[^@\\s]+$";

  private final Pool pool;

  AdminApi(Pool pool) {
    this.pool = pool;
  }

  void mount(Router router) {
    router.post("/api/users").handler(this::createUser);
    router.patch("/api/users/:id").handler(this::changeUser);
    router.post("/api/classes").handler(this::createClass);
    router.post("/api/classes/:id/students").handler(this::enroll);
  }

  private void createUser(RoutingContext ctx) {
    Input in = new Input(ApiRoutes.body(ctx), Set.of("name", "email", "role", "isActive"));
    Tuple values = Tuple.of(in.text("name", 200, true), email(in, true), in.oneOf("role", ROLES, true), in.bool("isActive"));
    ApiRoutes.answer(ctx, 201, AsUser.run(pool, ApiRoutes.principal(ctx), conn -> conn.preparedQuery(ApiSql.INSERT_USER)
      .execute(values).map(rows -> Rows.user(rows.iterator().next()))));
  }

  private void changeUser(RoutingContext ctx) {
    UUID id = ApiRoutes.pathId(ctx, "id", "user");
    Input in = new Input(ApiRoutes.body(ctx), Set.of("name", "email", "role", "isActive"));
    List<String> sets = new ArrayList<>();
    List<Object> values = new ArrayList<>(List.of(id));
    if (in.has("name")) {
      values.add(in.text("name", 200, true));
      sets.add("name = $" + values.size());
    }
    if (in.has("email")) {
      values.add(email(in, true));
      sets.add("email = $" + values.size());
    }
    if (in.has("role")) {
      values.add(in.oneOf("role", ROLES, true));
      sets.add("role = $" + values.size());
    }
    if (in.has("isActive")) {
      Boolean active = in.bool("isActive");
      if (active == null) {
        throw ApiError.invalid("isActive", "must be true or false");
      }
      values.add(active);
      sets.add("is_active = $" + values.size());
    }
    if (sets.isEmpty()) {
      throw ApiError.badRequest("nothing to change");
    }
    String sql = "UPDATE users SET " + String.join(", ", sets) + ", updated_at = now() WHERE id = $1 "
      + "RETURNING id, name, email, role, is_active";
    ApiRoutes.answer(ctx, 200, AsUser.run(pool, ApiRoutes.principal(ctx), conn -> exists(conn, ApiSql.USER, id, "user")
      .compose(v -> conn.preparedQuery(sql).execute(Tuple.from(values)))
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiError.forbidden("only an admin may change users"))
        : Future.succeededFuture(Rows.user(rows.iterator().next())))));
  }

  private void createClass(RoutingContext ctx) {
    Input in = new Input(ApiRoutes.body(ctx), Set.of("name", "teacherId"));
    Tuple values = Tuple.of(in.text("name", 200, true), in.uuid("teacherId", false));
    ApiRoutes.answer(ctx, 201, AsUser.run(pool, ApiRoutes.principal(ctx), conn -> conn.preparedQuery(ApiSql.INSERT_CLASS)
      .execute(values).map(rows -> Rows.klass(rows.iterator().next()))));
  }

  /** {@code {"studentId"}} or {@code {"studentIds":[...]}}; enrolling someone twice is not an error. */
  private void enroll(RoutingContext ctx) {
    UUID classId = ApiRoutes.pathId(ctx, "id", "class");
    JsonObject body = ApiRoutes.body(ctx);
    Input in = new Input(body, Set.of("studentId", "studentIds"));
    List<UUID> students = new ArrayList<>();
    if (in.has("studentId")) {
      students.add(in.uuid("studentId", true));
    }
    if (in.has("studentIds")) {
      if (!(body.getValue("studentIds") instanceof JsonArray ids)) {
        throw ApiError.invalid("studentIds", "must be a list of ids");
      }
      for (Object o : ids) {
        students.add(new Input(new JsonObject().put("studentIds", o), Set.of("studentIds")).uuid("studentIds", true));
      }
    }
    if (students.isEmpty()) {
      throw ApiError.invalid("studentId", "is required");
    }
    ApiRoutes.answer(ctx, 201, AsUser.run(pool, ApiRoutes.principal(ctx), conn -> exists(conn, ApiSql.CLASS, classId, "class")
      .compose(v -> enrollAll(conn, classId, students))
      .compose(v -> conn.preparedQuery(ApiSql.ENROLLED).execute(Tuple.of(classId)))
      .map(rows -> {
        JsonArray ids = new JsonArray();
        rows.forEach(r -> ids.add(r.getUUID("student_id").toString()));
        return new JsonObject().put("classId", classId.toString()).put("studentIds", ids);
      })));
  }

  private static Future<Void> enrollAll(SqlConnection conn, UUID classId, List<UUID> students) {
    Future<Void> chain = Future.succeededFuture();
    for (UUID s : students) {
      // the insert first, so that the rules refuse a non-admin (403) before anything is said about the student, whom
      // they may not even see; a refused student afterwards rolls the whole request back
      chain = chain.compose(v -> conn.preparedQuery(ApiSql.ENROLL).execute(Tuple.of(classId, s))
        .recover(err -> Future.failedFuture(err instanceof PgException pg && "23503".equals(pg.getSqlState())
          ? ApiError.invalid("studentId", s + " is not a student") : err))
        .compose(r -> conn.preparedQuery(ApiSql.STUDENT_ROLE).execute(Tuple.of(s)))
        .compose(rows -> rows.size() == 0 || !"student".equals(rows.iterator().next().getString("role"))
          ? Future.failedFuture(ApiError.invalid("studentId", s + " is not a student"))
          : Future.<Void>succeededFuture()));
    }
    return chain;
  }

  /** 404 unless the row is visible to the user under the rules. */
  private static Future<Void> exists(SqlConnection conn, String sql, UUID id, String what) {
    return conn.preparedQuery(sql).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiError.notFound(what)) : Future.succeededFuture());
  }

  private static String email(Input in, boolean required) {
    String email = in.text("email", 320, required);
    if (email != null && !email.matches(EMAIL)) {
      throw ApiError.invalid("email", "must be an email address");
    }
    return email;
  }
}
