package zoomhub;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.sqlclient.Pool;
import zoomhub.access.Authenticator;
import zoomhub.access.Jwt;
import zoomhub.bridge.ApiRoutes;
import zoomhub.bridge.EventBusBridge;
import zoomhub.config.ConfigKeys;
import zoomhub.db.Database;
import zoomhub.db.DbTarget;
import zoomhub.webhook.WebhookEndpoint;

import java.util.List;

/**
 * The hub's one HTTP server: Zoom's webhook endpoint, health checks, the browsers' REST API and event-bus bridge,
 * and the browser pages. Deployed once per core;
 * each instance has its own router on the shared port.
 */
public final class HttpVerticle extends VerticleBase {
  /** Connections for the webhook inbox, shared by the HTTP verticles (each writes at most two batches at once). */
  private static final int INGEST_POOL_SIZE = 4;
  private static final int BRIDGE_WAIT_SECONDS = 60;
  private final DbTarget target;
  private Pool pool;
  private Pool ingestPool;
  private Pool bridgePool;
  private EventBusBridge bridge;

  public HttpVerticle(DbTarget target) {
    this.target = target;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, target, config().getInteger(ConfigKeys.DB_POOL_SIZE, 16), "api");
    ingestPool = Database.pool(vertx, target, INGEST_POOL_SIZE, "ingest");
    // after a restart every browser reconnects at once: their registers queue for the rules, they do not fail
    bridgePool = Database.pool(vertx, target, config().getInteger(ConfigKeys.DB_POOL_SIZE, 16), "bridge",
      BRIDGE_WAIT_SECONDS);
    Router router = Router.router(vertx);
    List<String> secrets = config().getJsonArray(ConfigKeys.ZOOM_WEBHOOK_SECRETS, new JsonArray()).stream()
      .map(Object::toString).toList();
    List<String> origins = config().getJsonArray(ConfigKeys.HTTP_ALLOWED_ORIGINS, new JsonArray()).stream()
      .map(Object::toString).toList();
    Jwt jwt = Jwt.fromConfig(vertx, config());
    Authenticator authenticator = new Authenticator(jwt, pool);
    new WebhookEndpoint(vertx, ingestPool, secrets, config().getInteger(ConfigKeys.WEBHOOK_INVALID_PER_IP_PER_SECOND, 5))
      .mount(router);
    mountHealth(router);
    if (io.vertx.micrometer.backends.BackendRegistries.getDefaultNow() != null) {
      router.get("/metrics").handler(io.vertx.micrometer.PrometheusScrapingHandler.create());
    }
    bridge = new EventBusBridge(vertx, bridgePool, new Authenticator(jwt, bridgePool), origins,
      config().getInteger(ConfigKeys.BRIDGE_MAX_SOCKETS_PER_USER, 20));
    Future<Void> bridged = bridge.mount(router);
    if (config().getBoolean(ConfigKeys.DEMO, false)) {
      mountDemoUsers(router, jwt);
    }
    new ApiRoutes(vertx, pool, authenticator, java.time.ZoneId.of(config().getString(ConfigKeys.SCHOOL_TIMEZONE, "UTC")))
      .mount(router);
    router.route("/api/*").last().handler(ctx -> json(ctx, 404, "not_found", "no such endpoint"));
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    return bridged.compose(v -> vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
      .requestHandler(router)
      .listen(config().getInteger(ConfigKeys.HTTP_PORT, 8080)));
  }

  @Override
  public Future<?> stop() {
    bridge.closeAll(1001, "the hub is shutting down; reconnect shortly");
    return Future.join(pool.close(), ingestPool.close(), bridgePool.close());
  }

  private void mountHealth(Router router) {
    HealthChecks live = HealthChecks.create(vertx).register("process", p -> p.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx).register("database", 2_000, p ->
      pool.query("SELECT 1").execute().onComplete(ar -> p.complete(ar.succeeded() ? Status.OK()
        : Status.KO(new JsonObject().put("error", "database unreachable")))));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
  }

  /** Demo mode only: the demo school's people with a fresh token each, for the sign-in page's list. */
  private void mountDemoUsers(Router router, Jwt jwt) {
    router.get("/api/demo/users").handler(ctx -> pool.query("""
        SELECT id, name, role FROM users WHERE is_active
        ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'teacher' THEN 1 ELSE 2 END, name""").execute()
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(r -> items.add(new JsonObject().put("name", r.getString("name")).put("role", r.getString("role"))
          .put("token", jwt.issue(r.getUUID("id"), 12 * 3600, config()))));
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", items).encode());
      })
      .onFailure(err -> json(ctx, 503, "unavailable", "the database could not answer")));
  }

  private static void json(RoutingContext ctx, int status, String error, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("error", error).put("message", message).encode());
  }
}
