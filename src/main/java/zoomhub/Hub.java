package zoomhub;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import zoomhub.access.AccessWatcher;
import zoomhub.attendance.AttendanceVerticle;
import zoomhub.db.DbTarget;
import zoomhub.meeting.MeetingSupervisor;

/** Deploys the hub's verticles against a database that is already migrated. Used by {@link Main} and by tests. */
public final class Hub {
  private Hub() {
  }

  public static Future<Void> deploy(Vertx vertx, JsonObject conf, DbTarget target) {
    DeploymentOptions one = new DeploymentOptions().setConfig(conf);
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    // attendance first: the actors the supervisor wakes at start may already have recomputes to send it
    return vertx.deployVerticle(new AttendanceVerticle(target), one)
      .compose(id -> vertx.deployVerticle(new MeetingSupervisor(target), one))
      .compose(id -> vertx.deployVerticle(new AccessWatcher(target), one))
      .compose(id -> vertx.deployVerticle(() -> new HttpVerticle(target), new DeploymentOptions(one).setInstances(cores)))
      .mapEmpty();
  }
}
