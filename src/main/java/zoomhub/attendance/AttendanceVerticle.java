package zoomhub.attendance;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.Addresses;
import zoomhub.Metrics;
import zoomhub.attendance.AttendanceStore.Finalized;
import zoomhub.config.ConfigKeys;
import zoomhub.db.Database;
import zoomhub.db.DbTarget;

import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns join sessions into class attendance (SPEC section 4) when the meeting actor says an occurrence ended or
 * changed after it ended: {@code {"meetingId","instanceId"}} on {@link Addresses#ATTENDANCE_RECOMPUTE}. One meeting's
 * recomputes run one at a time, in arrival order, on this verticle's event loop (a row lock on the class orders them
 * across meetings); each publishes {@code attendance.finalized} after its commit, and only if it changed a row. A
 * request that asks for a reply gets {@code {"changed"}} once its recompute is done.
 */
public final class AttendanceVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(AttendanceVerticle.class);
  /** A recompute that fails is tried this many times in all (it is idempotent), waiting 1, 2, 4 ... seconds. */
  private static final int ATTEMPTS = 4;

  private final DbTarget target;
  private final Map<UUID, Deque<Message<JsonObject>>> queues = new HashMap<>();
  private Pool pool;
  private AttendanceStore store;

  public AttendanceVerticle(DbTarget target) {
    this.target = target;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, target, config().getInteger(ConfigKeys.DB_POOL_SIZE, 16), "attendance");
    AttendanceRule rule = new AttendanceRule(config().getInteger(ConfigKeys.ATTENDANCE_PRESENT_MINUTES, 15),
      config().getInteger(ConfigKeys.ATTENDANCE_LATE_MINUTES, 0));
    ZoneId school = ZoneId.of(config().getString(ConfigKeys.SCHOOL_TIMEZONE, "UTC"));
    store = new AttendanceStore(pool, rule, school);
    return vertx.eventBus().<JsonObject>consumer(Addresses.ATTENDANCE_RECOMPUTE, this::enqueue).completion()
      .onSuccess(v -> resumeDue());
  }

  /** Recomputes requested before a crash are run again (the request is stored with the change that caused it). */
  private void resumeDue() {
    store.due().onSuccess(due -> {
      if (!due.isEmpty()) {
        log.info("Resuming {} attendance recompute(s) left undone", due.size());
      }
      due.forEach(d -> vertx.eventBus().send(Addresses.ATTENDANCE_RECOMPUTE,
        new JsonObject().put("meetingId", d[0].toString()).put("instanceId", d[1].toString())));
    }).onFailure(err -> log.warn("Could not look for attendance recomputes left undone: {}", err.toString()));
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }

  private void enqueue(Message<JsonObject> msg) {
    UUID meetingId = uuid(msg.body(), "meetingId");
    UUID instanceId = uuid(msg.body(), "instanceId");
    if (meetingId == null || instanceId == null) {
      log.warn("Attendance recompute refused: meetingId and instanceId must be uuids (meetingId {})",
        msg.body() == null ? null : msg.body().getValue("meetingId"));
      msg.fail(400, "meetingId and instanceId must be uuids");
      return;
    }
    Deque<Message<JsonObject>> queue = queues.computeIfAbsent(meetingId, id -> new ArrayDeque<>());
    queue.add(msg);
    if (queue.size() == 1) {
      runHead(meetingId, queue);
    }
  }

  /** Runs the oldest request of the meeting's queue, then the next one, until the queue is empty. */
  private void runHead(UUID meetingId, Deque<Message<JsonObject>> queue) {
    Message<JsonObject> msg = queue.peek();
    attempt(meetingId, uuid(msg.body(), "instanceId"), 1).onComplete(done -> {
      Metrics.count("zoomhub.attendance.recomputes", "result",
        done.failed() ? "failed" : done.result() != null ? "changed" : "unchanged");
      if (done.succeeded()) {
        msg.reply(new JsonObject().put("changed", done.result() != null));
      } else {
        msg.fail(500, "attendance could not be computed: " + done.cause().getMessage());
      }
      queue.poll();
      if (queue.isEmpty()) {
        queues.remove(meetingId);
      } else {
        runHead(meetingId, queue);
      }
    });
  }

  private Future<Finalized> attempt(UUID meetingId, UUID instanceId, int attempt) {
    return store.recompute(meetingId, instanceId)
      .onSuccess(finalized -> publish(meetingId, finalized))
      .recover(err -> {
        if (attempt >= ATTEMPTS) {
          log.error("Meeting {}: attendance of occurrence {} could not be computed", meetingId, instanceId, err);
          return Future.failedFuture(err);
        }
        long delay = 1_000L << (attempt - 1);
        log.warn("Meeting {}: attendance of occurrence {} failed ({}); trying again in {} ms",
          meetingId, instanceId, err.toString(), delay);
        Promise<Finalized> retried = Promise.promise();
        vertx.setTimer(delay, t -> attempt(meetingId, instanceId, attempt + 1).onComplete(retried));
        return retried.future();
      });
  }

  private void publish(UUID meetingId, Finalized finalized) {
    if (finalized == null) {
      log.debug("Meeting {}: attendance unchanged", meetingId);
      return;
    }
    log.info("Meeting {}: attendance of class {} on {}: {} row(s) changed, published as seq {}", meetingId,
      finalized.classId(), finalized.date(), finalized.changed(), finalized.message().getLong("seq"));
    vertx.eventBus().publish(Addresses.attendance(meetingId), finalized.message());
  }

  private static UUID uuid(JsonObject body, String field) {
    if (body == null || !(body.getValue(field) instanceof String s)) {
      return null;
    }
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
