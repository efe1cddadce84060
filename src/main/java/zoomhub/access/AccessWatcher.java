package zoomhub.access;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.Addresses;
import zoomhub.db.DbTarget;

/**
 * Listens to the database's access-change notices (triggers on users, enrollments, classes, meetings) and publishes
 * them on the event bus, where every bridge re-checks the subscriptions they touch. After a lost connection it
 * reconnects and asks for a re-check of everything, since notices sent meanwhile are gone.
 */
public final class AccessWatcher extends VerticleBase {
  public static final String CHANNEL = "zoomhub_access";
  private static final Logger log = LoggerFactory.getLogger(AccessWatcher.class);

  private final DbTarget target;
  private PgSubscriber subscriber;
  private boolean connectedBefore;
  private volatile boolean stopping;

  public AccessWatcher(DbTarget target) {
    this.target = target;
  }

  @Override
  public Future<?> start() {
    subscriber = PgSubscriber.subscriber(vertx, target.connectOptions())
      .reconnectPolicy(retries -> Math.min(5_000L, 250L * (retries + 1)));
    subscriber.channel(CHANNEL)
      .handler(payload -> {
        try {
          vertx.eventBus().publish(Addresses.ACCESS_CHANGED, new JsonObject(payload));
        } catch (RuntimeException e) {
          log.warn("Ignoring an access notice that is not JSON");
        }
      })
      .subscribeHandler(v -> {
        if (connectedBefore) {
          log.info("Access notices: listening again; re-checking every subscription");
          vertx.eventBus().publish(Addresses.ACCESS_CHANGED, new JsonObject().put("kind", "all"));
        }
        connectedBefore = true;
      });
    subscriber.closeHandler(v -> {
      if (!stopping) {
        log.warn("Access notices: connection lost, reconnecting");
      }
    });
    return subscriber.connect();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    return subscriber.close();
  }
}
