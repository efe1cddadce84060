package zoomhub.attendance;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import zoomhub.attendance.AttendanceMessages.Shown;
import zoomhub.attendance.ClassDay.Occurrence;
import zoomhub.attendance.ClassDay.Result;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One recompute, in one transaction: reads the class's occurrences and sessions on the occurrence's date, writes the
 * {@code attendance_records} that changed and, if any did, numbers the {@code attendance.finalized} message in the
 * meeting's sequence. The caller publishes it once the transaction has committed.
 */
final class AttendanceStore {
  /** A committed change: the message to publish (with its seq) and what it was about, for the log. */
  record Finalized(UUID classId, LocalDate date, int changed, JsonObject message) {
  }

  private record Day(UUID meetingId, UUID classId, LocalDate date) {
  }

  private record Stored(String status, int minutes, UUID meetingId, String source) {
  }

  /** Two meetings of one class on one local date, in zones 26 hours apart, can start up to 50 hours apart. */
  private static final Duration WINDOW = Duration.ofDays(3);

  private final Pool pool;
  private final AttendanceRule rule;
  private final ZoneId school;

  AttendanceStore(Pool pool, AttendanceRule rule, ZoneId school) {
    this.pool = pool;
    this.rule = rule;
    this.school = school;
  }

  /** @return the change, or null when there was nothing to write (no class, not ended, or the same result) */
  Future<Finalized> recompute(UUID meetingId, UUID instanceId) {
    return pool.withTransaction(conn -> conn.preparedQuery(AttendanceSql.REQUESTED).execute(Tuple.of(instanceId))
      .compose(requested -> {
        OffsetDateTime asked = requested.size() == 0 ? null : requested.iterator().next().getOffsetDateTime(0);
        return recompute(conn, meetingId, instanceId).compose(finalized -> asked == null
          ? Future.succeededFuture(finalized)
          : conn.preparedQuery(AttendanceSql.MARK_COMPUTED).execute(Tuple.of(instanceId, asked)).map(finalized));
      }));
  }

  private Future<Finalized> recompute(SqlConnection conn, UUID meetingId, UUID instanceId) {
    return conn.preparedQuery(AttendanceSql.OCCURRENCE).execute(Tuple.of(instanceId, meetingId))
      .compose(rows -> {
        Row r = rows.size() == 0 ? null : rows.iterator().next();
        if (r == null || r.getUUID("class_id") == null || r.getOffsetDateTime("ended_at") == null) {
          return Future.succeededFuture(null);
        }
        Occurrence trigger = occurrence(r);
        Day day = new Day(meetingId, r.getUUID("class_id"), dateOf(trigger, r));
        return conn.preparedQuery(AttendanceSql.LOCK_CLASS).execute(Tuple.of(day.classId()))
          .compose(locked -> locked.size() == 0 ? Future.succeededFuture(null) : recomputeDay(conn, day, trigger.start()));
      });
  }

  /** The occurrences whose requested recompute never finished (a crash in between), as {@code {meetingId, instanceId}}. */
  Future<List<UUID[]>> due() {
    return pool.query(AttendanceSql.DUE).execute().map(rows -> {
      List<UUID[]> out = new ArrayList<>();
      rows.forEach(r -> out.add(new UUID[]{r.getUUID("meeting_id"), r.getUUID("id")}));
      return out;
    });
  }

  private Future<Finalized> recomputeDay(SqlConnection conn, Day day, Instant near) {
    return conn.preparedQuery(AttendanceSql.CLASS_OCCURRENCES)
      .execute(Tuple.of(day.classId(), utc(near.minus(WINDOW)), utc(near.plus(WINDOW))))
      .compose(rows -> {
        List<Occurrence> occurrences = new ArrayList<>();
        rows.forEach(r -> {
          Occurrence o = occurrence(r);
          if (dateOf(o, r).equals(day.date())) {
            occurrences.add(o);
          }
        });
        if (occurrences.isEmpty()) {
          return Future.succeededFuture(null);  // the meeting left the class since the first read
        }
        UUID[] ids = occurrences.stream().map(Occurrence::instanceId).toArray(UUID[]::new);
        return conn.preparedQuery(AttendanceSql.SESSIONS).execute(Tuple.of(ids)).map(sessions -> {
          List<ClassDay.Session> list = new ArrayList<>();
          sessions.forEach(s -> list.add(new ClassDay.Session(s.getUUID("instance_id"), s.getUUID("user_id"),
            instant(s.getOffsetDateTime("join_time")), instant(s.getOffsetDateTime("leave_time")))));
          return list;
        }).compose(sessions -> roster(conn, day).compose(roster -> stored(conn, day).compose(before -> {
          List<Result> results = ClassDay.compute(occurrences, sessions, roster.keySet(), rule);
          return write(conn, day, results, before)
            .compose(changed -> changed == 0 ? Future.succeededFuture(null) : finalized(conn, day, roster, results, changed));
        })));
      });
  }

  private Future<Integer> write(SqlConnection conn, Day day, List<Result> results, Map<UUID, Stored> before) {
    List<Tuple> upserts = new ArrayList<>();
    for (Result r : results) {
      Stored s = before.get(r.studentId());
      boolean ours = s == null || "zoom".equals(s.source());
      if (ours && (s == null || !s.status().equals(r.status().value()) || s.minutes() != r.minutes()
        || !Objects.equals(s.meetingId(), r.meetingId()))) {
        upserts.add(Tuple.of(r.studentId(), day.classId(), day.date(), r.status().value(), r.minutes(), r.meetingId()));
      }
    }
    if (upserts.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return conn.preparedQuery(AttendanceSql.UPSERT).executeBatch(upserts).map(rows -> {
      int n = 0;
      for (RowSet<Row> rs = rows; rs != null; rs = rs.next()) {
        n += rs.rowCount();
      }
      return n;
    });
  }

  /** The message shows what is now stored for each student: their manual row where a teacher wrote one. */
  private Future<Finalized> finalized(SqlConnection conn, Day day, Map<UUID, String> roster, List<Result> results,
                                      int changed) {
    return stored(conn, day).compose(after -> {
      List<Shown> shown = new ArrayList<>();
      for (Result r : results) {
        Stored s = after.getOrDefault(r.studentId(), new Stored(r.status().value(), r.minutes(), r.meetingId(), "zoom"));
        shown.add(new Shown(r.studentId(), roster.get(r.studentId()), s.status(), s.minutes()));
      }
      JsonObject message = AttendanceMessages.finalized(day.meetingId(), day.classId(), day.date(), shown);
      // last statement before the commit: the sequence's row lock is held as briefly as possible
      return conn.preparedQuery(AttendanceSql.NEXT_SEQ).execute(Tuple.of(day.meetingId()))
        .map(seq -> new Finalized(day.classId(), day.date(), changed,
          message.put("seq", seq.iterator().next().getLong("seq"))));
    });
  }

  private Future<Map<UUID, String>> roster(SqlConnection conn, Day day) {
    return conn.preparedQuery(AttendanceSql.ROSTER).execute(Tuple.of(day.classId())).map(rows -> {
      Map<UUID, String> names = new LinkedHashMap<>();
      rows.forEach(r -> names.put(r.getUUID("id"), r.getString("name")));
      return names;
    });
  }

  private Future<Map<UUID, Stored>> stored(SqlConnection conn, Day day) {
    return conn.preparedQuery(AttendanceSql.STORED).execute(Tuple.of(day.classId(), day.date())).map(rows -> {
      Map<UUID, Stored> byStudent = new HashMap<>();
      rows.forEach(r -> byStudent.put(r.getUUID("student_id"), new Stored(r.getString("status"),
        r.getInteger("minutes_attended"), r.getUUID("meeting_id"), r.getString("source"))));
      return byStudent;
    });
  }

  private LocalDate dateOf(Occurrence o, Row r) {
    return ClassDay.dateOf(o, ClassDay.zone(r.getString("timezone"), school));
  }

  private static Occurrence occurrence(Row r) {
    return new Occurrence(r.getUUID("id"), r.getUUID("meeting_id"), instant(r.getOffsetDateTime("started_at")),
      instant(r.getOffsetDateTime("ended_at")), instant(r.getOffsetDateTime("first_join")));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
