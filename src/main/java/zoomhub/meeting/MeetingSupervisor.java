package zoomhub.meeting;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.Addresses;
import zoomhub.Metrics;
import zoomhub.config.ConfigKeys;
import zoomhub.db.Database;
import zoomhub.db.DbTarget;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one {@link MeetingActor} per active Zoom meeting: wakes it when the webhook endpoint stores an event, retires
 * it when idle, and at start (and then periodically) wakes every meeting that still has pending inbox rows, so that
 * nothing a crash or a lost message left behind stays unapplied.
 */
public final class MeetingSupervisor extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(MeetingSupervisor.class);

  private final DbTarget target;
  private final Map<String, MeetingActor> actors = new HashMap<>();
  private Pool pool;
  private volatile long pending;
  private volatile long failed;

  public MeetingSupervisor(DbTarget target) {
    this.target = target;
  }

  /**
   * Transactions applying events at once. Measured (BENCHMARKS.md): 4 did better than 16 on two cores (faster
   * acknowledgements and live delivery, as many events applied): fewer transactions compete, and each actor finds
   * more events waiting and applies them in one transaction.
   */
  private static final int ACTOR_CONNECTIONS = 4;

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, target, ACTOR_CONNECTIONS, "actors");
    long idleNanos = TimeUnit.SECONDS.toNanos(config().getInteger(ConfigKeys.MEETING_ACTOR_IDLE_SECONDS, 300));
    long sweepMs = TimeUnit.SECONDS.toMillis(config().getInteger(ConfigKeys.INBOX_SWEEP_SECONDS, 10));
    Metrics.gauge("zoomhub.meeting.actors", actors::size);
    Metrics.gauge("zoomhub.inbox.events", () -> pending, "state", "pending");
    Metrics.gauge("zoomhub.inbox.events", () -> failed, "state", "failed");
    vertx.setPeriodic(sweepMs, sweepMs, t -> {
      actors.values().removeIf(a -> a.idleLongerThan(idleNanos));
      wakePending();
      countInbox();
    });
    return vertx.eventBus().<JsonObject>consumer(Addresses.MEETING_DISPATCH, this::dispatch).completion()
      .onSuccess(v -> wakePending());
  }

  @Override
  public Future<?> stop() {
    // the event an actor is applying finishes (or, past the grace time, rolls back and stays pending for the restart)
    actors.values().forEach(MeetingActor::stop);
    io.vertx.core.Promise<Void> drained = io.vertx.core.Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    vertx.setPeriodic(1, 50, t -> {
      if (actors.values().stream().noneMatch(MeetingActor::busy) || System.nanoTime() > deadline) {
        vertx.cancelTimer(t);
        drained.complete();
      }
    });
    return drained.future().compose(v -> pool.close());
  }

  private void dispatch(Message<JsonObject> msg) {
    String zoomMeetingId = msg.body().getString("zoomMeetingId");
    if (zoomMeetingId != null) {
      actorFor(zoomMeetingId).wake();
    }
  }

  private MeetingActor actorFor(String zoomMeetingId) {
    return actors.computeIfAbsent(zoomMeetingId, id -> new MeetingActor(vertx, pool, id));
  }

  private void wakePending() {
    pool.query(MeetingSql.PENDING_MEETINGS).execute()
      .onSuccess(rows -> rows.forEach(r -> actorFor(r.getString("zoom_meeting_id")).wake()))
      .onFailure(err -> log.warn("Could not look for pending inbox rows: {}", err.toString()));
  }

  private void countInbox() {
    pool.query(MeetingSql.INBOX_COUNTS).execute().onSuccess(rows -> {
      long p = 0;
      long f = 0;
      for (var r : rows) {
        if ("pending".equals(r.getString("state"))) {
          p = r.getLong("n");
        } else {
          f = r.getLong("n");
        }
      }
      pending = p;
      failed = f;
    });
  }

  /** For tests and metrics: how many actors are alive now. */
  int actorCount() {
    return actors.size();
  }
}
