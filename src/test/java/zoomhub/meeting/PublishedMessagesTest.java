package zoomhub.meeting;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.Addresses;
import zoomhub.HubFixture;
import zoomhub.Zoom;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What browsers will be sent (SPEC section 6): the messages each change publishes, and their {@code seq}. */
class PublishedMessagesTest {
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
  void everyChangeIsPublishedOnceWithASeqThatRisesByOneAcrossTheMeetingsAddresses() {
    String zoomId = "810000001";
    UUID meetingId = hub.insertMeeting(zoomId);
    List<JsonObject> got = new CopyOnWriteArrayList<>();
    hub.vertx.eventBus().<JsonObject>consumer(Addresses.meeting(meetingId), m -> got.add(m.body()));
    hub.vertx.eventBus().<JsonObject>consumer(Addresses.participants(meetingId), m -> got.add(m.body()));
    JsonObject ana = Zoom.participant("ana", "Ana", null);
    JsonObject ben = Zoom.participant("ben", "Ben", null);
    JsonObject anaJoins = Zoom.joined(zoomId, "seq==", ana, "2026-11-02T09:01:00Z");

    post(Zoom.started(zoomId, "seq==", "2026-11-02T09:00:00Z"));
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
    post(anaJoins);
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2);
    post(Zoom.joined(zoomId, "seq==", ben, "2026-11-02T09:02:00Z"));
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 3);
    post(Zoom.left(zoomId, "seq==", ana, "2026-11-02T09:31:00Z"));
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 4);

    JsonObject status = got.get(0);
    assertThat(status.getString("type")).isEqualTo("meeting.status");
    assertThat(status.getString("meetingId")).isEqualTo(meetingId.toString());
    assertThat(status.getString("status")).isEqualTo("started");
    assertThat(status.getString("startedAt")).isEqualTo("2026-11-02T09:00:00Z");
    assertThat(status.getString("endedAt")).isNull();
    assertThat(status.getString("instanceId")).isEqualTo(
      hub.one("SELECT id FROM zoom_meeting_instances WHERE zoom_uuid = 'seq=='").toString());

    JsonObject anaIn = got.get(1);
    assertThat(anaIn.getString("type")).isEqualTo("participant.joined");
    assertThat(anaIn.getJsonObject("participant").getString("name")).isEqualTo("Ana");
    assertThat(anaIn.getJsonObject("participant").getString("joinTime")).isEqualTo("2026-11-02T09:01:00Z");
    assertThat(anaIn.getJsonObject("participant").getString("leaveTime")).isNull();
    assertThat(anaIn.getLong("inMeeting")).isEqualTo(1);
    assertThat(got.get(2).getLong("inMeeting")).isEqualTo(2);
    JsonObject anaOut = got.get(3);
    assertThat(anaOut.getString("type")).isEqualTo("participant.left");
    assertThat(anaOut.getJsonObject("participant").getLong("durationSeconds")).isEqualTo(30 * 60);
    assertThat(anaOut.getJsonObject("participant").getString("id"))
      .isEqualTo(anIn(anaIn)).isEqualTo(hub.one("SELECT id FROM zoom_participants WHERE name = 'Ana'").toString());
    assertThat(anaOut.getLong("inMeeting")).isEqualTo(1);

    // a redelivered body, and a retry that repeats a known join: nothing changes, so nothing is published
    post(anaJoins);
    post(Zoom.joined(zoomId, "seq==", ana, "2026-11-02T09:01:00Z"));
    // the end closes Ben's session and ends the meeting: two messages; a restart in between keeps the count going
    hub.restart();
    post(Zoom.ended(zoomId, "seq==", "2026-11-02T09:00:00Z", "2026-11-02T10:00:00Z"));
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 6);
    assertThat(got.subList(4, 6)).extracting(m -> m.getString("type"))
      .containsExactlyInAnyOrder("participant.left", "meeting.status");
    assertThat(got).extracting(m -> m.getLong("seq")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(hub.count("SELECT seq FROM meeting_streams WHERE meeting_id = ?", meetingId)).isEqualTo(6);
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = ? AND state = 'pending'", zoomId))
      .isZero();
  }

  private static String anIn(JsonObject joined) {
    return joined.getJsonObject("participant").getString("id");
  }

  private static void post(JsonObject body) {
    assertThat(hub.post(body).statusCode()).isEqualTo(200);
  }
}
