package zoomhub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import zoomhub.meeting.MeetingMessages.Message;
import zoomhub.meeting.ParticipantSessions.Session;
import zoomhub.meeting.ZoomEvent.Participant;
import zoomhub.webhook.Envelope;
import zoomhub.webhook.ZoomEventTypes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Applies one event of one meeting inside the actor's transaction and says what changed: the messages to publish and
 * whether an ended occurrence must have its attendance recomputed. Every write is derived from the event's own times,
 * so applying the same set of events in any order ends in the same rows.
 */
final class EventApplier {
  /** What one event changed. */
  record Outcome(List<Message> messages, UUID attendanceInstance) {
    static Outcome none() {
      return new Outcome(List.of(), null);
    }
  }

  /** An occurrence's row; the actor keeps the ones it has seen (see {@link InstanceLogs}). */
  record Instance(UUID id, Instant startedAt, Instant endedAt) {
  }

  private final SqlConnection conn;
  private final MeetingActor.MeetingRef meeting;
  private final InstanceLogs logs;
  private final List<Message> messages = new ArrayList<>();
  private UUID attendanceInstance;

  /**
   * What the events applied together in one transaction share: the participant messages waiting for one count of the
   * people in their occurrence, and the {@code meeting.updated} bodies applied so far (their rows are marked processed
   * only at the end, so the query for earlier updates does not see them yet).
   */
  static final class Batch {
    final java.util.Map<UUID, List<Message>> countLater = new java.util.LinkedHashMap<>();
    final List<JsonObject> updates = new ArrayList<>();
  }

  /** Null when the event is applied alone. */
  private final Batch batch;

  EventApplier(SqlConnection conn, MeetingActor.MeetingRef meeting, InstanceLogs logs) {
    this(conn, meeting, logs, null);
  }

  EventApplier(SqlConnection conn, MeetingActor.MeetingRef meeting, InstanceLogs logs, Batch batch) {
    this.conn = conn;
    this.meeting = meeting;
    this.logs = logs;
    this.batch = batch;
  }

  Future<Outcome> apply(ZoomEvent event) {
    Future<Void> done = switch (event.type()) {
      case ZoomEventTypes.MEETING_STARTED, ZoomEventTypes.MEETING_ENDED -> occurrence(event);
      case ZoomEventTypes.PARTICIPANT_JOINED, ZoomEventTypes.PARTICIPANT_LEFT -> participant(event);
      case ZoomEventTypes.MEETING_DELETED -> cancel();
      case ZoomEventTypes.MEETING_UPDATED -> details(event);
      default -> Future.succeededFuture();
    };
    return done.map(v -> new Outcome(List.copyOf(messages), attendanceInstance));
  }

  // meeting.started / meeting.ended: the occurrence's times, its open sessions, the meeting's status
  private Future<Void> occurrence(ZoomEvent e) {
    return instance(e.zoomUuid()).compose(before -> {
      Instant started = earliest(before.startedAt(), e.startTime());
      Instant ended = ZoomEventTypes.MEETING_ENDED.equals(e.type()) ? latest(before.endedAt(), e.endTime()) : before.endedAt();
      Instance after = new Instance(before.id(), started, ended);
      if (after.equals(before)) {
        return Future.succeededFuture();
      }
      boolean endMoved = !Objects.equals(ended, before.endedAt());
      return conn.preparedQuery(MeetingSql.SET_INSTANCE_TIMES).execute(Tuple.of(after.id(), utc(started), utc(ended)))
        .andThen(r -> logs.keep(e.zoomUuid(), after))
        // a new end closes the sessions still open (or moves where the hub closed them)
        .compose(r -> endMoved ? logs.load(conn, e.zoomUuid()).compose(log -> resyncAll(after, log)) : Future.<Void>succeededFuture())
        .compose(v -> status(after, true))
        .andThen(r -> {
          if (after.endedAt() != null) {
            attendanceInstance = after.id();
          }
        });
    });
  }

  // participant_joined / participant_left: re-pair that participant's sessions in the occurrence
  private Future<Void> participant(ZoomEvent e) {
    return instance(e.zoomUuid()).compose(inst -> logs.load(conn, e.zoomUuid()).compose(log -> {
      // the actor is the only writer of sessions, and its log holds every event it applied: a key new to the log
      // has no stored sessions, so there is nothing to read for it
      boolean seenBefore = log.keys().contains(e.participant().key());
      String key = log.add(e.participant());
      int before = messages.size();
      return resync(inst, log, key, seenBefore).compose(v -> messages.size() == before ? Future.succeededFuture() : fillInMeeting(inst, before))
        .andThen(r -> {
          if (inst.endedAt() != null && messages.size() > before) {
            attendanceInstance = inst.id();
          }
        });
    }));
  }

  private Future<Void> cancel() {
    return conn.preparedQuery(MeetingSql.CANCEL).execute(Tuple.of(meeting.id())).map(rows -> {
      if (rows.size() > 0) {
        messages.add(MeetingMessages.status(meeting.id(), null, "cancelled", null, null));
      }
      return null;
    });
  }

  // meeting.updated: title, start time and duration; for each field the latest update that carries it wins
  private Future<Void> details(ZoomEvent e) {
    if (e.object().getValue("start_time") instanceof String s && !s.isBlank() && parseTime(s) == null) {
      return Future.failedFuture(new ZoomEvent.BadEvent("payload.object.start_time is not an ISO-8601 time"));
    }
    return conn.preparedQuery(MeetingSql.UPDATES_APPLIED).execute(Tuple.of(meeting.zoomMeetingId())).compose(rows -> {
      List<JsonObject> updates = new ArrayList<>();
      rows.forEach(r -> updates.add(r.getJsonObject("body")));
      JsonObject current = new JsonObject().put("event_ts", e.eventTs()).put("payload", new JsonObject().put("object", e.object()));
      if (batch != null) {
        updates.addAll(batch.updates);
        batch.updates.add(current);
      }
      updates.add(current);
      updates.sort(Comparator.comparingLong(b -> b.getValue("event_ts") instanceof Number n ? n.longValue() : 0L));
      String title = null;
      OffsetDateTime start = null;
      Integer duration = null;
      for (JsonObject u : updates) {
        JsonObject o = Envelope.objectOf(u);
        if (o == null) {
          continue;
        }
        if (o.getValue("topic") instanceof String t && !t.isBlank()) {
          title = t;
        }
        if (o.getValue("start_time") instanceof String s && parseTime(s) != null) {
          start = parseTime(s);
        }
        if (o.getValue("duration") instanceof Number d) {
          duration = d.intValue();
        }
      }
      return conn.preparedQuery(MeetingSql.SET_DETAILS).execute(Tuple.of(meeting.id(), title, start, duration)).mapEmpty();
    });
  }

  private static OffsetDateTime parseTime(String s) {
    try {
      return OffsetDateTime.parse(s.trim());
    } catch (java.time.format.DateTimeParseException ex) {
      return null;
    }
  }

  /** The occurrence's row, created on its first event; read once, then kept by the actor (its only writer). */
  private Future<Instance> instance(String zoomUuid) {
    Instance known = logs.instance(zoomUuid);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return conn.preparedQuery(MeetingSql.UPSERT_INSTANCE).execute(Tuple.of(meeting.id(), zoomUuid)).map(rows -> {
      Row r = rows.iterator().next();
      Instance inst = new Instance(r.getUUID("id"), MeetingMessages.instant(r.getOffsetDateTime("started_at")),
        MeetingMessages.instant(r.getOffsetDateTime("ended_at")));
      logs.keep(zoomUuid, inst);
      return inst;
    });
  }

  /** Derives the meeting's status from its latest occurrence; publishes when it or the occurrence's times changed. */
  private Future<Void> status(Instance inst, boolean occurrenceChanged) {
    return conn.preparedQuery(MeetingSql.STATUS).execute(Tuple.of(meeting.id())).compose(rows -> {
      Row r = rows.iterator().next();
      String current = r.getString("status");
      String derived = r.getString("derived");
      boolean change = derived != null && !"cancelled".equals(current) && !derived.equals(current);
      String now = change ? derived : current;
      if (change || occurrenceChanged) {
        messages.add(MeetingMessages.status(meeting.id(), inst.id(), now, inst.startedAt(), inst.endedAt()));
      }
      return change ? conn.preparedQuery(MeetingSql.SET_STATUS).execute(Tuple.of(meeting.id(), now)).mapEmpty()
        : Future.succeededFuture();
    });
  }

  private Future<Void> resyncAll(Instance inst, InstanceLog log) {
    int before = messages.size();
    Future<Void> chain = Future.succeededFuture();
    for (String key : List.copyOf(log.keys())) {
      chain = chain.compose(v -> resync(inst, log, key, true));
    }
    return chain.compose(v -> messages.size() == before ? Future.succeededFuture() : fillInMeeting(inst, before));
  }

  /** Makes one participant's stored sessions equal the pairing of everything known about them. */
  private Future<Void> resync(Instance inst, InstanceLog log, String key, boolean mayHaveRows) {
    List<Session> computed = log.sessions(key, inst.endedAt());
    Future<List<Row>> read = !mayHaveRows ? Future.succeededFuture(List.of())
      : conn.preparedQuery(MeetingSql.SESSIONS_OF_KEY).execute(Tuple.of(inst.id(), key)).map(rows -> {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
      });
    return read.compose(rows -> {
      List<SessionDiff.Stored> stored = new ArrayList<>();
      UUID userId = null;
      for (Row r : rows) {
        stored.add(new SessionDiff.Stored(r.getUUID("id"), new Session(
          MeetingMessages.instant(r.getOffsetDateTime("join_time")), MeetingMessages.instant(r.getOffsetDateTime("leave_time")))));
        if (userId == null) {
          userId = r.getUUID("user_id");
        }
      }
      SessionDiff.Plan plan = SessionDiff.plan(stored, computed);
      if (plan.isEmpty()) {
        return Future.succeededFuture();
      }
      Future<UUID> user = userId != null || plan.inserts().isEmpty() ? Future.succeededFuture(userId) : match(log.latest(key));
      return user.compose(uid -> write(inst, log, key, plan, uid));
    });
  }

  private Future<Void> write(Instance inst, InstanceLog log, String key, SessionDiff.Plan plan, UUID userId) {
    Future<Void> chain = Future.succeededFuture();
    for (SessionDiff.Update u : plan.updates()) {
      Participant p = log.describe(key, u.after());
      chain = chain.compose(v -> conn.preparedQuery(MeetingSql.UPDATE_SESSION).execute(Tuple.of(u.id(),
          utc(u.after().join()), utc(u.after().leave()), (int) u.after().seconds(), state(u.after()), p.name(), p.email()))
        .map(r -> {
          messages.add(MeetingMessages.participant(meeting.id(), u.id(), p.name(), userId, u.after()));
          return null;
        }));
    }
    for (Session s : plan.inserts()) {
      Participant p = log.describe(key, s);
      chain = chain.compose(v -> conn.preparedQuery(MeetingSql.INSERT_SESSION).execute(Tuple.from(new Object[]{
          meeting.id(), inst.id(), userId, p.zoomId(), p.participantUuid(), key, p.name(), p.email(),
          utc(s.join()), utc(s.leave()), (int) s.seconds(), state(s)}))
        .map(rows -> {
          messages.add(MeetingMessages.participant(meeting.id(), rows.iterator().next().getUUID("id"), p.name(), userId, s));
          return null;
        }));
    }
    for (SessionDiff.Stored gone : plan.deletes()) {
      // two rows became one (a join that arrived late paired with a leave another row held): the browser drops it
      Participant p = log.latest(key);
      Session closed = new Session(gone.session().join(),
        gone.session().leave() != null ? gone.session().leave() : gone.session().join());
      chain = chain.compose(v -> conn.preparedQuery(MeetingSql.DELETE_SESSION).execute(Tuple.of(gone.id())).map(r -> {
        messages.add(MeetingMessages.participant(meeting.id(), gone.id(), p.name(), userId, closed));
        return null;
      }));
    }
    return chain;
  }

  private Future<UUID> match(Participant p) {
    return conn.preparedQuery(MeetingSql.MATCH_USER)
      .execute(Tuple.of(asUuid(p.customerKey()), p.email() == null ? "" : p.email(), meeting.classId(), p.name()))
      .map(rows -> rows.iterator().next().getUUID("user_id"));
  }

  /** Sets {@code inMeeting} (distinct people in the occurrence now) on the participant messages added since {@code from}. */
  private Future<Void> fillInMeeting(Instance inst, int from) {
    if (batch != null) {
      batch.countLater.computeIfAbsent(inst.id(), k -> new ArrayList<>()).addAll(messages.subList(from, messages.size()));
      return Future.succeededFuture();
    }
    return fillInMeeting(conn, inst.id(), messages.subList(from, messages.size()));
  }

  /** Sets {@code inMeeting}, the distinct people in the occurrence now, on its participant messages. */
  static Future<Void> fillInMeeting(SqlConnection conn, UUID instanceId, List<Message> messages) {
    return conn.preparedQuery(MeetingSql.IN_MEETING).execute(Tuple.of(instanceId)).map((RowSet<Row> rows) -> {
      long n = rows.iterator().next().getLong("n");
      for (Message m : messages) {
        if (m.body().containsKey("participant")) {
          m.body().put("inMeeting", n);
        }
      }
      return null;
    });
  }

  /** A customer_key that is a user id, as a uuid (so the lookup is one index probe); null for anything else. */
  private static UUID asUuid(String customerKey) {
    if (customerKey == null || customerKey.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(customerKey);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String state(Session s) {
    return s.open() ? "joined" : "left";
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : (a.isBefore(b) ? a : b);
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : (a.isAfter(b) ? a : b);
  }
}
