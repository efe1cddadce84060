package zoomhub.bridge;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.access.AuthFailure;
import zoomhub.access.Authenticator;
import zoomhub.access.Principal;

import java.util.UUID;

/**
 * The browsers' REST API (SPEC section 7): bearer-token authentication, then the endpoints, then one place that turns
 * failures into {@code {"error","message"}} with the right status.
 */
public final class ApiRoutes {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
  private static final String PRINCIPAL = "principal";
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final Authenticator authenticator;
  private final MeetingsApi meetings;
  private final AdminApi admin;
  private final AttendanceApi attendance;
  private final InboxAdminApi inbox;

  public ApiRoutes(io.vertx.core.Vertx vertx, Pool pool, Authenticator authenticator, java.time.ZoneId school) {
    this.authenticator = authenticator;
    this.meetings = new MeetingsApi(vertx, pool);
    this.admin = new AdminApi(pool);
    this.attendance = new AttendanceApi(vertx, pool, school);
    this.inbox = new InboxAdminApi(vertx, pool);
  }

  public void mount(Router router) {
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::authenticate);
    router.get("/api/me").handler(ctx -> ok(ctx, 200, principal(ctx).toJson()));
    meetings.mount(router);
    attendance.mount(router);
    admin.mount(router);
    inbox.mount(router);
    router.route("/api/*").failureHandler(ApiRoutes::failure);
  }

  private void authenticate(RoutingContext ctx) {
    authenticator.authenticate(ctx.request().getHeader("Authorization")).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.put(PRINCIPAL, ar.result());
        ctx.next();
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** The request's JSON object body; 400 when it is missing or malformed. */
  static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw ApiError.badRequest("a JSON object body is required");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw ApiError.badRequest("the body is not a JSON object");
    }
  }

  static UUID pathId(RoutingContext ctx, String name, String what) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound(what);
    }
  }

  /** Sends the future's JSON with {@code status}, or routes its failure to the failure handler. */
  static void answer(RoutingContext ctx, int status, Future<?> result) {
    result.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result() == null) {
        ctx.response().setStatusCode(status).end();
      } else {
        ok(ctx, status, ar.result());
      }
    });
  }

  static void ok(RoutingContext ctx, int status, Object json) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json.toString());
  }

  private static void failure(RoutingContext ctx) {
    Throwable err = ctx.failure();
    ApiError e;
    if (err instanceof ApiError api) {
      e = api;
    } else if (err instanceof AuthFailure auth) {
      e = new ApiError(401, auth.type(), auth.getMessage());
    } else if (err instanceof PgException pg) {
      e = fromDatabase(pg);
      if (e.status() >= 500) {
        // not one of the database's refusals: a query the hub got wrong, or the database in trouble
        log.error("{} {} failed in the database: {} {}", ctx.request().method(), ctx.request().path(), pg.getSqlState(),
          pg.getErrorMessage());
      }
    } else if (err == null && ctx.statusCode() == 413) {
      e = new ApiError(413, "payload_too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
    } else if (err == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      e = new ApiError(ctx.statusCode(), "bad_request", "the request could not be read");
    } else {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), err);
      e = new ApiError(500, "internal_error", "the request failed; it has been logged");
    }
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("error", e.code()).put("message", e.getMessage()).encode());
  }

  /** The database's refusals: its rules (42501), its keys (23505, 23503) and its checks (23514, 22xxx). */
  private static ApiError fromDatabase(PgException pg) {
    String state = pg.getSqlState() == null ? "" : pg.getSqlState();
    return switch (state) {
      case "42501" -> ApiError.forbidden("the access rules do not allow this");
      case "23505" -> ApiError.conflict(pg.getDetail() != null ? pg.getDetail() : "already exists");
      case "23503" -> new ApiError(422, "validation_failed", "a referenced record does not exist"
        + (pg.getDetail() != null ? ": " + pg.getDetail() : ""));
      case "23514", "23502" -> new ApiError(422, "validation_failed", "a value is not allowed: " + pg.getErrorMessage());
      default -> state.startsWith("22")
        ? new ApiError(422, "validation_failed", pg.getErrorMessage())
        : new ApiError(503, "unavailable", "the database could not answer; try again");
    };
  }
}
