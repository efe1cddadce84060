package zoomhub;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.config.ConfigKeys;
import zoomhub.config.HubConfig;
import zoomhub.db.Database;
import zoomhub.db.Migrations;

import java.util.Arrays;
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
      migrate        bring the database schema up to date and exit
      token --user <email|id> [--ttl 1h]
                     print a signed token (HS256) for an active user
      simulate --meeting <id|zoom id> [--url http://localhost:8080] [--speed 1]
                     play a signed class scenario against a running hub""";

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
        case "token" -> System.exit(TokenCommand.run(flags));
        case "simulate" -> System.exit(SimulateCommand.run(flags));
        case "help", "--help", "-h" -> System.out.println(USAGE);
        default -> usage("unknown command: " + command);
      }
    } catch (HubConfig.ConfigException e) {
      System.err.println("zoom-hub: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      log.error("zoom-hub {} failed: {}", command, e.getMessage(), e);
      System.exit(1);
    }
  }

  private static void run(boolean demo) {
    Vertx vertx = Metrics.vertx();
    JsonObject conf = HubConfig.load(vertx).await();
    if (demo) {
      try {
        DemoSecrets.generateMissing(conf);
      } catch (java.io.IOException e) {
        System.err.println("zoom-hub: could not keep the demo secrets: " + e.getMessage());
        System.exit(1);
      }
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
      if (demo) {
        conf.put(ConfigKeys.DEMO, true);
        if (DemoSchool.seedIfEmpty(db.target())) {
          log.info("Demo mode: seeded a demo school");
        }
      }
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
    if (demo) {
      printDemo(vertx, conf, db);
    }
  }

  /** What a newcomer needs: the page to open, a token per demo user, and how to make the meeting come alive. */
  private static void printDemo(Vertx vertx, JsonObject conf, Database db) {
    try {
      var jwt = zoomhub.access.Jwt.fromConfig(vertx, conf);
      StringBuilder out = new StringBuilder("\nzoom-hub demo: open http://localhost:" + conf.getInteger(ConfigKeys.HTTP_PORT)
        + "/ and sign in as one of the demo users (or paste a token below).\nTokens (valid 12 h):\n");
      for (Object o : DemoSchool.people(db.target())) {
        var p = (io.vertx.core.json.JsonObject) o;
        out.append(String.format("  %-8s %-14s %s%n", p.getString("role"), p.getString("name"),
          jwt.issue(java.util.UUID.fromString(p.getString("id")), 12 * 3600, conf)));
      }
      out.append("Then play a class in another terminal:\n  java -jar target/zoom-hub.jar simulate --meeting ")
        .append(DemoSchool.MEETING_ZOOM_ID).append('\n');
      System.out.println(out);
    } catch (Exception e) {
      log.warn("Could not list the demo users: {}", e.getMessage());
    }
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

  private static void usage(String problem) {
    System.err.println("zoom-hub: " + problem);
    System.err.println(USAGE);
    System.exit(2);
  }
}
