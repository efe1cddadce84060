package zoomhub.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import zoomhub.Addresses;
import zoomhub.access.AsUser;

import java.util.Set;

/**
 * Admins look at the inbox and retry what failed: {@code GET /api/admin/webhook-events?state=failed&before=<id>&limit=}
 * and {@code POST /api/admin/webhook-events/{id}/retry}. Never the bodies: they carry pupils' names and emails.
 */
final class InboxAdminApi {
  private static final Set<String> STATES = Set.of("pending", "processed", "ignored", "unmatched", "failed");
  private static final String IS_ADMIN = "SELECT app.is_admin() AS admin";
  private static final String LIST = """
    SELECT id, received_at, event, zoom_meeting_id, state, attempts, processed_at, error FROM webhook_events
    WHERE state = $1 AND id < $2 ORDER BY id DESC LIMIT $3""";
  private static final String RETRY = """
    UPDATE webhook_events SET state = 'pending', error = NULL, processed_at = NULL
    WHERE id = $1 AND state IN ('failed', 'unmatched') RETURNING zoom_meeting_id""";
  private static final String EXISTS = "SELECT state FROM webhook_events WHERE id = $1";

  private final Vertx vertx;
  private final Pool pool;

  InboxAdminApi(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  void mount(Router router) {
    router.get("/api/admin/webhook-events").handler(this::list);
    router.post("/api/admin/webhook-events/:id/retry").handler(this::retry);
  }

  /** The rules say who is an admin; the inbox itself is the hub's, read as its owner once that is settled. */
  private Future<Void> admin(RoutingContext ctx) {
    return AsUser.run(pool, ApiRoutes.principal(ctx), conn -> conn.query(IS_ADMIN).execute())
      .compose(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean("admin")) ? Future.succeededFuture()
        : Future.failedFuture(ApiError.forbidden("only admins may look at the webhook inbox")));
  }

  private void list(RoutingContext ctx) {
    String state = ctx.queryParams().get("state") == null ? "failed" : ctx.queryParams().get("state");
    if (!STATES.contains(state)) {
      throw ApiError.invalid("state", "must be one of " + String.join(", ", new java.util.TreeSet<>(STATES)));
    }
    long before = number(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    int limit = (int) number(ctx, "limit", 50, 1, 200);
    ApiRoutes.answer(ctx, 200, admin(ctx).compose(v -> pool.preparedQuery(LIST).execute(Tuple.of(state, before, limit)))
      .map(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(r -> items.add(new JsonObject().put("id", r.getLong("id"))
          .put("receivedAt", Rows.time(r.getOffsetDateTime("received_at"))).put("event", r.getString("event"))
          .put("zoomMeetingId", r.getString("zoom_meeting_id")).put("state", r.getString("state"))
          .put("attempts", r.getInteger("attempts")).put("processedAt", Rows.time(r.getOffsetDateTime("processed_at")))
          .put("error", r.getString("error"))));
        return new JsonObject().put("items", items);
      }));
  }

  private void retry(RoutingContext ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiError.notFound("webhook event");
    }
    ApiRoutes.answer(ctx, 200, admin(ctx).compose(v -> pool.preparedQuery(RETRY).execute(Tuple.of(id)))
      .compose(rows -> {
        if (rows.size() > 0) {
          String zoomMeetingId = rows.iterator().next().getString("zoom_meeting_id");
          vertx.eventBus().send(Addresses.MEETING_DISPATCH, new JsonObject().put("zoomMeetingId", zoomMeetingId));
          return Future.succeededFuture(new JsonObject().put("id", id).put("state", "pending"));
        }
        return pool.preparedQuery(EXISTS).execute(Tuple.of(id)).compose(found -> found.size() == 0
          ? Future.failedFuture(ApiError.notFound("webhook event"))
          : Future.failedFuture(ApiError.conflict("only failed or unmatched events can be retried; this one is "
            + found.iterator().next().getString("state"))));
      }));
  }

  private static long number(RoutingContext ctx, String name, long otherwise, long min, long max) {
    String v = ctx.queryParams().get(name);
    if (v == null) {
      return otherwise;
    }
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.invalid(name, "must be a whole number from " + min + " to " + max);
    }
  }
}
