package zoomhub.webhook;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** The durable inbox, {@code webhook_events}: one row per distinct body, written before Zoom gets its 200. */
final class Inbox {
  /** How a stored event starts its life; MATCH lets the database decide between pending and unmatched. */
  enum Initial { MATCH, IGNORED, FAILED }

  /** The row for a new body, or {@code duplicate} when this exact body was stored before. */
  record Stored(boolean duplicate, long id, String state) {
  }

  private static final String INSERT = """
    INSERT INTO webhook_events (event, zoom_meeting_id, zoom_uuid, body, body_sha256, state, error, processed_at)
    SELECT $1, $2, $3, $4, $5, s.state, $7, CASE WHEN s.state = 'pending' THEN NULL ELSE now() END
    FROM (SELECT CASE WHEN $6::text <> 'match' THEN $6::text
                      WHEN EXISTS (SELECT 1 FROM zoom_meetings m WHERE m.zoom_meeting_id = $2::text) THEN 'pending'
                      ELSE 'unmatched' END AS state) s
    ON CONFLICT (body_sha256) DO NOTHING
    RETURNING id, state""";

  private final Pool pool;

  Inbox(Pool pool) {
    this.pool = pool;
  }

  Future<Stored> store(Envelope envelope, String sha256, Initial initial, String error) {
    Tuple args = Tuple.of(envelope.event(), envelope.zoomMeetingId(), envelope.zoomUuid(), envelope.body(), sha256,
      initial.name().toLowerCase(), error);
    return pool.preparedQuery(INSERT).execute(args).map(rows -> {
      if (rows.size() == 0) {
        return new Stored(true, -1, null);
      }
      Row row = rows.iterator().next();
      return new Stored(false, row.getLong("id"), row.getString("state"));
    });
  }
}
