package zoomhub.faults;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import zoomhub.Hub;
import zoomhub.config.ConfigKeys;
import zoomhub.config.HubConfig;
import zoomhub.db.DbTarget;
import zoomhub.db.EmbeddedDatabase;
import zoomhub.db.Migrations;
import zoomhub.webhook.WebhookEndpoint;
import zoomhub.webhook.ZoomSignature;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops in the middle of a class and comes back: every webhook is answered 200 (stored) or 503 (not
 * stored); once the 503'd ones are delivered again, as Zoom does, the meeting ends exactly as a run without the fault.
 */
class DatabaseOutageTest {
  private static final String SECRET = "outage-secret";

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void nothingAcknowledgedIsLostAndNothingIsDoubled() throws Exception {
    Path dir = Files.createTempDirectory("zoomhub-outage");
    int pgPort = freePort();
    EmbeddedDatabase pg = EmbeddedDatabase.start(dir, false, pgPort);
    DbTarget db = pg.target();
    Migrations.migrate(db);
    int httpPort = freePort();
    JsonObject conf = HubConfig.resolve(new JsonObject().put(ConfigKeys.HTTP_PORT, httpPort)
      .put(ConfigKeys.ZOOM_WEBHOOK_SECRETS, new JsonArray().add(SECRET)).put(ConfigKeys.INBOX_SWEEP_SECONDS, 1), Map.of());
    Vertx vertx = Vertx.vertx();
    try {
      Hub.deploy(vertx, conf, db).await();
      WebClient web = WebClient.create(vertx);
      String clean = "862000001";
      String faulty = "862000002";
      sql(db, "INSERT INTO users (id, name, email, role) VALUES ('00000000-0000-0000-0000-000000000001', 'Host', 'h@o.test', 'teacher')");
      for (String z : List.of(clean, faulty)) {
        sql(db, "INSERT INTO zoom_meetings (zoom_meeting_id, host_id, title) VALUES ('" + z
          + "', '00000000-0000-0000-0000-000000000001', 'Outage')");
      }
      for (JsonObject e : ClassScenario.events(clean, "clean==", 20)) {
        assertThat(post(web, httpPort, e.encode()).statusCode()).isEqualTo(200);
      }

      List<JsonObject> events = ClassScenario.events(faulty, "faulty==", 20);
      List<String> notStored = new ArrayList<>();
      int ok = 0;
      int refused = 0;
      for (int i = 0; i < events.size(); i++) {
        if (i == events.size() / 3) {
          pg.close(); // PostgreSQL goes away mid-burst
        }
        if (i == 2 * events.size() / 3) {
          pg = EmbeddedDatabase.start(dir, false, pgPort); // and comes back on the same data and port
        }
        String body = events.get(i).encode();
        int status = post(web, httpPort, body).statusCode();
        assertThat(status).as("event %d", i).isIn(200, 503);
        if (status == 503) {
          refused++;
          notStored.add(body);
        } else {
          ok++;
        }
      }
      // Zoom delivers the refused ones again (the same bodies); the database may need a moment to be reachable
      for (String body : notStored) {
        await().atMost(Duration.ofSeconds(30)).until(() -> post(web, httpPort, body).statusCode() == 200);
      }
      await().atMost(Duration.ofSeconds(60)).until(() ->
        count(db, "SELECT count(*) FROM webhook_events WHERE state = 'pending'") == 0);
      long stored = count(db, "SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = '" + faulty + "'");
      List<Map<String, Object>> expected = rows(db, ClassScenario.SESSIONS, clean);
      List<Map<String, Object>> actual = rows(db, ClassScenario.SESSIONS, faulty);
      System.out.printf("database outage: %d events sent, %d answered 200 at once, %d answered 503 and delivered again; "
          + "%d stored; sessions %d (no-fault run %d); lost %d, doubled %d%n", events.size(), ok, refused, stored,
        actual.size(), expected.size(), Math.max(0, expected.size() - actual.size()), Math.max(0, actual.size() - expected.size()));
      assertThat(refused).as("the outage was felt").isPositive();
      assertThat(stored).isEqualTo(events.size());
      assertThat(actual).isEqualTo(expected);
      assertThat(rows(db, ClassScenario.OCCURRENCE, faulty)).isEqualTo(rows(db, ClassScenario.OCCURRENCE, clean));
    } finally {
      vertx.close().await();
      pg.close();
    }
  }

  private static HttpResponse<Buffer> post(WebClient web, int port, String body) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    return web.post(port, "localhost", WebhookEndpoint.PATH).putHeader("x-zm-request-timestamp", ts)
      .putHeader("x-zm-signature", ZoomSignature.sign(SECRET, ts, raw)).sendBuffer(Buffer.buffer(raw)).await();
  }

  static void sql(DbTarget db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties())) {
      c.createStatement().execute(sql);
    }
  }

  static long count(DbTarget db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
         ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static List<Map<String, Object>> rows(DbTarget db, String sql, String arg) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
         PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, arg);
      List<Map<String, Object>> out = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          }
          out.add(row);
        }
      }
      return out;
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
