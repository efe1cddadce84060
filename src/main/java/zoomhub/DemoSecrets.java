package zoomhub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import zoomhub.config.ConfigKeys;
import zoomhub.config.HubConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@code run --demo}: secrets that are not configured are generated once, kept beside the embedded database (so
 * printed tokens stay valid across restarts and the {@code token} command can sign), and printed when generated.
 */
final class DemoSecrets {
  private DemoSecrets() {
  }

  static Path file(JsonObject conf) {
    return Path.of(conf.getString(ConfigKeys.DB_DATA_DIR)).resolveSibling("demo-secrets.json");
  }

  /** Fills in what is missing from the file, generating (and saving) what the file lacks too. */
  static void generateMissing(JsonObject conf) throws IOException {
    JsonObject saved = read(conf);
    StringBuilder printed = new StringBuilder();
    if (conf.getJsonArray(ConfigKeys.ZOOM_WEBHOOK_SECRETS).isEmpty()) {
      String secret = saved.getString("zoomWebhookSecret");
      if (secret == null) {
        secret = random(24);
        saved.put("zoomWebhookSecret", secret);
        printed.append("  ZOOM_WEBHOOK_SECRET_TOKEN=").append(secret).append('\n');
      }
      conf.put(ConfigKeys.ZOOM_WEBHOOK_SECRETS, new JsonArray().add(secret));
    }
    if (!HubConfig.missingForRun(conf).isEmpty()) {
      String secret = saved.getString("jwtSecret");
      if (secret == null) {
        secret = random(48);
        saved.put("jwtSecret", secret);
        printed.append("  HUB_JWT_SECRET=").append(secret).append('\n');
      }
      conf.put(ConfigKeys.JWT_SECRET, secret);
    }
    if (!printed.isEmpty()) {
      write(conf, saved);
      System.out.println("zoom-hub demo mode: generated (shown once; kept in " + file(conf) + "):\n" + printed);
    } else if (!saved.isEmpty()) {
      System.out.println("zoom-hub demo mode: using the secrets kept in " + file(conf));
    }
  }

  /** For commands beside a demo hub: the saved secrets where none are configured. */
  static void fillFromFile(JsonObject conf) {
    JsonObject saved;
    try {
      saved = read(conf);
    } catch (IOException e) {
      return;
    }
    if (conf.getString(ConfigKeys.JWT_SECRET, "").isBlank() && saved.getString("jwtSecret") != null) {
      conf.put(ConfigKeys.JWT_SECRET, saved.getString("jwtSecret"));
    }
    if (conf.getJsonArray(ConfigKeys.ZOOM_WEBHOOK_SECRETS).isEmpty() && saved.getString("zoomWebhookSecret") != null) {
      conf.put(ConfigKeys.ZOOM_WEBHOOK_SECRETS, new JsonArray().add(saved.getString("zoomWebhookSecret")));
    }
  }

  private static JsonObject read(JsonObject conf) throws IOException {
    Path f = file(conf);
    return Files.exists(f) ? new JsonObject(Files.readString(f)) : new JsonObject();
  }

  private static void write(JsonObject conf, JsonObject saved) throws IOException {
    Path f = file(conf);
    Files.createDirectories(f.getParent());
    Files.writeString(f, saved.encodePrettily());
    try {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the file keeps the default permissions
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
