package zoomhub.load;

import io.vertx.core.Vertx;
import zoomhub.Addresses;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load tool (BENCHMARKS.md): one hub, its PostgreSQL and this tool on one machine. Each run measures durable
 * ingest at full speed beside pgbench, live delivery latency at a fixed rate, and fan-out to one busy meeting; one
 * reading at the end holds many idle sockets open to weigh them. Prints one table of medians.
 */
public final class LoadTool {
  private final Options o;
  private final Target target;
  private final Vertx vertx;
  private final School school;
  private Report report = new Report();
  private double maxRssMiB;

  private LoadTool(Options o, Target target, Vertx vertx, School school) {
    this.o = o;
    this.target = target;
    this.vertx = vertx;
    this.school = school;
  }

  public static void main(String[] args) {
    int code;
    try {
      System.out.println(run(Options.parse(args)));
      code = 0;
    } catch (Options.UsageException e) {
      System.err.println(e.getMessage() == null ? Options.USAGE : "load: " + e.getMessage() + "\n\n" + Options.USAGE);
      code = e.getMessage() == null ? 0 : 2;
    } catch (Exception e) {
      System.err.println("load: failed: " + e.getMessage());
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  /** Runs every phase; returns the table (goals met or not). */
  static String run(Options o) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Target target = Target.open(o)) {
      log("seeding " + o.meetings + " meetings, classes of " + o.studentsPerClass + " students");
      School school = School.seed(vertx, target, o.meetings, o.studentsPerClass);
      LoadTool tool = new LoadTool(o, target, vertx, school);
      return tool.measure();
    } finally {
      vertx.close().await();
    }
  }

  private String measure() throws Exception {
    defineLines();
    Traffic traffic = new Traffic(school.meetings);
    Webhooks starts = new Webhooks(vertx, target, o.concurrency, null);
    for (School.Meeting m : school.meetings) {
      check(starts.post(Traffic.started(m)).await(), "meeting.started");
    }
    starts.close();
    drain();
    if (!o.quick) { // one whole run first, not recorded: the hub's JIT compiles every path before anything counts
      log("warming up: one run that is not recorded");
      Report recorded = report;
      report = new Report();
      defineLines();
      runPhases(traffic);
      report = recorded;
    }
    for (int run = 1; run <= o.runs; run++) {
      log("run " + run + " of " + o.runs);
      runPhases(traffic);
    }
    if (o.idleSockets > 0 && o.phases.contains("idle")) {
      idle();
    }
    report.add("rss", maxRssMiB);
    report.add("refused", refused);
    String machine = Target.machine().toString();
    StringBuilder out = new StringBuilder();
    out.append("\nzoom-hub load, ").append(LocalDateTime.now().withNano(0)).append(", ").append(machine).append('\n');
    out.append("target: ").append(target.description).append('\n');
    out.append("sizes: ").append(o.meetings).append(" meetings, ").append(o.sockets).append(" sockets at ")
      .append(o.rate).append(" webhooks/s, fan-out ").append(o.fanoutSockets).append(" sockets, ")
      .append(o.idleSockets).append(" idle sockets, ").append(o.seconds).append(" s phases, ").append(o.runs)
      .append(" runs, ").append(o.concurrency).append(" requests in flight\n");
    if (pgbenchHow != null) {
      out.append("pgbench: ").append(pgbenchHow).append('\n');
    }
    out.append('\n').append(report.text());
    if (o.pgTop > 0) {
      out.append("\nwhere the database's time went:\n").append(target.topStatements(o.pgTop));
    }
    if (o.markdown != null) {
      Files.writeString(o.markdown, "Machine: " + machine + "  \nTarget: " + target.description + "  \nSizes: "
        + o.meetings + " meetings, " + o.sockets + " sockets at " + o.rate + " webhooks/s, fan-out " + o.fanoutSockets
        + " sockets, " + o.idleSockets + " idle sockets, " + o.seconds + " s phases, " + o.runs + " runs  \n"
        + (pgbenchHow == null ? "" : "pgbench: " + pgbenchHow + "\n") + "\n" + report.markdown());
      out.append("(written as Markdown to ").append(o.markdown).append(")\n");
    }
    return out.toString();
  }

  private void runPhases(Traffic traffic) throws Exception {
    if (o.phases.contains("live")) {
      registerTrickle(); // first: the previous run's writes have settled
    }
    if (o.pgbench) {
      PgBench.Result pg = PgBench.run(target.db, o.pgbenchClients, o.seconds, o.workDir);
      report.add("pgbench", pg.tps());
      pgbenchHow = pg.how();
    }
    if (o.phases.contains("ingest")) {
      ingest(traffic);
    }
    if (o.phases.contains("live")) {
      live(traffic);
    }
    if (o.phases.contains("fanout")) {
      fanout(traffic);
    }
  }

  private String pgbenchHow;

  private void defineLines() {
    report.line("ingest", "Durable webhooks accepted, as fast as accepted", "/s", ">= 5,000", v -> v >= 5000);
    report.line("pgbench", "pgbench, one-row jsonb INSERT, same server", "tps", null, null);
    report.line("ratio", "Hub ingest / pgbench", "ratio", ">= 0.5", v -> v >= 0.5);
    report.line("ingestAck50", "Ack latency at full speed, p50", "ms", null, null);
    report.line("ingestAck99", "Ack latency at full speed, p99", "ms", "< 3,000", v -> v < 3000);
    report.line("applied", "Events applied by the meeting actors", "/s", null, null);
    report.line("ingestCpu", "Hub CPU at full speed", "cores", null, null);
    report.line("ingestPgCpu", "PostgreSQL CPU at full speed", "cores", null, null);
    report.line("ingestToolCpu", "Load tool CPU at full speed", "cores", null, null);
    report.line("ingestBusy", "Machine busy at full speed", "%", null, null);
    report.line("live50", "Webhook-to-socket at " + o.rate + "/s, " + o.sockets + " sockets, p50", "ms", null, null);
    report.line("live99", "Webhook-to-socket at " + o.rate + "/s, " + o.sockets + " sockets, p99", "ms", "< 50", v -> v < 50);
    report.line("liveAck99", "Ack latency at " + o.rate + "/s, p99", "ms", null, null);
    report.line("low50", "Webhook-to-socket at " + lowRate() + "/s, " + o.sockets + " sockets, p50", "ms", null, null);
    report.line("low99", "Webhook-to-socket at " + lowRate() + "/s, " + o.sockets + " sockets, p99", "ms", null, null);
    report.line("liveHeld", "Held back from sockets too slow to read (they resync)", "count", null, null);
    report.line("liveLost", "Participant messages lost (not delivered, not held back)", "count", "0", v -> v == 0);
    report.line("liveCpu", "Hub CPU at " + o.rate + "/s", "cores", null, null);
    report.line("livePgCpu", "PostgreSQL CPU at " + o.rate + "/s", "cores", null, null);
    report.line("fanout", "Delivered to sockets, " + o.fanoutSockets + " sockets on one meeting", "msgs/s", ">= 50,000", v -> v >= 50_000);
    report.line("fanout99", "Webhook-to-socket in the fan-out, p99", "ms", null, null);
    report.line("register50", "REGISTER authorization, pages opening at " + trickleRate() + "/s, p50", "ms", null, null);
    report.line("register99", "REGISTER authorization, pages opening at " + trickleRate() + "/s, p99", "ms", "< 5", v -> v < 5);
    report.line("burst50", "REGISTER authorization, " + o.sockets + " sockets opening at once, p50", "ms", null, null);
    report.line("burst99", "REGISTER authorization, " + o.sockets + " sockets opening at once, p99", "ms", null, null);
    report.line("heap", "Heap per open socket (" + o.idleSockets + " sockets, 2 registrations each)", "KiB", "< 30", v -> v < 30);
    report.line("rss", "Hub RSS, highest seen", "MiB", null, null);
    report.line("refused", "Registrations refused (every one should be granted)", "count", "0", v -> v == 0);
  }

  private void ingest(Traffic traffic) throws Exception {
    AtomicInteger next = new AtomicInteger();
    int meetings = school.meetings.size();
    Webhooks webhooks = new Webhooks(vertx, target, o.concurrency, null);
    long pendingBefore = pending();
    ProcStats.Window cpu = new ProcStats.Window(target.hubPid);
    long t0 = System.nanoTime();
    Webhooks.Result r = webhooks.asFastAsAccepted(() -> traffic.next(Math.floorMod(next.getAndIncrement(), meetings)),
      o.concurrency, o.seconds);
    double[] usage = cpu.stop();
    sampleRss();
    webhooks.close();
    log(String.format("ingest: %,d accepted (%.0f/s), %d failed; waiting for the actors to apply them", r.accepted(),
      r.perSecond(), r.failed()));
    drain();
    double appliedSeconds = (System.nanoTime() - t0) / 1e9;
    report.add("ingest", r.perSecond());
    if (o.pgbench) {
      report.add("ratio", r.perSecond() / report.last("pgbench"));
    }
    report.add("ingestAck50", r.ack().ms(0.5));
    report.add("ingestAck99", r.ack().ms(0.99));
    report.add("applied", (r.accepted() + pendingBefore) / appliedSeconds);
    report.add("ingestCpu", usage[0]);
    report.add("ingestPgCpu", usage[3]);
    report.add("ingestToolCpu", usage[2]);
    report.add("ingestBusy", usage[1] * 100);
  }

  private void live(Traffic traffic) throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Sockets sockets = new Sockets(vertx, target, sentAt);
    List<Sockets.Tab> tabs = new ArrayList<>();
    int meetings = Math.min(school.meetings.size(), Math.max(1, o.sockets));
    for (int i = 0; i < o.sockets; i++) {
      tabs.add(staffTab(school.meetings.get(i % meetings), i));
    }
    double registeredBefore = target.metric("zoomhub_bridge_registrations_total", null);
    var bucketsBefore = target.buckets("zoomhub_bridge_register_seconds");
    sockets.open(tabs, 50);
    awaitRegistrations(registeredBefore, 2.0 * o.sockets, sockets);
    var bucketsAfter = target.buckets("zoomhub_bridge_register_seconds");
    report.add("burst50", Target.quantileMs(bucketsBefore, bucketsAfter, 0.5));
    report.add("burst99", Target.quantileMs(bucketsBefore, bucketsAfter, 0.99));
    double heldBefore = target.metric("zoomhub_bridge_held_back_total", null);
    Webhooks webhooks = new Webhooks(vertx, target, o.concurrency, sentAt);
    AtomicInteger next = new AtomicInteger();
    ProcStats.Window cpu = new ProcStats.Window(target.hubPid);
    Webhooks.Result r = webhooks.atRate(() -> traffic.next(Math.floorMod(next.getAndIncrement(), meetings)), o.rate,
      o.seconds);
    double[] usage = cpu.stop();
    drain();
    awaitQuiet(sockets);
    sampleRss();
    long expectedDeliveries = expectedDeliveries(r.accepted(), o.sockets, meetings);
    report.add("live50", sockets.latency.ms(0.5));
    report.add("live99", sockets.latency.ms(0.99));
    report.add("liveAck99", r.ack().ms(0.99));
    double held = target.metric("zoomhub_bridge_held_back_total", null) - heldBefore;
    report.add("liveHeld", held);
    report.add("liveLost", Math.max(0, expectedDeliveries - sockets.latency.count() - held));
    report.add("liveCpu", usage[0]);
    report.add("livePgCpu", usage[3]);
    log(String.format("live: %,d webhooks at %d/s, %,d participant messages matched of %,d expected, %d err frames",
      r.accepted(), o.rate, sockets.latency.count(), expectedDeliveries, sockets.errors.get()));
    // the same sockets at a quarter of the rate: the latency when the machine has room to spare
    sockets.latency = new Samples();
    Webhooks.Result quiet = webhooks.atRate(() -> traffic.next(Math.floorMod(next.getAndIncrement(), meetings)),
      lowRate(), o.seconds);
    drain();
    awaitQuiet(sockets);
    report.add("low50", sockets.latency.ms(0.5));
    report.add("low99", sockets.latency.ms(0.99));
    log(String.format("live: %,d webhooks at %d/s, %,d participant messages matched", quiet.accepted(), lowRate(),
      sockets.latency.count()));
    webhooks.close();
    sockets.close();
  }

  private int lowRate() {
    return Math.max(1, o.rate / 4);
  }

  private int trickleRate() {
    return o.quick ? 50 : 20;
  }

  /** REGISTER timing as pages open one after another (two registers each), from the hub's histogram. */
  private void registerTrickle() throws Exception {
    Sockets sockets = new Sockets(vertx, target, null);
    List<Sockets.Tab> tabs = new ArrayList<>();
    int count = trickleRate() * o.seconds;
    for (int i = 0; i < count; i++) {
      tabs.add(staffTab(school.meetings.get((i * 7) % school.meetings.size()), i));
    }
    double registeredBefore = target.metric("zoomhub_bridge_registrations_total", null);
    var before = target.buckets("zoomhub_bridge_register_seconds");
    sockets.openPaced(tabs, trickleRate());
    awaitRegistrations(registeredBefore, 2.0 * count, sockets);
    var after = target.buckets("zoomhub_bridge_register_seconds");
    report.add("register50", Target.quantileMs(before, after, 0.5));
    report.add("register99", Target.quantileMs(before, after, 0.99));
    sockets.close();
  }

  /** Every socket on meeting i % meetings sees every participant message of that meeting once. */
  private static long expectedDeliveries(long webhooks, int sockets, int meetings) {
    long total = 0;
    for (int m = 0; m < meetings; m++) {
      long tabsHere = sockets / meetings + (m < sockets % meetings ? 1 : 0);
      long webhooksHere = webhooks / meetings + (m < webhooks % meetings ? 1 : 0);
      total += tabsHere * webhooksHere;
    }
    return total;
  }

  private void fanout(Traffic traffic) throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Sockets sockets = new Sockets(vertx, target, sentAt);
    School.Meeting busy = school.meetings.get(0);
    List<Sockets.Tab> tabs = new ArrayList<>();
    for (int i = 0; i < o.fanoutSockets; i++) {
      tabs.add(staffTab(busy, i));
    }
    double registeredBefore = target.metric("zoomhub_bridge_registrations_total", null);
    sockets.open(tabs, 50);
    awaitRegistrations(registeredBefore, 2.0 * o.fanoutSockets, sockets);
    Webhooks webhooks = new Webhooks(vertx, target, o.concurrency, sentAt);
    long framesBefore = sockets.frames.get();
    long t0 = System.nanoTime();
    Webhooks.Result r = webhooks.asFastAsAccepted(() -> traffic.next(0), o.concurrency, o.seconds);
    drain();
    awaitQuiet(sockets);
    sampleRss();
    double seconds = (sockets.lastFrameNanos.get() - t0) / 1e9;
    long delivered = sockets.frames.get() - framesBefore;
    report.add("fanout", delivered / seconds);
    report.add("fanout99", sockets.latency.ms(0.99));
    log(String.format("fan-out: %,d webhooks to one meeting, %,d messages delivered in %.1f s", r.accepted(), delivered,
      seconds));
    webhooks.close();
    sockets.close();
  }

  private void idle() throws Exception {
    double heapBefore = target.heapAfterGcKiB();
    Sockets sockets = new Sockets(vertx, target, null);
    List<Sockets.Tab> tabs = new ArrayList<>();
    for (int i = 0; i < o.idleSockets; i++) {
      tabs.add(staffTab(school.meetings.get(i % school.meetings.size()), i));
    }
    log("opening " + o.idleSockets + " sockets");
    double registeredBefore = target.metric("zoomhub_bridge_registrations_total", null);
    sockets.open(tabs, 200);
    awaitRegistrations(registeredBefore, 2.0 * o.idleSockets, sockets);
    double heapAfter = target.heapAfterGcKiB();
    sampleRss();
    report.add("heap", (heapAfter - heapBefore) / o.idleSockets);
    log(String.format("idle: %d sockets open, heap %.0f KiB -> %.0f KiB", sockets.size(), heapBefore, heapAfter));
    sockets.close();
  }

  /** A teacher's tab on a meeting: the host and the class teacher take turns. */
  private Sockets.Tab staffTab(School.Meeting m, int i) {
    return new Sockets.Tab(school.token(i % 2 == 0 ? m.host() : m.teacher()),
      List.of(Addresses.meeting(m.id()), Addresses.participants(m.id())));
  }

  /**
   * Waits until the hub has decided {@code count} more registrations: granted (silent, so counted from its metrics)
   * or refused (an err frame). Refusals are counted in the table: the rules must grant every one of these.
   */
  private void awaitRegistrations(double before, double count, Sockets sockets) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (target.metric("zoomhub_bridge_registrations_total", null) - before + sockets.errors.get() - sockets.errorsCounted
      < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the hub did not decide " + (long) count + " registrations within 120 s");
      }
      Thread.sleep(100); // polling the hub's metrics; no event to wait on
    }
    refused += sockets.errors.get() - sockets.errorsCounted;
    sockets.errorsCounted = sockets.errors.get();
  }

  private long refused;

  /** Waits until no frame has arrived for half a second (the last deliveries of a phase). */
  private static void awaitQuiet(Sockets sockets) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() - sockets.lastFrameNanos.get() < 500_000_000L && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** Waits until the meeting actors have applied every pending inbox row. */
  private void drain() throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (pending() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the inbox still has pending events after 300 s");
      }
      Thread.sleep(200);
    }
  }

  private long pending() throws Exception {
    try (Connection c = target.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT 1 FROM webhook_events WHERE state = 'pending' "
           + "LIMIT 1000) p")) { // cheap: the tool must not load the database it measures
      rs.next();
      return rs.getLong(1);
    }
  }

  private void sampleRss() {
    if (target.hubPid > 0) {
      maxRssMiB = Math.max(maxRssMiB, ProcStats.rssMiB(target.hubPid));
    }
  }

  private static void check(int status, String what) {
    if (status != 200) {
      throw new IllegalStateException(what + " answered " + status);
    }
  }

  private static void log(String line) {
    System.err.println("load: " + line);
  }
}
