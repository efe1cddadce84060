package zoomhub.meeting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.Addresses;
import zoomhub.meeting.MeetingMessages.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One Zoom meeting's actor: applies that meeting's pending inbox rows in order, those waiting together in one
 * transaction, then publishes what changed. The inbox table is its mailbox; {@link #wake()} only says "look again". It lives on
 * the supervisor's event loop, so its fields need no locking.
 */
final class MeetingActor {
  /** The hub's row for the Zoom meeting. */
  record MeetingRef(UUID id, String zoomMeetingId, UUID classId) {
  }

  private static final int BATCH = 64;
  private static final long MAX_BACKOFF_MS = 30_000;
  private static final Logger log = LoggerFactory.getLogger(MeetingActor.class);

  private final Vertx vertx;
  private final Pool pool;
  private final String zoomMeetingId;
  private final InstanceLogs logs = new InstanceLogs();
  private MeetingRef meeting;
  private boolean running;
  private boolean stopped;
  private boolean wokenWhileRunning;
  private int failures;
  private long lastActive = System.nanoTime();

  MeetingActor(Vertx vertx, Pool pool, String zoomMeetingId) {
    this.vertx = vertx;
    this.pool = pool;
    this.zoomMeetingId = zoomMeetingId;
  }

  /** Stops starting new work; what is under way finishes (see {@link #busy()}). */
  void stop() {
    stopped = true;
  }

  boolean busy() {
    return running;
  }

  void wake() {
    if (stopped) {
      return;
    }
    lastActive = System.nanoTime();
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    running = true;
    drain();
  }

  boolean idleLongerThan(long nanos) {
    return !running && System.nanoTime() - lastActive > nanos;
  }

  private void drain() {
    wokenWhileRunning = false;
    meeting().compose(m -> m == null ? unmatched() : applyWaiting())
      .onSuccess(applied -> {
        failures = 0;
        lastActive = System.nanoTime();
        if (!stopped && (wokenWhileRunning || applied == BATCH)) {
          drain();
        } else {
          running = false;
        }
      })
      .onFailure(err -> {
        running = false;
        failures++;
        long delay = Math.min(MAX_BACKOFF_MS, 500L << Math.min(failures, 6));
        log.warn("Meeting {}: applying events paused ({}); trying again in {} ms", zoomMeetingId, err.toString(), delay);
        vertx.setTimer(delay, t -> wake());
      });
  }

  /** The meeting's row, read when the actor starts (and again while there is none). */
  private Future<MeetingRef> meeting() {
    if (meeting != null) {
      return Future.succeededFuture(meeting);
    }
    return pool.preparedQuery(MeetingSql.FIND_MEETING).execute(Tuple.of(zoomMeetingId)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      meeting = new MeetingRef(r.getUUID("id"), zoomMeetingId, r.getUUID("class_id"));
      return meeting;
    });
  }

  private Future<Integer> unmatched() {
    return pool.preparedQuery(MeetingSql.MARK_UNMATCHED).execute(Tuple.of(zoomMeetingId)).map(rows -> {
      if (rows.rowCount() > 0) {
        log.info("Meeting {}: no zoom_meetings row; {} event(s) marked unmatched", zoomMeetingId, rows.rowCount());
      }
      return 0;
    });
  }

  private record Pending(long id, JsonObject body) {
  }

  /** A row of the batch cannot be parsed: the batch goes one row at a time, so that row alone is set aside. */
  private static final class OneAtATime extends RuntimeException {
    OneAtATime() {
      super("a row of the batch is malformed", null, false, false);
    }
  }

  /**
   * Takes the meeting's waiting rows (locked, in order) and applies them together in one transaction: one commit for
   * a burst of joins, not one each. If that fails for any reason but an unreachable database, the same rows go one
   * at a time, so a bad row is set aside alone. Publishes after the commit.
   */
  private Future<Integer> applyWaiting() {
    List<Pending> taken = new ArrayList<>();
    List<ZoomEvent> events = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    java.util.Set<UUID> attendance = new java.util.LinkedHashSet<>();
    // the people in each occurrence are counted once, after the batch, for all its participant messages
    EventApplier.Batch batch = new EventApplier.Batch();
    return pool.withTransaction(conn -> conn.preparedQuery(MeetingSql.TAKE_PENDING).execute(Tuple.of(zoomMeetingId, BATCH))
        .compose(rows -> {
          rows.forEach(r -> taken.add(new Pending(r.getLong("id"), r.getJsonObject("body"))));
          if (taken.isEmpty()) {
            return Future.<Void>succeededFuture(); // woken for rows another drain already applied
          }
          for (Pending row : taken) {
            try {
              events.add(ZoomEvent.parse(row.body()));
            } catch (ZoomEvent.BadEvent bad) {
              return Future.failedFuture(new OneAtATime());
            }
          }
          Future<Void> chain = Future.succeededFuture();
          for (ZoomEvent event : events) {
            chain = chain.compose(v -> new EventApplier(conn, meeting, logs, batch).apply(event).map(outcome -> {
              messages.addAll(outcome.messages());
              if (outcome.attendanceInstance() != null) {
                attendance.add(outcome.attendanceInstance());
              }
              return null;
            }));
          }
          Long[] ids = taken.stream().map(Pending::id).toArray(Long[]::new);
          // what the events left to do is known only once they are applied: built after them, not before
          return chain.compose(v -> afterTheEvents(conn, batch.countLater, attendance))
            .compose(v -> numberAndMark(conn, messages, ids));
        }))
      .onSuccess(v -> {
        publish(new EventApplier.Outcome(messages, null));
        attendance.forEach(instance -> publish(new EventApplier.Outcome(List.of(), instance)));
      })
      .map(v -> taken.size())
      .recover(err -> {
        events.forEach(e -> logs.forget(e.zoomUuid()));
        if (taken.isEmpty() || Failures.isTransient(err)) {
          return Future.failedFuture(err);
        }
        log.debug("Meeting {}: a batch of {} failed ({}); applying its events one at a time", zoomMeetingId, taken.size(),
          err.toString());
        return oneByOne(taken);
      });
  }

  /** Counts the people once per occurrence touched, and asks for the attendance of the ended ones that changed. */
  private static Future<Void> afterTheEvents(io.vertx.sqlclient.SqlConnection conn, java.util.Map<UUID, List<Message>> countLater,
                                             java.util.Set<UUID> attendance) {
    Future<Void> chain = Future.succeededFuture();
    for (var counted : countLater.entrySet()) {
      chain = chain.compose(v -> EventApplier.fillInMeeting(conn, counted.getKey(), counted.getValue()));
    }
    for (UUID instance : attendance) {
      chain = chain.compose(v -> conn.preparedQuery(MeetingSql.REQUEST_ATTENDANCE).execute(Tuple.of(instance)).mapEmpty());
    }
    return chain;
  }

  /** Numbers the messages in the meeting's sequence and marks the rows processed: one statement. */
  private Future<Void> numberAndMark(io.vertx.sqlclient.SqlConnection conn, List<Message> messages, Long[] ids) {
    if (messages.isEmpty()) {
      return conn.preparedQuery(MeetingSql.MARK_ALL_PROCESSED).execute(Tuple.of(ids)).mapEmpty();
    }
    int n = messages.size();
    return conn.preparedQuery(MeetingSql.MARK_ALL_PROCESSED_AND_NUMBER).execute(Tuple.of(ids, meeting.id(), n)).map(rows -> {
      long seq = rows.iterator().next().getLong("seq") - n + 1;
      for (Message m : messages) {
        m.body().put("seq", seq++);
      }
      return null;
    });
  }

  private Future<Integer> oneByOne(List<Pending> rows) {
    Future<Void> chain = Future.succeededFuture();
    for (Pending row : rows) {
      chain = chain.compose(v -> applyOne(row));
    }
    return chain.map(v -> rows.size());
  }

  private Future<Void> applyOne(Pending row) {
    ZoomEvent event;
    try {
      event = ZoomEvent.parse(row.body());
    } catch (ZoomEvent.BadEvent bad) {
      return fail(row, bad.getMessage());
    }
    return pool.withTransaction(conn -> conn.preparedQuery(MeetingSql.CLAIM).execute(Tuple.of(row.id()))
        .compose(claimed -> {
          if (claimed.size() == 0) {
            return Future.succeededFuture(EventApplier.Outcome.none());
          }
          return new EventApplier(conn, meeting, logs).apply(event)
            .compose(outcome -> numbered(conn, outcome))
            .compose(outcome -> outcome.attendanceInstance() == null ? Future.succeededFuture(outcome)
              : conn.preparedQuery(MeetingSql.REQUEST_ATTENDANCE).execute(Tuple.of(outcome.attendanceInstance())).map(outcome))
            .compose(outcome -> conn.preparedQuery(MeetingSql.MARK_PROCESSED).execute(Tuple.of(row.id())).map(outcome));
        }))
      .onSuccess(this::publish)
      .<Void>mapEmpty()
      .recover(err -> {
        logs.forget(event.zoomUuid());
        if (err instanceof ZoomEvent.BadEvent bad) {
          return fail(row, bad.getMessage());
        }
        if (Failures.isTransient(err)) {
          return Future.failedFuture(err);
        }
        log.error("Meeting {}: {} #{} could not be applied", zoomMeetingId, event.type(), row.id(), err);
        return fail(row, "could not be applied: " + err.getMessage());
      });
  }

  /** Gives the outcome's messages their numbers in the meeting's sequence, inside the same transaction. */
  private Future<EventApplier.Outcome> numbered(io.vertx.sqlclient.SqlConnection conn, EventApplier.Outcome outcome) {
    int n = outcome.messages().size();
    if (n == 0) {
      return Future.succeededFuture(outcome);
    }
    return conn.preparedQuery(MeetingSql.NEXT_SEQ).execute(Tuple.of(meeting.id(), n)).map(rows -> {
      long last = rows.iterator().next().getLong("seq");
      long seq = last - n + 1;
      for (Message m : outcome.messages()) {
        m.body().put("seq", seq++);
      }
      return outcome;
    });
  }

  private void publish(EventApplier.Outcome outcome) {
    for (Message m : outcome.messages()) {
      vertx.eventBus().publish(m.address(), m.body());
    }
    if (outcome.attendanceInstance() != null) {
      vertx.eventBus().send(Addresses.ATTENDANCE_RECOMPUTE, new JsonObject()
        .put("meetingId", meeting.id().toString()).put("instanceId", outcome.attendanceInstance().toString()));
    }
  }

  private Future<Void> fail(Pending row, String reason) {
    log.warn("Meeting {}: event #{} failed: {}", zoomMeetingId, row.id(), reason);
    return pool.preparedQuery(MeetingSql.MARK_FAILED).execute(Tuple.of(row.id(), reason)).mapEmpty();
  }
}
