package zoomhub.bridge;

import io.vertx.core.json.JsonObject;
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

/** A meeting registered in the hub after Zoom already sent its events: the last day's events are applied then. */
class MeetingRegisteredLateTest {
  private static HubFixture hub;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void eventsThatArrivedBeforeTheMeetingWasRegisteredAreAppliedWhenItIs() {
    String zoomId = "84000000001";
    hub.post(Zoom.started(zoomId, "early==", "2026-11-02T09:00:00Z"));
    hub.post(Zoom.joined(zoomId, "early==", Zoom.participant("ana", "Ana", null), "2026-11-02T09:02:00Z"));
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = ? AND state = 'unmatched'", zoomId))
      .isEqualTo(2);
    UUID teacher = hub.insertUser("Tia", "tia@school.test", "teacher");
    var created = WebClient.create(hub.vertx).post(hub.port, "localhost", "/api/meetings")
      .putHeader("Authorization", "Bearer " + Jwt.fromConfig(hub.vertx, hub.conf).issue(teacher, 600, hub.conf))
      .sendJsonObject(new JsonObject().put("zoomMeetingId", zoomId).put("title", "Chemistry")).await();
    assertThat(created.statusCode()).isEqualTo(201);
    UUID meetingId = UUID.fromString(created.bodyAsJsonObject().getString("id"));
    await().atMost(Duration.ofSeconds(10)).until(() ->
      "started".equals(hub.one("SELECT status FROM zoom_meetings WHERE id = ?", meetingId)));
    await().atMost(Duration.ofSeconds(10)).until(() ->
      hub.count("SELECT count(*) FROM zoom_participants WHERE meeting_id = ?", meetingId) == 1);
  }
}
