package zoomhub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.Map;

/** One actor's occurrence logs, each loaded from the database the first time the actor needs it. */
final class InstanceLogs {
  private final Map<String, InstanceLog> byUuid = new HashMap<>();

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
    }
  }

  void clear() {
    byUuid.clear();
  }
}
