package zoomhub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.Map;

/**
 * One actor's occurrence logs and occurrence rows, each loaded from the database the first time the actor needs it.
 * An applying transaction that fails makes the actor forget what it touched (see {@link #forget}).
 */
final class InstanceLogs {
  private final Map<String, InstanceLog> byUuid = new HashMap<>();
  private final Map<String, EventApplier.Instance> instances = new HashMap<>();

  EventApplier.Instance instance(String zoomUuid) {
    return instances.get(zoomUuid);
  }

  void keep(String zoomUuid, EventApplier.Instance instance) {
    instances.put(zoomUuid, instance);
  }

  Future<InstanceLog> load(SqlConnection conn, String zoomUuid) {
    InstanceLog cached = byUuid.get(zoomUuid);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return conn.preparedQuery(MeetingSql.INSTANCE_LOG).execute(Tuple.of(zoomUuid)).map(rows -> {
      InstanceLog log = new InstanceLog();
      for (Row row : rows) {
        JsonObject body = row.getJsonObject("body");
        try {
          ZoomEvent applied = ZoomEvent.parse(body);
          if (applied.participant() != null) {
            log.add(applied.participant());
          }
        } catch (ZoomEvent.BadEvent e) {
          // a processed row parsed once; it cannot turn bad, but a bad one must not stop the others
        }
      }
      byUuid.put(zoomUuid, log);
      return log;
    });
  }

  /** Forgets an occurrence whose in-memory log may hold an event that did not commit. */
  void forget(String zoomUuid) {
    if (zoomUuid != null) {
      byUuid.remove(zoomUuid);
      instances.remove(zoomUuid);
    }
  }

  void clear() {
    byUuid.clear();
    instances.clear();
  }
}
