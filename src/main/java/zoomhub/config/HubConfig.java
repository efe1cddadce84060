package zoomhub.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Loads the configuration: defaults, then {@code conf/config.json}, then environment variables (which win).
 * The merge and the checks are plain functions so they can be tested without files or a process environment.
 */
public final class HubConfig {
  public static final String DEFAULT_FILE = "conf/config.json";

  private HubConfig() {
  }

  /** Reads the file (optional; path from {@code VERTX_CONFIG_PATH} if set) and the environment. */
  public static Future<JsonObject> load(Vertx vertx) {
    String path = System.getenv().getOrDefault("VERTX_CONFIG_PATH", DEFAULT_FILE);
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
      .setScanPeriod(0)
      .setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("file").setOptional(true)
        .setConfig(new JsonObject().put("path", path))));
    return retriever.getConfig()
      .eventually(() -> {
        retriever.close();
        return Future.succeededFuture();
      })
      .map(file -> resolve(file, System.getenv()));
  }

  /**
   * Defaults, overlaid by the file, overlaid by the environment; values coerced to the defaults' types.
   *
   * @throws ConfigException when a value cannot be read as its type
   */
  public static JsonObject resolve(JsonObject file, Map<String, String> env) {
    JsonObject defaults = ConfigKeys.defaults();
    JsonObject conf = defaults.copy();
    for (String key : file.fieldNames()) {
      Object value = file.getValue(key);
      conf.put(key, defaults.containsKey(key) ? coerce(key, value, defaults.getValue(key), "conf key " + key) : value);
    }
    ConfigKeys.ENV.forEach((key, var) -> {
      String raw = env.get(var);
      if (raw != null && !raw.isBlank()) {
        conf.put(key, coerce(key, raw.trim(), defaults.getValue(key), var));
      }
    });
    checkTimezone(conf.getString(ConfigKeys.SCHOOL_TIMEZONE), "school.timezone");
    return conf;
  }

  /**
   * The environment variables a plain {@code run} still needs, as a readable list (empty when nothing is missing).
   */
  public static List<String> missingForRun(JsonObject conf) {
    List<String> missing = new ArrayList<>();
    if (conf.getJsonArray(ConfigKeys.ZOOM_WEBHOOK_SECRETS).isEmpty()) {
      missing.add("ZOOM_WEBHOOK_SECRET_TOKEN");
    }
    String secret = conf.getString(ConfigKeys.JWT_SECRET, "");
    String publicKey = conf.getString(ConfigKeys.JWT_PUBLIC_KEY, "");
    if (publicKey.isEmpty() && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      missing.add(secret.isEmpty()
        ? "HUB_JWT_SECRET (at least 32 bytes) or HUB_JWT_PUBLIC_KEY"
        : "HUB_JWT_SECRET is shorter than 32 bytes (or set HUB_JWT_PUBLIC_KEY)");
    }
    return missing;
  }

  private static Object coerce(String key, Object value, Object type, String source) {
    try {
      if (type instanceof Integer) {
        return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
      }
      if (type instanceof JsonArray) {
        if (value instanceof JsonArray array) {
          return array;
        }
        JsonArray list = new JsonArray();
        Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(list::add);
        return list;
      }
      return value == null ? "" : value.toString();
    } catch (NumberFormatException e) {
      throw new ConfigException(source + " must be a whole number, not '" + value + "'");
    }
  }

  private static void checkTimezone(String zone, String source) {
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new ConfigException(source + " is not a known time zone: '" + zone + "'");
    }
  }

  /** A configuration value that cannot be used; its message is meant for the operator as it is. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }
}
