package zoomhub.webhook;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable inbox, {@code webhook_events}: one row per distinct body, written before Zoom gets its 200.
 * <p>
 * Bodies that arrive while a write is under way wait for it and then go together, in one INSERT (one commit, one
 * WAL flush): under load the batches grow by themselves, and a lone webhook is written at once, never held back by a
 * timer. Each request still gets its own answer. Used from one event loop (its verticle's), so it needs no locks.
 */
final class Inbox {
  /** How a stored event starts its life; MATCH lets the database decide between pending and unmatched. */
  enum Initial { MATCH, IGNORED, FAILED }

  /** The row for a new body, or {@code duplicate} when this exact body was stored before. */
  record Stored(boolean duplicate, long id, String state) {
  }

  private record Item(Envelope envelope, String raw, String sha256, Initial initial, String error, Promise<Stored> done) {
  }

  /** Writes under way at once from one verticle; more would only queue in the pool. */
  private static final int MAX_IN_FLIGHT = 2;
  /** The most bodies in one INSERT (256 KiB each at most: a batch stays far below the protocol's limits). */
  private static final int MAX_BATCH = 256;

  private static final String STATE = """
    CASE WHEN e.initial <> 'match' THEN e.initial
         WHEN EXISTS (SELECT 1 FROM zoom_meetings m WHERE m.zoom_meeting_id = e.meeting) THEN 'pending'
         ELSE 'unmatched' END""";

  private static final String INSERT = """
    INSERT INTO webhook_events (event, zoom_meeting_id, zoom_uuid, body, body_sha256, state, error, processed_at)
    SELECT e.event, e.meeting, e.uuid, e.body::jsonb, e.sha, s.state, e.error,
           CASE WHEN s.state = 'pending' THEN NULL ELSE now() END
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         WITH ORDINALITY AS e(event, meeting, uuid, body, sha, initial, error, n)
    CROSS JOIN LATERAL (SELECT %s AS state) s
    ORDER BY e.n
    ON CONFLICT (body_sha256) DO NOTHING
    RETURNING id, state, body_sha256""".formatted(STATE);

  private final Pool pool;
  private final ArrayDeque<Item> waiting = new ArrayDeque<>();
  private int inFlight;

  Inbox(Pool pool) {
    this.pool = pool;
  }

  /** Stores the body (its raw text, which the database keeps as jsonb) unless this exact body is stored already. */
  Future<Stored> store(Envelope envelope, String raw, String sha256, Initial initial, String error) {
    Promise<Stored> done = Promise.promise();
    waiting.add(new Item(envelope, raw, sha256, initial, error, done));
    flush();
    return done.future();
  }

  private void flush() {
    while (inFlight < MAX_IN_FLIGHT && !waiting.isEmpty()) {
      List<Item> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
      while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
        batch.add(waiting.poll());
      }
      inFlight++;
      write(batch).onComplete(r -> {
        inFlight--;
        flush();
      });
    }
  }

  /** One INSERT for the whole batch (a lone body is a batch of one). */
  private Future<Void> write(List<Item> batch) {
    String[][] columns = new String[7][batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      Item item = batch.get(i);
      String[] row = {item.envelope().event(), item.envelope().zoomMeetingId(), item.envelope().zoomUuid(), item.raw(),
        item.sha256(), item.initial().name().toLowerCase(), item.error()};
      for (int c = 0; c < 7; c++) {
        columns[c][i] = row[c];
      }
    }
    return insert(Tuple.of(columns[0], columns[1], columns[2], columns[3], columns[4], columns[5], columns[6]))
      .compose(rows -> {
        settle(batch, rows, null);
        return Future.<Void>succeededFuture();
      }, err -> {
        if (batch.size() > 1 && err instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
          // one body the database refuses (a \u0000 escape, say) must not cost the others: each on its own
          return Future.join(batch.stream().map(item -> write(List.of(item))).toList()).mapEmpty();
        }
        settle(batch, null, err);
        return Future.succeededFuture();
      });
  }

  private Future<Map<String, Stored>> insert(Tuple args) {
    return pool.preparedQuery(INSERT).execute(args).map(rows -> {
      Map<String, Stored> bySha = new HashMap<>();
      for (Row row : rows) {
        bySha.put(row.getString("body_sha256"), new Stored(false, row.getLong("id"), row.getString("state")));
      }
      return bySha;
    });
  }

  /** Answers every request of the batch: its new row, else a duplicate (of an older row or of an earlier twin). */
  private static void settle(List<Item> batch, Map<String, Stored> stored, Throwable failure) {
    Set<String> answered = new HashSet<>();
    for (Item item : batch) {
      if (failure != null) {
        item.done().tryFail(failure);
      } else {
        Stored row = stored.get(item.sha256());
        item.done().tryComplete(row != null && answered.add(item.sha256()) ? row : new Stored(true, -1, null));
      }
    }
  }
}
