package zoomhub.load;

import java.nio.file.Path;

/** The load tool's command line; {@link #usage} lists it. */
final class Options {
  int runs = 3;
  int seconds = 10;
  int meetings = 200;
  int studentsPerClass = 25;
  int sockets = 1000;
  int rate = 1000;
  int fanoutSockets = 100;
  int idleSockets = 10_000;
  int concurrency = 64;
  int pgbenchClients = 32;
  String hubUrl;
  long hubPid = -1;
  String dbUrl;
  Path markdown;
  Path workDir = Path.of("target", "load");
  boolean jfr;
  int pgTop;
  java.util.Set<String> phases = java.util.Set.of("ingest", "live", "fanout", "idle");
  boolean pgbench = true;
  boolean quick;
  /** Start the hub from this JVM's class path, not target/zoom-hub.jar (the test suite: the jar is not built yet). */
  boolean hubFromClassPath;
  String hubJvmArgs = "";
  /** The hub to start: this build's jar, or another (an older build, to compare). */
  Path hubJar = Path.of("target", "zoom-hub.jar");

  static final String USAGE = """
    zoom-hub load tool: starts a hub (or targets one), seeds a school, opens bridge sockets, sends signed webhooks,
    and prints what the hub sustained beside what the same PostgreSQL sustains under pgbench.

      bin/load [options]

      --runs N            repeat the measured phases N times and report medians (3)
      --seconds T         length of each timed phase (10)
      --meetings M        meetings seeded, each with its own class, host and teacher (200)
      --sockets S         bridge sockets for the latency phase, spread over the meetings (1000)
      --rate R            webhooks/s in the latency phase (1000)
      --fanout F          sockets on one busy meeting in the fan-out phase (100)
      --idle-sockets I    sockets held open for the heap-per-socket reading, 0 to skip (10000)
      --concurrency C     webhook requests in flight in the max-rate phases (64)
      --db-url URL        postgresql://user:password@host:port/db for the started hub (default: an embedded,
                          durable PostgreSQL in target/load/pg, created fresh)
      --hub URL           target a running hub instead (also needs --db-url of its database, and
                          ZOOM_WEBHOOK_SECRET_TOKEN and HUB_JWT_SECRET in the environment); --hub-pid P lets the
                          tool read its CPU, RSS and heap
      --hub-jvm-args "…"  extra JVM options for the started hub
      --hub-jar JAR       start this jar instead of target/zoom-hub.jar (an older build, to compare)
      --jfr               record the started hub with Java Flight Recorder (target/load/hub.jfr)
      --pg-top            print the statements that took the embedded database's time (pg_stat_statements)
      --no-pgbench        skip the pgbench comparison
      --phases LIST       only these of ingest,live,fanout,idle (for profiling one of them)
      --markdown FILE     also write the table as Markdown
      --quick             a tiny run of every phase (seconds; used by the test suite)
    """;

  static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> o.quick();
        case "--no-pgbench" -> o.pgbench = false;
        case "--jfr" -> o.jfr = true;
        case "--pg-top" -> o.pgTop = 15;
        case "-h", "--help" -> throw new UsageException(null);
        default -> {
          if (i + 1 >= args.length) {
            throw new UsageException(a + " needs a value");
          }
          String v = args[++i];
          switch (a) {
            case "--runs" -> o.runs = positive(a, v);
            case "--seconds" -> o.seconds = positive(a, v);
            case "--meetings" -> o.meetings = positive(a, v);
            case "--sockets" -> o.sockets = positive(a, v);
            case "--rate" -> o.rate = positive(a, v);
            case "--fanout" -> o.fanoutSockets = positive(a, v);
            case "--idle-sockets" -> o.idleSockets = Math.max(0, number(a, v));
            case "--concurrency" -> o.concurrency = positive(a, v);
            case "--db-url" -> o.dbUrl = v;
            case "--hub" -> o.hubUrl = v.replaceAll("/+$", "");
            case "--hub-pid" -> o.hubPid = number(a, v);
            case "--hub-jvm-args" -> o.hubJvmArgs = v;
            case "--hub-jar" -> o.hubJar = Path.of(v);
            case "--markdown" -> o.markdown = Path.of(v);
            case "--work-dir" -> o.workDir = Path.of(v);
            case "--phases" -> o.phases = java.util.Set.of(v.split(","));
            default -> throw new UsageException("unknown option " + a);
          }
        }
      }
    }
    if (o.hubUrl != null && o.dbUrl == null) {
      throw new UsageException("--hub needs --db-url (the tool seeds the school in the hub's database)");
    }
    return o;
  }

  private void quick() {
    quick = true;
    runs = 1;
    seconds = 1;
    meetings = 4;
    studentsPerClass = 3;
    sockets = 8;
    rate = 50;
    fanoutSockets = 4;
    idleSockets = 40;
    concurrency = 8;
    pgbenchClients = 4;
  }

  private static int positive(String name, String v) {
    int n = number(name, v);
    if (n <= 0) {
      throw new UsageException(name + " must be positive");
    }
    return n;
  }

  private static int number(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a number, not " + v);
    }
  }

  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
