package zoomhub.meeting;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import zoomhub.Zoom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoomEventTest {
  private static final JsonObject JILL = Zoom.participant("55555AAAiAAAAAiAiAiiAii", "Jill Chill", "jchill@example.com");

  @Test
  void participantKeyPrefersParticipantUuidThenIdThenUserIdThenName() throws Exception {
    JsonObject p = new JsonObject().put("user_name", "Jill").put("user_id", "16780288").put("id", "iFxe")
      .put("participant_uuid", "67C1A429").put("join_time", "2026-11-02T09:00:00Z");
    assertThat(key(p)).isEqualTo("uuid:67C1A429");
    p.remove("participant_uuid");
    assertThat(key(p)).isEqualTo("id:iFxe");
    p.put("id", "");
    assertThat(key(p)).isEqualTo("user:16780288");
    p.remove("user_id");
    assertThat(key(p)).isEqualTo("name:Jill");
  }

  @Test
  void missingNeededFieldsAreNamed() {
    assertThatThrownBy(() -> ZoomEvent.parse(Zoom.started("1", "u", "2026-11-02T09:00:00Z").put("payload", new JsonObject())))
      .hasMessage("payload.object is missing");
    JsonObject noStart = Zoom.started("1", "u", "x");
    noStart.getJsonObject("payload").getJsonObject("object").remove("start_time");
    assertThatThrownBy(() -> ZoomEvent.parse(noStart)).hasMessage("payload.object.start_time is missing");
    JsonObject noUuid = Zoom.joined("1", "u", JILL, "2026-11-02T09:00:00Z");
    noUuid.getJsonObject("payload").getJsonObject("object").remove("uuid");
    assertThatThrownBy(() -> ZoomEvent.parse(noUuid)).hasMessage("payload.object.uuid is missing");
    assertThatThrownBy(() -> ZoomEvent.parse(Zoom.joined("1", "u", JILL, "yesterday")))
      .hasMessageContaining("payload.object.participant.join_time is not an ISO-8601 time");
    JsonObject noLeave = Zoom.left("1", "u", JILL, "2026-11-02T09:00:00Z");
    noLeave.getJsonObject("payload").getJsonObject("object").getJsonObject("participant").remove("leave_time");
    assertThatThrownBy(() -> ZoomEvent.parse(noLeave)).hasMessage("payload.object.participant.leave_time is missing");
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    JsonObject body = Zoom.joined(85393847045L, "u", JILL.copy().put("custom_keys", new JsonObject().put("k", "v")),
      "2026-11-02T09:00:00Z").put("something_new", 1);
    ZoomEvent e = ZoomEvent.parse(body);
    assertThat(e.zoomMeetingId()).isEqualTo("85393847045");
    assertThat(e.participant().email()).isEqualTo("jchill@example.com");
  }

  private static String key(JsonObject participant) throws Exception {
    JsonObject body = Zoom.event("meeting.participant_joined", Zoom.meeting("1", "u").put("participant", participant));
    return ZoomEvent.parse(body).participant().key();
  }
}
