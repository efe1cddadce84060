package zoomhub;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import zoomhub.db.DbTarget;
import zoomhub.db.EmbeddedDatabase;
import zoomhub.db.Migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for the tests, one server per test JVM and one fresh database per caller: the server named by
 * {@code HUB_TEST_DB_URL} if set; else Testcontainers when a Docker engine answers; else the embedded server the hub
 * itself uses.
 */
public final class TestDatabase {
  private static final AtomicInteger counter = new AtomicInteger();
  private static DbTarget admin;

  private TestDatabase() {
  }

  /** A new, migrated, empty database. */
  public static synchronized DbTarget fresh() {
    DbTarget server = server();
    String name = "hubtest_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcProperties());
         Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create a test database: " + e.getMessage(), e);
    }
    DbTarget target = server.withDatabase(name);
    Migrations.migrate(target);
    return target;
  }

  /** A plain JDBC connection for a test's own assertions (never used by the hub). */
  public static Connection connect(DbTarget target) throws SQLException {
    return DriverManager.getConnection(target.jdbcUrl(), target.jdbcProperties());
  }

  private static DbTarget server() {
    if (admin != null) {
      return admin;
    }
    String url = System.getenv("HUB_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      admin = DbTarget.fromUrl(url);
    } else if (dockerAnswers()) {
      PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:16-alpine");
      pg.start();
      admin = new DbTarget(pg.getHost(), pg.getFirstMappedPort(), pg.getDatabaseName(), pg.getUsername(), pg.getPassword());
    } else {
      admin = embedded();
    }
    return admin;
  }

  private static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  private static DbTarget embedded() {
    Path dir = Path.of("target", "test-pg-" + ProcessHandle.current().pid());
    try {
      deleteTree(dir);
      EmbeddedDatabase db = EmbeddedDatabase.start(dir, false);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          db.close();
          deleteTree(dir);
        } catch (IOException ignored) {
          // the JVM is going away; target/ is cleaned by the build anyway
        }
      }));
      return db.adminTarget();
    } catch (IOException e) {
      throw new IllegalStateException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
