package zoomhub.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.Addresses;
import zoomhub.Metrics;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api/zoom/webhook} (SPEC section 3): verify, store durably, acknowledge, dispatch. The request path is
 * one HMAC per configured secret and one INSERT; applying the event is the meeting actor's work.
 */
public final class WebhookEndpoint {
  public static final String PATH = "/api/zoom/webhook";
  public static final int MAX_BODY_BYTES = 256 * 1024;
  public static final long MAX_CLOCK_SKEW_SECONDS = 300;
  /** Far below Zoom's 3 s: past this the store is treated as down and Zoom is asked to retry. */
  private static final long STORE_TIMEOUT_MS = 2_500;
  private static final String RETRY_AFTER_SECONDS = "30";
  private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);

  private final Vertx vertx;
  private final List<String> secrets;
  private final Inbox inbox;
  private final InvalidTrafficLimiter limiter;

  public WebhookEndpoint(Vertx vertx, Pool pool, List<String> secrets, int invalidPerIpPerSecond) {
    this.vertx = vertx;
    this.secrets = List.copyOf(secrets);
    this.inbox = new Inbox(pool);
    this.limiter = new InvalidTrafficLimiter(invalidPerIpPerSecond);
  }

  public void mount(Router router) {
    router.post(PATH)
      .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
      .handler(this::receive)
      .failureHandler(this::failure);
  }

  private void receive(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    byte[] raw = body == null ? new byte[0] : body.getBytes();
    String timestamp = ctx.request().getHeader("x-zm-request-timestamp");
    Optional<String> secret = ZoomSignature.verifyingSecret(secrets, timestamp, raw,
      ctx.request().getHeader("x-zm-signature"));
    if (secret.isEmpty()) {
      refuse(ctx, "invalid_signature");
      return;
    }
    if (!fresh(timestamp)) {
      refuse(ctx, "stale_timestamp");
      return;
    }
    Envelope envelope;
    try {
      envelope = Envelope.parse(raw);
    } catch (IllegalArgumentException e) {
      Metrics.webhook(null, "bad_request");
      reply(ctx, 400, error("bad_request", e.getMessage()));
      return;
    }
    if (ZoomEventTypes.URL_VALIDATION.equals(envelope.event())) {
      validateUrl(ctx, envelope, secret.get());
      return;
    }
    store(ctx, envelope, raw);
  }

  /** 401, or 429 once this address has sent too many requests that fail verification. */
  private void refuse(RoutingContext ctx, String why) {
    String from = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
    if (!limiter.allow(from, System.nanoTime())) {
      Metrics.webhook(null, "throttled");
      ctx.response().putHeader("Retry-After", "1");
      reply(ctx, 429, error("too_many_requests", "too many requests that fail verification from this address"));
      return;
    }
    Metrics.webhook(null, why);
    log.warn("Webhook refused: {} (from {})", why, from);
    reply(ctx, 401, new JsonObject().put("error", why));
  }

  private void validateUrl(RoutingContext ctx, Envelope envelope, String secret) {
    JsonObject payload = envelope.body().getValue("payload") instanceof JsonObject p ? p : new JsonObject();
    if (!(payload.getValue("plainToken") instanceof String plainToken) || plainToken.isEmpty()) {
      reply(ctx, 400, error("bad_request", "endpoint.url_validation has no payload.plainToken"));
      return;
    }
    log.info("Answered Zoom's endpoint.url_validation");
    Metrics.webhook(ZoomEventTypes.URL_VALIDATION, "answered");
    reply(ctx, 200, new JsonObject().put("plainToken", plainToken)
      .put("encryptedToken", ZoomSignature.encryptedToken(secret, plainToken)));
  }

  private void store(RoutingContext ctx, Envelope envelope, byte[] raw) {
    Inbox.Initial initial = Inbox.Initial.MATCH;
    String error = null;
    if (!ZoomEventTypes.HANDLED.contains(envelope.event())) {
      initial = Inbox.Initial.IGNORED;
    } else if (envelope.zoomMeetingId() == null) {
      initial = Inbox.Initial.FAILED;
      error = "payload.object.id is missing";
    }
    Future<Inbox.Stored> stored = inbox.store(envelope, new String(raw, java.nio.charset.StandardCharsets.UTF_8),
        ZoomSignature.sha256(raw), initial, error)
      .timeout(STORE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    stored.onSuccess(row -> {
      Metrics.webhook(envelope.event(), row.duplicate() ? "duplicate" : row.state());
      if (row.duplicate()) {
        log.debug("Duplicate {} for meeting {} acknowledged, not stored again", envelope.event(), envelope.zoomMeetingId());
      } else {
        log.debug("Stored {} #{} for meeting {} as {}", envelope.event(), row.id(), envelope.zoomMeetingId(), row.state());
        if ("pending".equals(row.state())) {
          vertx.eventBus().send(Addresses.MEETING_DISPATCH, new JsonObject().put("zoomMeetingId", envelope.zoomMeetingId()));
        }
      }
      reply(ctx, 200, new JsonObject().put("status", row.duplicate() ? "duplicate" : row.state()));
    }).onFailure(err -> {
      if (err instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
        // the database refuses this body's content (e.g. a \u0000 escape, which jsonb cannot hold): retrying cannot help
        log.warn("Webhook {} for meeting {} cannot be stored: {}", envelope.event(), envelope.zoomMeetingId(), pg.getErrorMessage());
        reply(ctx, 400, error("bad_request", "body cannot be stored: " + pg.getErrorMessage()));
        return;
      }
      Metrics.webhook(envelope.event(), "unavailable");
      log.error("Webhook {} for meeting {} not stored, answering 503: {}", envelope.event(), envelope.zoomMeetingId(),
        err.toString());
      ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
      reply(ctx, 503, error("unavailable", "the event could not be stored; deliver it again"));
    });
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    Metrics.webhook(null, status == 413 ? "too_large" : "bad_request");
    if (status == 413) {
      reply(ctx, 413, error("payload_too_large", "body is larger than " + MAX_BODY_BYTES + " bytes"));
    } else if (status >= 400 && status < 500) {
      reply(ctx, status, error("bad_request", "the request could not be read"));
    } else {
      log.error("Webhook request failed", ctx.failure());
      ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
      reply(ctx, 503, error("unavailable", "the event could not be stored; deliver it again"));
    }
  }

  private static boolean fresh(String timestamp) {
    try {
      long seconds = Long.parseLong(timestamp.trim());
      return Math.abs(System.currentTimeMillis() / 1000 - seconds) <= MAX_CLOCK_SKEW_SECONDS;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static JsonObject error(String code, String message) {
    return new JsonObject().put("error", code).put("message", message);
  }

  private static void reply(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
