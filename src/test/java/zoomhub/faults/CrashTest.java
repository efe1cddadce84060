package zoomhub.faults;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import zoomhub.TestDatabase;
import zoomhub.db.DbTarget;
import zoomhub.webhook.WebhookEndpoint;
import zoomhub.webhook.ZoomSignature;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub process is killed (SIGKILL) in the middle of a class and started again: what it acknowledged is applied
 * after the restart, what it did not is delivered again, and the meeting ends as it would have without the crash.
 */
class CrashTest {
  private static final String SECRET = "crash-secret";

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aKilledHubLosesNothingItAcknowledged() throws Exception {
    DbTarget db = TestDatabase.fresh();
    int port = DatabaseOutageTest.freePort();
    String clean = "863000001";
    String faulty = "863000002";
    DatabaseOutageTest.sql(db, "INSERT INTO users (id, name, email, role) VALUES "
      + "('00000000-0000-0000-0000-000000000002', 'Host', 'h@c.test', 'teacher')");
    for (String z : List.of(clean, faulty)) {
      DatabaseOutageTest.sql(db, "INSERT INTO zoom_meetings (zoom_meeting_id, host_id, title) VALUES ('" + z
        + "', '00000000-0000-0000-0000-000000000002', 'Crash')");
    }
    Vertx vertx = Vertx.vertx();
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2_000));
    Process hub = startHub(db, port, "first");
    try {
      awaitReady(web, port);
      for (JsonObject e : ClassScenario.events(clean, "clean==", 20)) {
        assertThat(post(web, port, e.encode())).isEqualTo(200);
      }
      List<JsonObject> events = ClassScenario.events(faulty, "faulty==", 20);
      List<String> unacknowledged = new ArrayList<>();
      int acknowledged = 0;
      long pendingAtCrash = -1;
      for (int i = 0; i < events.size(); i++) {
        if (i == events.size() / 2) {
          hub.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no goodbye
          pendingAtCrash = DatabaseOutageTest.count(db,
            "SELECT count(*) FROM webhook_events WHERE state = 'pending' AND zoom_meeting_id = '" + faulty + "'");
        }
        String body = events.get(i).encode();
        int status = post(web, port, body);
        if (status == 200) {
          acknowledged++;
        } else {
          unacknowledged.add(body);
        }
      }
      hub = startHub(db, port, "second");
      awaitReady(web, port);
      for (String body : unacknowledged) {
        assertThat(post(web, port, body)).isEqualTo(200);
      }
      await().atMost(Duration.ofSeconds(60)).until(() ->
        DatabaseOutageTest.count(db, "SELECT count(*) FROM webhook_events WHERE state = 'pending'") == 0);
      List<Map<String, Object>> expected = DatabaseOutageTest.rows(db, ClassScenario.SESSIONS, clean);
      List<Map<String, Object>> actual = DatabaseOutageTest.rows(db, ClassScenario.SESSIONS, faulty);
      long stored = DatabaseOutageTest.count(db, "SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = '" + faulty + "'");
      System.out.printf("crash: %d events sent, %d acknowledged before/after the kill, %d refused while down and "
          + "delivered again, %d pending at the kill; %d stored; sessions %d (no-fault run %d); lost %d, doubled %d%n",
        events.size(), acknowledged, unacknowledged.size(), pendingAtCrash, stored, actual.size(), expected.size(),
        Math.max(0, expected.size() - actual.size()), Math.max(0, actual.size() - expected.size()));
      assertThat(unacknowledged).as("the crash was felt").isNotEmpty();
      assertThat(stored).isEqualTo(events.size());
      assertThat(actual).isEqualTo(expected);
      assertThat(DatabaseOutageTest.rows(db, ClassScenario.OCCURRENCE, faulty))
        .isEqualTo(DatabaseOutageTest.rows(db, ClassScenario.OCCURRENCE, clean));
    } finally {
      hub.destroyForcibly().waitFor();
      vertx.close().await();
    }
  }

  /** The hub as its own JVM, the way an operator runs it (`run`), configured through the environment. */
  private static Process startHub(DbTarget db, int port, String name) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx256m",
      "-cp", System.getProperty("java.class.path"), "zoomhub.Main", "run");
    pb.environment().put("HUB_DB_URL", "postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database());
    pb.environment().put("HUB_HTTP_PORT", Integer.toString(port));
    pb.environment().put("ZOOM_WEBHOOK_SECRET_TOKEN", SECRET);
    pb.environment().put("HUB_JWT_SECRET", "crash-test-jwt-secret-at-least-32-bytes");
    pb.environment().put("HUB_INBOX_SWEEP_SECONDS", "1");
    File log = new File("target", "crash-hub-" + name + ".log");
    return pb.redirectErrorStream(true).redirectOutput(log).start();
  }

  private static void awaitReady(WebClient web, int port) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
      web.get(port, "localhost", "/health/ready").send().await().statusCode() == 200);
  }

  /** @return the status, or -1 when nobody answered (the hub is down) */
  private static int post(WebClient web, int port, String body) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    try {
      return web.post(port, "localhost", WebhookEndpoint.PATH).putHeader("x-zm-request-timestamp", ts)
        .putHeader("x-zm-signature", ZoomSignature.sign(SECRET, ts, raw)).timeout(5_000)
        .sendBuffer(Buffer.buffer(raw)).await().statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
