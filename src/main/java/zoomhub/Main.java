package zoomhub;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.config.ConfigKeys;
import zoomhub.config.HubConfig;
import zoomhub.db.Database;
import zoomhub.db.Migrations;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The command line: {@code run [--demo]} (the default) and {@code migrate}. Exit codes: 0 done, 1 failed, 2 bad
 * usage or configuration.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);
  private static final String USAGE = """
    usage: java -jar target/zoom-hub.jar [command]
      run            start the hub (the default)
      run --demo     start the hub, generating any missing secret and printing it once
      migrate        bring the database schema up to date and exit""";

  private Main() {
  }

  public static void main(String[] args) {
    List<String> words = Arrays.asList(args);
    String command = words.isEmpty() || words.get(0).startsWith("--") ? "run" : words.get(0);
    List<String> flags = words.isEmpty() || words.get(0).startsWith("--") ? words : words.subList(1, words.size());
    try {
      switch (command) {
        case "run" -> {
          if (!flags.stream().allMatch("--demo"::equals)) {
            usage("unknown option for run: " + String.join(" ", flags));
          }
          run(flags.contains("--demo"));
        }
        case "migrate" -> migrate();
        case "help", "--help", "-h" -> System.out.println(USAGE);
        default -> usage("unknown command: " + command);
      }
    } catch (HubConfig.ConfigException e) {
      System.err.println("zoom-hub: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void run(boolean demo) {
    Vertx vertx = Vertx.vertx();
    JsonObject conf = HubConfig.load(vertx).await();
    if (demo) {
      generateMissingSecrets(conf);
    } else {
      List<String> missing = HubConfig.missingForRun(conf);
      if (!missing.isEmpty()) {
        System.err.println("zoom-hub: missing required configuration: " + String.join(", ", missing)
          + " (or start with 'run --demo' to generate them)");
        vertx.close();
        System.exit(2);
      }
    }
    Database db;
    try {
      db = Database.open(conf);
      Migrations.migrate(db.target());
    } catch (Exception e) {
      log.error("Database could not be started or migrated: {}", e.getMessage(), e);
      vertx.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Shutting down");
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get();
        db.close();
      } catch (Exception e) {
        log.warn("Shutdown was not clean: {}", e.toString());
      }
    }, "zoom-hub-shutdown"));
    try {
      Hub.deploy(vertx, conf, db.target()).await();
    } catch (Exception e) {
      log.error("The hub could not start: {}", e.getMessage());
      System.exit(1);
    }
    log.info("zoom-hub is running on http://localhost:{}/ (ready: /health/ready)", conf.getInteger(ConfigKeys.HTTP_PORT));
  }

  private static void migrate() {
    Vertx vertx = Vertx.vertx();
    JsonObject conf = HubConfig.load(vertx).await();
    vertx.close();
    try (Database db = Database.open(conf)) {
      Migrations.migrate(db.target());
    } catch (Exception e) {
      log.error("Migration failed: {}", e.getMessage(), e);
      System.exit(1);
    }
    System.exit(0);
  }

  /** {@code run --demo}: what is not configured is generated for this run and printed once, here and nowhere else. */
  private static void generateMissingSecrets(JsonObject conf) {
    StringBuilder printed = new StringBuilder();
    if (conf.getJsonArray(ConfigKeys.ZOOM_WEBHOOK_SECRETS).isEmpty()) {
      String secret = randomToken(24);
      conf.put(ConfigKeys.ZOOM_WEBHOOK_SECRETS, new JsonArray().add(secret));
      printed.append("  ZOOM_WEBHOOK_SECRET_TOKEN=").append(secret).append('\n');
    }
    if (!HubConfig.missingForRun(conf).isEmpty()) {
      String secret = randomToken(48);
      conf.put(ConfigKeys.JWT_SECRET, secret);
      printed.append("  HUB_JWT_SECRET=").append(secret).append('\n');
    }
    if (!printed.isEmpty()) {
      System.out.println("zoom-hub demo mode: generated for this run (shown once; set them to keep them):\n" + printed);
    }
  }

  private static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void usage(String problem) {
    System.err.println("zoom-hub: " + problem);
    System.err.println(USAGE);
    System.exit(2);
  }
}
