package zoomhub.load;

import zoomhub.db.DbTarget;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the same PostgreSQL server sustains on its own: durable one-row jsonb INSERTs from many clients, with
 * {@code pgbench} when it is installed (Debian: postgresql-client), else the same work over JDBC, said as such.
 */
final class PgBench {
  /** Transactions per second and how they were measured. */
  record Result(double tps, String how) {
  }

  static final String BODY = "{\"event\":\"meeting.participant_joined\",\"event_ts\":1700000000000,\"payload\":{"
    + "\"account_id\":\"AAAAAABBBB\",\"object\":{\"id\":\"85012345678\",\"uuid\":\"4444AAAiAAAAAiAiAiiAii==\","
    + "\"host_id\":\"x1yCzABCDEfg23HiJKl4mN\",\"topic\":\"Algebra 9A\",\"type\":2,\"start_time\":\"2026-11-02T09:00:00Z\","
    + "\"timezone\":\"Europe/Paris\",\"duration\":60,\"participant\":{\"user_id\":\"16778240\",\"user_name\":\"Ana Alves\","
    + "\"id\":\"\",\"participant_uuid\":\"AbCdEfGhIj\",\"email\":\"ana@school.test\",\"join_time\":\"2026-11-02T09:01:00Z\"}}}}";

  private PgBench() {
  }

  static Result run(DbTarget db, int clients, int seconds, Path workDir) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties()); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS load_pgbench (id bigserial PRIMARY KEY, body jsonb NOT NULL)");
      st.execute("TRUNCATE load_pgbench");
    }
    String binary = binary();
    return binary == null ? jdbc(db, clients, seconds) : pgbench(binary, db, clients, seconds, workDir);
  }

  private static Result pgbench(String binary, DbTarget db, int clients, int seconds, Path workDir) throws Exception {
    Path script = workDir.resolve("pgbench-insert.sql");
    Files.writeString(script, "INSERT INTO load_pgbench (body) VALUES ('" + BODY + "');\n");
    List<String> command = List.of(binary, "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", "2",
      "-T", Integer.toString(seconds), "-f", script.toString(), "-h", db.host(), "-p", Integer.toString(db.port()),
      "-U", db.user(), db.database());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (db.password() != null) {
      pb.environment().put("PGPASSWORD", db.password());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("pgbench failed: " + out.strip());
    }
    Matcher m = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
    if (!m.find()) {
      throw new IOException("pgbench printed no tps: " + out.strip());
    }
    return new Result(Double.parseDouble(m.group(1)), "pgbench -c " + clients + " -j 2 -M prepared, one-row jsonb INSERT");
  }

  /** The same work over JDBC, where pgbench is not installed: one autocommit INSERT per transaction per client. */
  private static Result jdbc(DbTarget db, int clients, int seconds) throws Exception {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(() -> {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
             PreparedStatement ps = c.prepareStatement("INSERT INTO load_pgbench (body) VALUES (?::jsonb)")) {
          while (System.nanoTime() < end) {
            ps.setString(1, BODY);
            ps.executeUpdate();
            done.incrementAndGet();
          }
        } catch (Exception e) {
          failures.add(e);
        }
      });
      threads.add(t);
      t.start();
    }
    long start = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return new Result(done.get() / ((System.nanoTime() - start) / 1e9),
      "JDBC, " + clients + " clients, one-row jsonb INSERT (pgbench is not installed)");
  }

  private static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "pgbench");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions != null) {
      for (File v : versions) {
        File f = new File(v, "bin/pgbench");
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    return null;
  }
}
