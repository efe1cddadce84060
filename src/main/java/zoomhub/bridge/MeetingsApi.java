package zoomhub.bridge;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import zoomhub.access.AsUser;
import zoomhub.access.Principal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /api/meetings}: list, create, read, change, delete, and a meeting's participant sessions. */
final class MeetingsApi {
  static final Set<String> AUDIENCES = Set.of("class", "students", "teachers", "all");
  static final Set<String> STATUSES = Set.of("scheduled", "started", "ended", "cancelled");
  private static final Set<String> FIELDS = Set.of("zoomMeetingId", "hostId", "title", "description", "meetingType",
    "startTime", "duration", "timezone", "joinUrl", "startUrl", "password", "classId", "targetAudience", "settings",
    "status");

  private final io.vertx.core.Vertx vertx;
  private final Pool pool;

  MeetingsApi(io.vertx.core.Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  void mount(Router router) {
    router.get("/api/meetings").handler(this::list);
    router.post("/api/meetings").handler(this::create);
    router.get("/api/meetings/:id").handler(this::get);
    router.patch("/api/meetings/:id").handler(this::change);
    router.delete("/api/meetings/:id").handler(this::delete);
    router.get("/api/meetings/:id/participants").handler(this::participants);
  }

  private void list(RoutingContext ctx) {
    ApiRoutes.answer(ctx, 200, AsUser.run(pool, ApiRoutes.principal(ctx), conn ->
      conn.query(ApiSql.MEETINGS).execute().map(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(r -> items.add(Rows.meeting(r)));
        return new JsonObject().put("items", items);
      })));
  }

  private void get(RoutingContext ctx) {
    UUID id = ApiRoutes.pathId(ctx, "id", "meeting");
    ApiRoutes.answer(ctx, 200, AsUser.run(pool, ApiRoutes.principal(ctx), conn -> visible(conn, id).map(Rows::meeting)));
  }

  private void create(RoutingContext ctx) {
    Principal me = ApiRoutes.principal(ctx);
    Input in = new Input(ApiRoutes.body(ctx), FIELDS);
    if (in.has("status")) {
      throw ApiError.invalid("status", "is set by Zoom's events, not on create");
    }
    UUID host = in.uuid("hostId", false);
    UUID id = UUID.randomUUID();
    Tuple values = Tuple.from(new Object[]{
      in.zoomMeetingId("zoomMeetingId", true),
      host == null ? me.id() : host,
      in.text("title", 300, true),
      in.text("description", 5000, false),
      in.text("meetingType", 50, false),
      in.time("startTime"),
      in.integer("duration", 0, 24 * 60),
      in.zone("timezone"),
      in.url("joinUrl"),
      in.url("startUrl"),
      in.text("password", 100, false),
      in.uuid("classId", false),
      in.has("targetAudience") ? in.oneOf("targetAudience", AUDIENCES, true) : "class",
      in.object("settings") == null ? new JsonObject() : in.object("settings"),
      id});
    ApiRoutes.answer(ctx, 201, AsUser.run(pool, me, conn -> conn.preparedQuery(ApiSql.INSERT_MEETING).execute(values)
      .recover(err -> Future.failedFuture(refusedCreate(err)))
      .compose(rows -> visible(conn, id))
      .map(Rows::meeting))
      .compose(created -> adoptEarlierEvents(created.getString("zoomMeetingId")).map(created)));
  }

  /**
   * Zoom's events for this meeting that arrived in the last day, before the hub knew the meeting (stored as
   * {@code unmatched}), are applied now: a teacher who registers a meeting already under way keeps its attendance.
   * This is the hub's own bookkeeping, so it runs as the owner, after the user's transaction committed.
   */
  private Future<Void> adoptEarlierEvents(String zoomMeetingId) {
    return pool.preparedQuery(ApiSql.ADOPT_UNMATCHED).execute(Tuple.of(zoomMeetingId)).map(rows -> {
      if (rows.rowCount() > 0) {
        vertx.eventBus().send(zoomhub.Addresses.MEETING_DISPATCH, new JsonObject().put("zoomMeetingId", zoomMeetingId));
      }
      return null;
    });
  }

  private static Throwable refusedCreate(Throwable err) {
    if (err instanceof io.vertx.pgclient.PgException pg && "42501".equals(pg.getSqlState())) {
      return ApiError.forbidden("a teacher may create a meeting only as its host, for a class they teach (or none)");
    }
    if (err instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
      return ApiError.conflict("a meeting with this zoomMeetingId already exists");
    }
    return err;
  }

  private void change(RoutingContext ctx) {
    UUID id = ApiRoutes.pathId(ctx, "id", "meeting");
    Input in = new Input(ApiRoutes.body(ctx), FIELDS);
    List<String> sets = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    values.add(id);
    // column names come from this fixed list, never from the request; every value is a parameter
    set(in, "zoomMeetingId", "zoom_meeting_id", () -> in.zoomMeetingId("zoomMeetingId", true), sets, values);
    set(in, "hostId", "host_id", () -> in.uuid("hostId", true), sets, values);
    set(in, "title", "title", () -> in.text("title", 300, true), sets, values);
    set(in, "description", "description", () -> in.text("description", 5000, false), sets, values);
    set(in, "meetingType", "meeting_type", () -> in.text("meetingType", 50, false), sets, values);
    set(in, "startTime", "start_time", () -> in.time("startTime"), sets, values);
    set(in, "duration", "duration", () -> in.integer("duration", 0, 24 * 60), sets, values);
    set(in, "timezone", "timezone", () -> in.zone("timezone"), sets, values);
    set(in, "joinUrl", "join_url", () -> in.url("joinUrl"), sets, values);
    set(in, "startUrl", "start_url", () -> in.url("startUrl"), sets, values);
    set(in, "password", "password", () -> in.text("password", 100, false), sets, values);
    set(in, "classId", "class_id", () -> in.uuid("classId", false), sets, values);
    set(in, "targetAudience", "target_audience", () -> in.oneOf("targetAudience", AUDIENCES, true), sets, values);
    set(in, "settings", "settings", () -> in.object("settings") == null ? new JsonObject() : in.object("settings"), sets, values);
    set(in, "status", "status", () -> in.oneOf("status", STATUSES, true), sets, values);
    if (sets.isEmpty()) {
      throw ApiError.badRequest("nothing to change");
    }
    String sql = "UPDATE zoom_meetings SET " + String.join(", ", sets) + ", updated_at = now() WHERE id = $1";
    ApiRoutes.answer(ctx, 200, AsUser.run(pool, ApiRoutes.principal(ctx), conn -> manageable(conn, id)
      .compose(v -> conn.preparedQuery(sql).execute(Tuple.from(values)))
      .recover(err -> Future.failedFuture(refusedCreate(err)))
      .compose(r -> visibleOrGone(conn, id))));
  }

  private void delete(RoutingContext ctx) {
    UUID id = ApiRoutes.pathId(ctx, "id", "meeting");
    ApiRoutes.answer(ctx, 204, AsUser.run(pool, ApiRoutes.principal(ctx), conn -> manageable(conn, id)
      .compose(v -> conn.preparedQuery(ApiSql.DELETE_MEETING).execute(Tuple.of(id)))
      .map(r -> null)));
  }

  private void participants(RoutingContext ctx) {
    UUID id = ApiRoutes.pathId(ctx, "id", "meeting");
    ApiRoutes.answer(ctx, 200, AsUser.run(pool, ApiRoutes.principal(ctx), conn -> visible(conn, id)
      .compose(m -> conn.preparedQuery(ApiSql.PARTICIPANTS).execute(Tuple.of(id)))
      .map(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(r -> items.add(Rows.participant(r)));
        return new JsonObject().put("items", items);
      })));
  }

  /** The meeting as the user may see it; 404 when the rules hide it. */
  static Future<Row> visible(SqlConnection conn, UUID id) {
    return conn.preparedQuery(ApiSql.MEETING).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiError.notFound("meeting"))
      : Future.succeededFuture(rows.iterator().next()));
  }

  /** 404 when the user may not see the meeting, 403 when they may see but not manage it. */
  private static Future<Row> manageable(SqlConnection conn, UUID id) {
    return visible(conn, id).compose(row -> Boolean.TRUE.equals(row.getBoolean("manage"))
      ? Future.succeededFuture(row)
      : Future.failedFuture(ApiError.forbidden("only an admin or the meeting's host may change it")));
  }

  /** After a change the meeting may have left the user's view (e.g. a new audience): then it is answered as gone. */
  private static Future<JsonObject> visibleOrGone(SqlConnection conn, UUID id) {
    return conn.preparedQuery(ApiSql.MEETING).execute(Tuple.of(id)).map(rows -> rows.size() == 0
      ? new JsonObject().put("id", id.toString())
      : Rows.meeting(rows.iterator().next()));
  }

  private static void set(Input in, String field, String column, java.util.function.Supplier<Object> value,
                          List<String> sets, List<Object> values) {
    if (in.has(field)) {
      values.add(value.get());
      sets.add(column + " = $" + values.size());
    }
  }
}
