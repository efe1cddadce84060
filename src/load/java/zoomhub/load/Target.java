package zoomhub.load;

import zoomhub.db.DbTarget;
import zoomhub.db.EmbeddedDatabase;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub under load and its database: a hub this tool starts as its own process (from {@code target/zoom-hub.jar},
 * on an embedded durable PostgreSQL or a given one), or a running hub it is pointed at.
 */
final class Target implements AutoCloseable {
  final String host;
  final int port;
  final DbTarget db;
  final String webhookSecret;
  final String jwtSecret;
  final long hubPid;
  final String description;
  private final EmbeddedDatabase embedded;
  private final Process hub;
  private final HttpClient http = HttpClient.newHttpClient();

  private Target(String host, int port, DbTarget db, String webhookSecret, String jwtSecret, long hubPid,
                 String description, EmbeddedDatabase embedded, Process hub) {
    this.host = host;
    this.port = port;
    this.db = db;
    this.webhookSecret = webhookSecret;
    this.jwtSecret = jwtSecret;
    this.hubPid = hubPid;
    this.description = description;
    this.embedded = embedded;
    this.hub = hub;
  }

  static Target open(Options o) throws Exception {
    if (o.hubUrl != null) {
      URI uri = URI.create(o.hubUrl);
      String webhookSecret = required("ZOOM_WEBHOOK_SECRET_TOKEN").split(",")[0].trim();
      Target t = new Target(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), DbTarget.fromUrl(o.dbUrl),
        webhookSecret, required("HUB_JWT_SECRET"), o.hubPid, "a running hub at " + o.hubUrl, null, null);
      t.awaitReady(Duration.ofSeconds(10));
      return t;
    }
    Files.createDirectories(o.workDir);
    EmbeddedDatabase embedded = null;
    DbTarget db;
    if (o.dbUrl != null) {
      db = DbTarget.fromUrl(o.dbUrl);
    } else {
      Path data = o.workDir.resolve("pg");
      deleteTree(data);
      System.err.println("load: starting an embedded, durable PostgreSQL in " + data);
      // the hub's own settings (durable), plus what lets --pg-top and LOAD_EXPLAIN_MS see into the database
      embedded = EmbeddedDatabase.start(data, true, 0, Map.of(
        "shared_preload_libraries", "pg_stat_statements,auto_explain",
        "auto_explain.log_min_duration", System.getenv().getOrDefault("LOAD_EXPLAIN_MS", "-1"),
        "auto_explain.log_level", "warning",
        "logging_collector", "on",
        "log_directory", o.workDir.toAbsolutePath().toString(),
        "log_filename", "postgres.log"));
      db = embedded.target();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties()); Statement st = c.createStatement()) {
        st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      }
    }
    String webhookSecret = random();
    String jwtSecret = random();
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : o.hubJvmArgs.trim().split("\\s+")) {
      if (!arg.isEmpty()) {
        command.add(arg);
      }
    }
    if (o.jfr) {
      command.add("-XX:StartFlightRecording=filename=" + o.workDir.resolve("hub.jfr").toAbsolutePath()
        + ",settings=profile,dumponexit=true");
    }
    File jar = o.hubJar.toFile();
    if (jar.isFile() && !o.hubFromClassPath) {
      command.addAll(List.of("-jar", jar.getPath(), "run"));
    } else { // inside the test suite, before the jar is packaged: the same classes from this JVM's class path
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), "zoomhub.Main", "run"));
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("HUB_HTTP_PORT", Integer.toString(port));
    env.put("HUB_DB_URL", url(db));
    env.put("ZOOM_WEBHOOK_SECRET_TOKEN", webhookSecret);
    env.put("HUB_JWT_SECRET", jwtSecret);
    env.remove("HUB_JWT_PUBLIC_KEY");
    env.remove("HUB_JWT_ISSUER");
    env.remove("HUB_JWT_AUDIENCE");
    // the tool plays many teachers' tabs with few users (a meeting has one host and one class teacher)
    env.put("HUB_BRIDGE_MAX_SOCKETS_PER_USER", "100000");
    Path log = o.workDir.resolve("hub.log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    System.err.println("load: starting the hub on port " + port + " (its log: " + log + ")");
    Process hub = pb.start();
    Target t = new Target("127.0.0.1", port, db, webhookSecret, jwtSecret, hub.pid(),
      "a hub started by the tool (" + String.join(" ", command.subList(1, command.size())).replace(
        System.getProperty("java.class.path"), "<class path>") + ")", embedded, hub);
    try {
      t.awaitReady(Duration.ofSeconds(120));
    } catch (Exception e) {
      t.close();
      throw new IllegalStateException(e.getMessage() + "; the hub's log:\n" + tail(log), e);
    }
    return t;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
  }

  /** The statements that took the database's time (pg_stat_statements, when the tool started the database). */
  String topStatements(int n) {
    StringBuilder b = new StringBuilder();
    try (Connection c = connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT calls, round(total_exec_time) AS ms, round(mean_exec_time::numeric, 3) AS mean, "
           + "regexp_replace(query, '\\s+', ' ', 'g') AS q FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT " + n)) {
      b.append(String.format("%10s %10s %8s  %s%n", "calls", "total ms", "mean ms", "statement"));
      while (rs.next()) {
        String q = rs.getString("q");
        b.append(String.format("%10d %10d %8.3f  %s%n", rs.getLong("calls"), rs.getLong("ms"), rs.getDouble("mean"),
          q.length() > 150 ? q.substring(0, 150) + "…" : q));
      }
    } catch (SQLException e) {
      b.append("(pg_stat_statements is not available: ").append(e.getMessage()).append(")\n");
    }
    return b.toString();
  }

  /** The hub's {@code /metrics} text. */
  String metrics() throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/metrics")).build(),
      HttpResponse.BodyHandlers.ofString()).body();
  }

  /** One sample of a Prometheus metric (the first line whose name and labels match), or NaN. */
  double metric(String name, String labelsContain) throws IOException, InterruptedException {
    Pattern p = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$", Pattern.MULTILINE);
    Matcher m = p.matcher(metrics());
    while (m.find()) {
      if (labelsContain == null || (m.group(1) != null && m.group(1).contains(labelsContain))) {
        return Double.parseDouble(m.group(2));
      }
    }
    return Double.NaN;
  }

  /** A histogram's cumulative buckets (upper bound in seconds -> count), from the hub's metrics. */
  java.util.TreeMap<Double, Double> buckets(String name) throws IOException, InterruptedException {
    java.util.TreeMap<Double, Double> out = new java.util.TreeMap<>();
    Matcher m = Pattern.compile("^" + Pattern.quote(name) + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\} ([0-9.eE+-]+)$",
      Pattern.MULTILINE).matcher(metrics());
    while (m.find()) {
      double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
      out.merge(le, Double.parseDouble(m.group(2)), Double::sum);
    }
    return out;
  }

  /** The q-quantile in ms of what a histogram recorded between two readings (a bucket's upper bound), or NaN. */
  static double quantileMs(java.util.TreeMap<Double, Double> before, java.util.TreeMap<Double, Double> after, double q) {
    double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (total <= 0) {
      return Double.NaN;
    }
    for (var e : after.entrySet()) {
      if (e.getValue() - before.getOrDefault(e.getKey(), 0.0) >= q * total) {
        return e.getKey() * 1000;
      }
    }
    return Double.NaN;
  }

  /** The hub's used heap after a full collection, in KiB (needs its pid and the JDK's {@code jcmd}), or NaN. */
  double heapAfterGcKiB() throws IOException, InterruptedException {
    if (hubPid <= 0) {
      return Double.NaN;
    }
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, Long.toString(hubPid), "GC.run");
    Matcher m = Pattern.compile("used (\\d+)K").matcher(run(jcmd, Long.toString(hubPid), "GC.heap_info"));
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private void awaitReady(Duration atMost) throws Exception {
    long deadline = System.nanoTime() + atMost.toNanos();
    URI ready = URI.create("http://" + host + ":" + port + "/health/ready");
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (hub != null && !hub.isAlive()) {
        throw new IllegalStateException("the hub stopped with exit code " + hub.exitValue());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(200); // polling a process we do not control; no event to wait on
    }
    throw new IllegalStateException("the hub did not become ready within " + atMost.toSeconds() + " s: " + last);
  }

  @Override
  public void close() throws Exception {
    if (hub != null) {
      hub.destroy();
      if (!hub.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        hub.destroyForcibly();
      }
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  static String url(DbTarget db) {
    String auth = URLEncoder.encode(db.user(), StandardCharsets.UTF_8)
      + (db.password() == null ? "" : ":" + URLEncoder.encode(db.password(), StandardCharsets.UTF_8));
    return "postgresql://" + auth + "@" + db.host() + ":" + db.port() + "/" + db.database();
  }

  private static String required(String variable) {
    String v = System.getenv(variable);
    if (v == null || v.isBlank()) {
      throw new Options.UsageException("--hub needs " + variable + " in the environment (the hub's own value)");
    }
    return v;
  }

  private static String random() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static Map<String, String> machine() {
    Map<String, String> m = new HashMap<>();
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          m.put("memory", Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0) + " GiB");
        }
      }
    } catch (IOException e) {
      // not Linux: the table says less about the machine
    }
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    return m;
  }
}
