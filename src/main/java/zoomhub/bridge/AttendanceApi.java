package zoomhub.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import zoomhub.Addresses;
import zoomhub.access.AsUser;
import zoomhub.attendance.ClassDay;
import zoomhub.attendance.Intervals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Attendance for browsers (SPEC sections 4 and 7): a meeting's occurrences with their records, a class's records over
 * dates (JSON or CSV), a teacher's override, and linking a guest's sessions to a student.
 */
final class AttendanceApi {
  static final Set<String> STATUSES = Set.of("present", "late", "partial", "absent", "excused");
  private static final int MAX_DAYS = 366;

  private final Vertx vertx;
  private final Pool pool;
  private final ZoneId school;

  AttendanceApi(Vertx vertx, Pool pool, ZoneId school) {
    this.vertx = vertx;
    this.pool = pool;
    this.school = school;
  }

  void mount(Router router) {
    router.get("/api/meetings/:id/attendance").handler(this::meeting);
    router.get("/api/classes/:id/attendance").handler(this::klass);
    router.put("/api/classes/:classId/attendance/:studentId/:date").handler(this::override);
    router.post("/api/meetings/:id/participants/:participantId/link").handler(this::link);
  }

  // GET /api/meetings/{id}/attendance ------------------------------------------------------------------------------
  private void meeting(RoutingContext ctx) {
    UUID id = ApiRoutes.pathId(ctx, "id", "meeting");
    ApiRoutes.answer(ctx, 200, AsUser.run(pool, ApiRoutes.principal(ctx), conn -> MeetingsApi.visible(conn, id)
      .compose(m -> conn.preparedQuery(AttendanceSqlApi.OCCURRENCES).execute(Tuple.of(id)).compose(rows -> {
        UUID classId = m.getUUID("class_id");
        ZoneId zone = ClassDay.zone(m.getString("timezone"), school);
        JsonArray occurrences = new JsonArray();
        Future<Void> chain = Future.succeededFuture();
        for (Row r : rows) {
          chain = chain.compose(v -> occurrence(conn, r, classId, zone).map(o -> {
            occurrences.add(o);
            return null;
          }));
        }
        return chain.map(v -> new JsonObject().put("meetingId", id.toString()).put("classId", Rows.id(classId))
          .put("occurrences", occurrences));
      }))));
  }

  private Future<JsonObject> occurrence(SqlConnection conn, Row r, UUID classId, ZoneId zone) {
    UUID instance = r.getUUID("id");
    Instant started = instant(r.getOffsetDateTime("started_at"));
    Instant ended = instant(r.getOffsetDateTime("ended_at"));
    Instant firstJoin = instant(r.getOffsetDateTime("first_join"));
    Instant start = started != null ? started : firstJoin != null ? firstJoin : ended;
    LocalDate date = start == null ? null : start.atZone(zone).toLocalDate();
    JsonObject out = new JsonObject().put("instanceId", instance.toString()).put("date", date == null ? null : date.toString())
      .put("startedAt", Rows.time(r.getOffsetDateTime("started_at"))).put("endedAt", Rows.time(r.getOffsetDateTime("ended_at")));
    return conn.preparedQuery(AttendanceSqlApi.SESSIONS).execute(Tuple.of(instance)).compose(sessions -> {
      if (classId == null || date == null) {
        return Future.succeededFuture(out.put("records", attendees(sessions, started, ended)));
      }
      return conn.preparedQuery(AttendanceSqlApi.DAY_RECORDS).execute(Tuple.of(classId, date)).map(records -> {
        JsonArray list = new JsonArray();
        for (Row rec : records) {
          JsonObject record = record(rec);
          List<Row> mine = new ArrayList<>();
          sessions.forEach(s -> {
            if (rec.getUUID("student_id").equals(s.getUUID("user_id"))) {
              mine.add(s);
            }
          });
          list.add(withSessions(record, mine));
        }
        return out.put("records", list);
      });
    });
  }

  /** A meeting without a class has no attendance rows: who attended, and for how long, is its summary. */
  private static JsonArray attendees(RowSet<Row> sessions, Instant started, Instant ended) {
    Map<String, List<Row>> byPerson = new LinkedHashMap<>();
    sessions.forEach(s -> byPerson.computeIfAbsent(s.getUUID("user_id") != null ? s.getUUID("user_id").toString()
      : s.getString("participant_key"), k -> new ArrayList<>()).add(s));
    JsonArray out = new JsonArray();
    Instant lower = started != null ? started : Instant.MIN;
    Instant upper = ended != null ? ended : Instant.now();
    byPerson.values().forEach(rows -> {
      List<Intervals.Interval> spans = new ArrayList<>();
      rows.forEach(s -> {
        Instant join = instant(s.getOffsetDateTime("join_time"));
        Instant leave = instant(s.getOffsetDateTime("leave_time"));
        if (join != null) {
          Intervals.clip(join, leave != null ? leave : upper, lower, upper).ifPresent(spans::add);
        }
      });
      Row first = rows.get(0);
      JsonObject attendee = new JsonObject().put("studentId", Rows.id(first.getUUID("user_id")))
        .put("name", first.getString("name")).put("classId", null).put("date", null).put("status", null)
        .put("minutes", Intervals.seconds(spans) / 60).put("source", null).put("note", null).put("meetingId", null);
      out.add(withSessions(attendee, rows));
    });
    return out;
  }

  private static JsonObject withSessions(JsonObject record, List<Row> sessions) {
    JsonArray list = new JsonArray();
    Instant first = null;
    Instant last = null;
    for (Row s : sessions) {
      Instant join = instant(s.getOffsetDateTime("join_time"));
      Instant leave = instant(s.getOffsetDateTime("leave_time"));
      first = join != null && (first == null || join.isBefore(first)) ? join : first;
      last = leave != null && (last == null || leave.isAfter(last)) ? leave : last;
      list.add(new JsonObject().put("joinTime", Rows.time(s.getOffsetDateTime("join_time")))
        .put("leaveTime", Rows.time(s.getOffsetDateTime("leave_time"))).put("durationSeconds", s.getInteger("duration")));
    }
    return record.put("firstJoin", first == null ? null : first.toString())
      .put("lastLeave", last == null ? null : last.toString()).put("sessions", list);
  }

  // GET /api/classes/{id}/attendance?from=&to= -------------------------------------------------------------------
  private void klass(RoutingContext ctx) {
    UUID id = ApiRoutes.pathId(ctx, "id", "class");
    LocalDate to = date(ctx.queryParams().get("to"), "to", LocalDate.now(school));
    LocalDate from = date(ctx.queryParams().get("from"), "from", to.minusDays(30));
    if (from.isAfter(to)) {
      throw ApiError.invalid("from", "must not be after to");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw ApiError.invalid("to", "the range may cover at most " + MAX_DAYS + " days");
    }
    boolean csv = String.valueOf(ctx.request().getHeader("Accept")).contains("text/csv");
    Future<RowSet<Row>> rows = AsUser.run(pool, ApiRoutes.principal(ctx), conn -> visibleClass(conn, id)
      .compose(c -> conn.preparedQuery(AttendanceSqlApi.CLASS_RECORDS).execute(Tuple.of(id, from, to))));
    if (!csv) {
      ApiRoutes.answer(ctx, 200, rows.map(rs -> {
        JsonArray items = new JsonArray();
        rs.forEach(r -> items.add(record(r)));
        return new JsonObject().put("classId", id.toString()).put("from", from.toString()).put("to", to.toString())
          .put("items", items);
      }));
      return;
    }
    rows.onSuccess(rs -> {
      StringBuilder out = new StringBuilder(Csv.row("date", "student", "email", "status", "minutes", "source", "note"));
      rs.forEach(r -> out.append(Csv.row(r.getLocalDate("date").toString(), r.getString("name"), r.getString("email"),
        r.getString("status"), Integer.toString(r.getInteger("minutes_attended")), r.getString("source"), r.getString("note"))));
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"attendance-" + id + "-" + from + "-" + to + ".csv\"")
        .end(out.toString());
    }).onFailure(ctx::fail);
  }

  // PUT /api/classes/{classId}/attendance/{studentId}/{date} -----------------------------------------------------
  private void override(RoutingContext ctx) {
    UUID classId = ApiRoutes.pathId(ctx, "classId", "class");
    UUID studentId = ApiRoutes.pathId(ctx, "studentId", "student");
    LocalDate date = date(ctx.pathParam("date"), "date", null);
    Input in = new Input(ApiRoutes.body(ctx), Set.of("status", "note"));
    String status = in.oneOf("status", STATUSES, true);
    String note = in.text("note", 1000, false);
    ApiRoutes.answer(ctx, 200, AsUser.run(pool, ApiRoutes.principal(ctx), conn -> visibleClass(conn, classId)
      .compose(c -> Boolean.TRUE.equals(c.getBoolean("manage")) ? Future.succeededFuture()
        : Future.failedFuture(ApiError.forbidden("only the class's teacher or an admin may change its attendance")))
      .compose(v -> conn.preparedQuery(AttendanceSqlApi.ENROLLED).execute(Tuple.of(classId, studentId)))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiError.invalid("studentId", "is not enrolled in this class"))
        : conn.preparedQuery(AttendanceSqlApi.OVERRIDE).execute(Tuple.of(studentId, classId, date, status, note)))
      .compose(v -> conn.preparedQuery(AttendanceSqlApi.ONE_RECORD).execute(Tuple.of(studentId, classId, date)))
      .map(rows -> record(rows.iterator().next()))));
  }

  // POST /api/meetings/{id}/participants/{participantId}/link ----------------------------------------------------
  private void link(RoutingContext ctx) {
    UUID meetingId = ApiRoutes.pathId(ctx, "id", "meeting");
    UUID participantId = ApiRoutes.pathId(ctx, "participantId", "participant");
    UUID userId = new Input(ApiRoutes.body(ctx), Set.of("userId")).uuid("userId", true);
    List<UUID> ended = new ArrayList<>();
    Future<JsonObject> linked = AsUser.run(pool, ApiRoutes.principal(ctx), conn -> MeetingsApi.visible(conn, meetingId)
      .compose(m -> conn.preparedQuery(AttendanceSqlApi.CAN_VIEW_PARTICIPANTS).execute(Tuple.of(meetingId))
        .compose(r -> Boolean.TRUE.equals(r.iterator().next().getBoolean("allowed")) ? Future.succeededFuture(m)
          : Future.failedFuture(ApiError.forbidden("only the host, the class's teacher or an admin may link guests"))))
      .compose(m -> conn.preparedQuery(AttendanceSqlApi.PARTICIPANT).execute(Tuple.of(participantId, meetingId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiError.notFound("participant"));
          }
          Row p = rows.iterator().next();
          if (!Boolean.TRUE.equals(p.getBoolean("manage"))) {
            return Future.failedFuture(ApiError.forbidden("only the host, the class's teacher or an admin may link guests"));
          }
          if (p.getOffsetDateTime("ended_at") != null) {
            ended.add(p.getUUID("instance_id"));
          }
          return student(conn, userId, m.getUUID("class_id"))
            .compose(v -> conn.preparedQuery(AttendanceSqlApi.LINK)
              .execute(Tuple.of(p.getUUID("instance_id"), p.getString("participant_key"), userId)))
            .compose(sessions -> conn.preparedQuery(AttendanceSqlApi.REQUEST_RECOMPUTE)
              .execute(Tuple.of(p.getUUID("instance_id"))).map(sessions));
        }))
      .map(sessions -> {
        JsonArray items = new JsonArray();
        sessions.forEach(s -> items.add(Rows.participant(s)));
        return new JsonObject().put("items", items);
      }));
    // after the commit: the attendance verticle recomputes the occurrence (the request is stored too)
    ApiRoutes.answer(ctx, 200, linked.andThen(done -> {
      if (done.succeeded()) {
        ended.forEach(instance -> vertx.eventBus().send(Addresses.ATTENDANCE_RECOMPUTE,
          new JsonObject().put("meetingId", meetingId.toString()).put("instanceId", instance.toString())));
      }
    }));
  }

  private static Future<Void> student(SqlConnection conn, UUID userId, UUID classId) {
    return conn.preparedQuery(AttendanceSqlApi.STUDENT).execute(Tuple.of(userId)).compose(rows -> {
      if (rows.size() == 0 || !"student".equals(rows.iterator().next().getString("role"))) {
        return Future.failedFuture(ApiError.invalid("userId", "is not an active student you can see"));
      }
      if (classId == null) {
        return Future.succeededFuture();
      }
      return conn.preparedQuery(AttendanceSqlApi.ENROLLED).execute(Tuple.of(classId, userId)).compose(e -> e.size() == 0
        ? Future.failedFuture(ApiError.invalid("userId", "is not enrolled in the meeting's class"))
        : Future.succeededFuture());
    });
  }

  private static Future<Row> visibleClass(SqlConnection conn, UUID id) {
    return conn.preparedQuery(AttendanceSqlApi.CLASS).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiError.notFound("class")) : Future.succeededFuture(rows.iterator().next()));
  }

  static JsonObject record(Row r) {
    return new JsonObject()
      .put("studentId", Rows.id(r.getUUID("student_id")))
      .put("name", r.getString("name"))
      .put("classId", Rows.id(r.getUUID("class_id")))
      .put("date", r.getLocalDate("date").toString())
      .put("status", r.getString("status"))
      .put("minutes", r.getInteger("minutes_attended"))
      .put("source", r.getString("source"))
      .put("note", r.getString("note"))
      .put("meetingId", Rows.id(r.getUUID("meeting_id")));
  }

  private static LocalDate date(String value, String field, LocalDate otherwise) {
    if (value == null || value.isBlank()) {
      if (otherwise == null) {
        throw ApiError.invalid(field, "is required");
      }
      return otherwise;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(field, "must be a date, YYYY-MM-DD");
    }
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
