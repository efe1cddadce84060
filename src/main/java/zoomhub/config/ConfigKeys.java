package zoomhub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every configuration key of the hub, its default and the environment variable that overrides it (SPEC section 8). */
public final class ConfigKeys {
  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_ALLOWED_ORIGINS = "http.allowedOrigins";
  public static final String DB_URL = "db.url";
  public static final String DB_DATA_DIR = "db.dataDir";
  public static final String DB_POOL_SIZE = "db.poolSize";
  public static final String ZOOM_WEBHOOK_SECRETS = "zoom.webhookSecrets";
  public static final String JWT_SECRET = "jwt.secret";
  public static final String JWT_PUBLIC_KEY = "jwt.publicKey";
  public static final String JWT_ISSUER = "jwt.issuer";
  public static final String JWT_AUDIENCE = "jwt.audience";
  public static final String ATTENDANCE_PRESENT_MINUTES = "attendance.presentMinutes";
  public static final String ATTENDANCE_LATE_MINUTES = "attendance.lateMinutes";
  public static final String SCHOOL_TIMEZONE = "school.timezone";
  /** Seconds an idle meeting actor stays in memory before it retires. */
  public static final String MEETING_ACTOR_IDLE_SECONDS = "meeting.actorIdleSeconds";
  /** Seconds between sweeps of the inbox for pending events that no actor was told about. */
  public static final String INBOX_SWEEP_SECONDS = "inbox.sweepSeconds";

  /** Open bridge sockets one user may hold at once. */
  public static final String BRIDGE_MAX_SOCKETS_PER_USER = "bridge.maxSocketsPerUser";
  /** Unsigned or wrongly signed webhook requests one IP address may make per second before getting 429. */
  public static final String WEBHOOK_INVALID_PER_IP_PER_SECOND = "webhook.invalidPerIpPerSecond";

  /** Set by {@code run --demo} only (no file key, no variable): opens the demo sign-in list. */
  public static final String DEMO = "demo";

  /** Keys whose environment variable carries a comma-separated list. */
  static final java.util.Set<String> LIST_KEYS = java.util.Set.of(ZOOM_WEBHOOK_SECRETS, HTTP_ALLOWED_ORIGINS);

  /** key -> environment variable. */
  public static final Map<String, String> ENV = new LinkedHashMap<>();

  static {
    ENV.put(HTTP_PORT, "HUB_HTTP_PORT");
    ENV.put(HTTP_ALLOWED_ORIGINS, "HUB_ALLOWED_ORIGINS");
    ENV.put(DB_URL, "HUB_DB_URL");
    ENV.put(DB_DATA_DIR, "HUB_DB_DATA_DIR");
    ENV.put(DB_POOL_SIZE, "HUB_DB_POOL_SIZE");
    ENV.put(ZOOM_WEBHOOK_SECRETS, "ZOOM_WEBHOOK_SECRET_TOKEN");
    ENV.put(JWT_SECRET, "HUB_JWT_SECRET");
    ENV.put(JWT_PUBLIC_KEY, "HUB_JWT_PUBLIC_KEY");
    ENV.put(JWT_ISSUER, "HUB_JWT_ISSUER");
    ENV.put(JWT_AUDIENCE, "HUB_JWT_AUDIENCE");
    ENV.put(ATTENDANCE_PRESENT_MINUTES, "HUB_ATTENDANCE_PRESENT_MINUTES");
    ENV.put(ATTENDANCE_LATE_MINUTES, "HUB_ATTENDANCE_LATE_MINUTES");
    ENV.put(SCHOOL_TIMEZONE, "HUB_SCHOOL_TIMEZONE");
    ENV.put(MEETING_ACTOR_IDLE_SECONDS, "HUB_MEETING_ACTOR_IDLE_SECONDS");
    ENV.put(INBOX_SWEEP_SECONDS, "HUB_INBOX_SWEEP_SECONDS");
    ENV.put(BRIDGE_MAX_SOCKETS_PER_USER, "HUB_BRIDGE_MAX_SOCKETS_PER_USER");
    ENV.put(WEBHOOK_INVALID_PER_IP_PER_SECOND, "HUB_WEBHOOK_INVALID_PER_IP_PER_SECOND");
  }

  private ConfigKeys() {
  }

  /** The defaults; their value types are the types the configuration is coerced to. */
  public static JsonObject defaults() {
    return new JsonObject()
      .put(HTTP_PORT, 8080)
      .put(HTTP_ALLOWED_ORIGINS, new JsonArray())
      .put(DB_URL, "")
      .put(DB_DATA_DIR, "data/pg")
      .put(DB_POOL_SIZE, 16)
      .put(ZOOM_WEBHOOK_SECRETS, new JsonArray())
      .put(JWT_SECRET, "")
      .put(JWT_PUBLIC_KEY, "")
      .put(JWT_ISSUER, "")
      .put(JWT_AUDIENCE, "")
      .put(ATTENDANCE_PRESENT_MINUTES, 15)
      .put(ATTENDANCE_LATE_MINUTES, 0)
      .put(SCHOOL_TIMEZONE, "UTC")
      .put(MEETING_ACTOR_IDLE_SECONDS, 300)
      .put(INBOX_SWEEP_SECONDS, 10)
      .put(BRIDGE_MAX_SOCKETS_PER_USER, 20)
      .put(WEBHOOK_INVALID_PER_IP_PER_SECOND, 5);
  }
}
