package zoomhub.meeting;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Tells a passing fault (retry the event later) from one that retrying cannot mend (mark the event failed). */
final class Failures {
  private Failures() {
  }

  static boolean isTransient(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof PgException pg) {
        String state = pg.getSqlState() == null ? "" : pg.getSqlState();
        // connection, resources, operator intervention, serialization/deadlock
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.startsWith("40");
      }
      if (t instanceof IOException || t instanceof TimeoutException || t instanceof VertxException) {
        return true;
      }
    }
    return false;
  }
}
