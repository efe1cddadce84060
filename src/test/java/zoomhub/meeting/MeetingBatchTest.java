package zoomhub.meeting;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.Addresses;
import zoomhub.HubFixture;
import zoomhub.Zoom;
import zoomhub.config.ConfigKeys;
import zoomhub.webhook.ZoomSignature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows that wait together are applied together, in one transaction: what each event does must not depend on whether
 * it came alone. The rows are written straight into the inbox while no actor looks, then a restart applies them as one
 * batch (the sweep is far away).
 */
class MeetingBatchTest {
  private static HubFixture hub;

  @BeforeAll
  static void start() {
    hub = HubFixture.start(new JsonObject().put(ConfigKeys.INBOX_SWEEP_SECONDS, 3600));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static void waiting(JsonObject body) {
    byte[] raw = body.encode().getBytes(StandardCharsets.UTF_8);
    JsonObject object = body.getJsonObject("payload").getJsonObject("object");
    hub.update("INSERT INTO webhook_events (event, zoom_meeting_id, zoom_uuid, body, body_sha256, state) "
        + "VALUES (?, ?, ?, ?::jsonb, ?, 'pending')", body.getString("event"), object.getValue("id").toString(),
      object.getString("uuid"), body.encode(), ZoomSignature.sha256(raw));
  }

  @Test
  void aBatchCountsPeopleAsksForAttendanceAndKeepsTheLatestUpdate() {
    String zoomId = "820000001";
    UUID meetingId = hub.insertMeeting(zoomId);
    List<JsonObject> got = new CopyOnWriteArrayList<>();
    hub.vertx.eventBus().<JsonObject>consumer(Addresses.meeting(meetingId), m -> got.add(m.body()));
    hub.vertx.eventBus().<JsonObject>consumer(Addresses.participants(meetingId), m -> got.add(m.body()));
    String uuid = "batch==";
    waiting(Zoom.started(zoomId, uuid, "2026-11-02T09:00:00Z"));
    waiting(Zoom.joined(zoomId, uuid, Zoom.participant("ana", "Ana", null), "2026-11-02T09:01:00Z"));
    waiting(Zoom.joined(zoomId, uuid, Zoom.participant("ben", "Ben", null), "2026-11-02T09:02:00Z"));
    JsonObject older = Zoom.event("meeting.updated", new JsonObject().put("id", zoomId).put("topic", "Algebra (first)"));
    JsonObject newer = Zoom.event("meeting.updated", new JsonObject().put("id", zoomId).put("topic", "Algebra (moved)"));
    waiting(newer); // arrives first, but its event_ts is later: it wins
    waiting(older.put("event_ts", newer.getLong("event_ts") - 1));
    waiting(Zoom.ended(zoomId, uuid, "2026-11-02T09:00:00Z", "2026-11-02T09:40:00Z"));

    hub.restart();

    await().atMost(Duration.ofSeconds(10)).until(() -> hub.count(
      "SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = ? AND state = 'pending'", zoomId) == 0);
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = ? AND state = 'processed'", zoomId))
      .isEqualTo(6);
    assertThat(hub.one("SELECT title FROM zoom_meetings WHERE id = ?", meetingId)).isEqualTo("Algebra (moved)");
    assertThat(hub.one("SELECT status FROM zoom_meetings WHERE id = ?", meetingId)).isEqualTo("ended");
    // the durable half of the seam to the attendance verticle is written in the same transaction
    assertThat(hub.one("SELECT attendance_requested_at IS NOT NULL FROM zoom_meeting_instances WHERE zoom_uuid = ?", uuid))
      .isEqualTo(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> got.stream().anyMatch(m -> "ended".equals(m.getString("status"))));
    List<JsonObject> people = got.stream().filter(m -> m.containsKey("participant")).toList();
    assertThat(people).isNotEmpty().allSatisfy(m -> assertThat(m.getLong("inMeeting")).isNotNull());
    assertThat(got).extracting(m -> m.getLong("seq")).doesNotHaveDuplicates().isSorted();
  }
}
