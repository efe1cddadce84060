package zoomhub.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;
import zoomhub.Zoom;
import zoomhub.access.Jwt;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An admin lists the inbox's failed events (never their bodies) and retries one once its cause is mended. */
class InboxAdminApiTest {
  private static HubFixture hub;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static HttpResponse<Buffer> call(String method, String path, UUID user) {
    return WebClient.create(hub.vertx).request(io.vertx.core.http.HttpMethod.valueOf(method), hub.port, "localhost", path)
      .putHeader("Authorization", "Bearer " + Jwt.fromConfig(hub.vertx, hub.conf).issue(user, 600, hub.conf)).send().await();
  }

  @Test
  void failedEventsAreListedWithoutBodiesAndCanBeRetried() {
    UUID admin = hub.insertUser("Root", "root@inbox.test", "admin");
    UUID teacher = hub.insertUser("Tim", "tim@inbox.test", "teacher");
    // an event for a meeting the hub does not know yet: unmatched, and retried once the meeting exists
    hub.post(Zoom.started("865000001", "retry==", "2026-11-02T09:00:00Z"));
    JsonObject bad = Zoom.started("865000001", "bad==", "2026-11-02T09:00:00Z");
    bad.getJsonObject("payload").getJsonObject("object").remove("uuid");
    hub.insertMeeting("865000001", teacher, null);
    hub.post(bad);
    await().atMost(Duration.ofSeconds(10)).until(() ->
      hub.count("SELECT count(*) FROM webhook_events WHERE state = 'failed'") == 1);

    JsonArray failed = call("GET", "/api/admin/webhook-events?state=failed", admin).bodyAsJsonObject().getJsonArray("items");
    assertThat(failed).hasSize(1);
    assertThat(failed.getJsonObject(0).getString("error")).isEqualTo("payload.object.uuid is missing");
    assertThat(failed.getJsonObject(0).containsKey("body")).isFalse();
    assertThat(call("GET", "/api/admin/webhook-events", teacher).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/api/admin/webhook-events?state=weird", admin).statusCode()).isEqualTo(422);

    long unmatched = ((Number) hub.one("SELECT id FROM webhook_events WHERE state = 'unmatched'")).longValue();
    assertThat(call("POST", "/api/admin/webhook-events/" + unmatched + "/retry", teacher).statusCode()).isEqualTo(403);
    assertThat(call("POST", "/api/admin/webhook-events/" + unmatched + "/retry", admin).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() ->
      "started".equals(hub.one("SELECT status FROM zoom_meetings WHERE zoom_meeting_id = '865000001'")));
    assertThat(call("POST", "/api/admin/webhook-events/" + unmatched + "/retry", admin).statusCode()).isEqualTo(409);
    assertThat(call("POST", "/api/admin/webhook-events/999999/retry", admin).statusCode()).isEqualTo(404);
  }
}
