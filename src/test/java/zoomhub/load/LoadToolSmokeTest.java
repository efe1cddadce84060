package zoomhub.load;

import org.junit.jupiter.api.Test;
import zoomhub.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few seconds of the load tool at a tiny load, so it cannot rot: every phase runs against a real hub process and
 * PostgreSQL, and the one figure that is about correctness, not speed, holds (no participant message is lost).
 * Timings are printed by the tool, never asserted here.
 */
class LoadToolSmokeTest {
  @Test
  void everyPhaseRunsAndNoParticipantMessageIsLost() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "load-smoke"));
    Path markdown = work.resolve("table.md");
    Options o = Options.parse(new String[] {"--quick", "--db-url", Target.url(TestDatabase.fresh()),
      "--work-dir", work.toString(), "--markdown", markdown.toString()});
    o.hubFromClassPath = true; // the jar may not be packaged yet (or be stale): run the classes under test

    String table = LoadTool.run(o);

    assertThat(table).contains("Durable webhooks accepted", "Webhook-to-socket", "REGISTER authorization",
      "Heap per open socket", "Hub RSS");
    assertThat(line(table, "Participant messages lost")).contains(" 0.00 ");
    assertThat(line(table, "Delivered to sockets")).doesNotContain("n/a");
    assertThat(line(table, "Heap per open socket")).doesNotContain("n/a");
    assertThat(Files.readString(markdown)).contains("| figure | unit | median |");
  }

  private static String line(String table, String start) {
    return table.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() ->
      new AssertionError("no line " + start + " in\n" + table));
  }
}
