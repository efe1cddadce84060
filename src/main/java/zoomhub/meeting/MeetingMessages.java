package zoomhub.meeting;

import io.vertx.core.json.JsonObject;
import zoomhub.Addresses;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The browser messages of SPEC section 6, before their {@code seq} is known. */
final class MeetingMessages {
  /** One message for one address. */
  record Message(String address, JsonObject body) {
  }

  private MeetingMessages() {
  }

  static Message status(UUID meetingId, UUID instanceId, String status, Instant startedAt, Instant endedAt) {
    return new Message(Addresses.meeting(meetingId), new JsonObject()
      .put("type", "meeting.status")
      .put("meetingId", meetingId.toString())
      .put("instanceId", instanceId == null ? null : instanceId.toString())
      .put("status", status)
      .put("startedAt", iso(startedAt))
      .put("endedAt", iso(endedAt)));
  }

  static Message participant(UUID meetingId, UUID rowId, String name, UUID userId, ParticipantSessions.Session s) {
    return new Message(Addresses.participants(meetingId), new JsonObject()
      .put("type", s.open() ? "participant.joined" : "participant.left")
      .put("meetingId", meetingId.toString())
      .put("participant", new JsonObject()
        .put("id", rowId.toString())
        .put("name", name)
        .put("userId", userId == null ? null : userId.toString())
        .put("joinTime", iso(s.join()))
        .put("leaveTime", iso(s.leave()))
        .put("durationSeconds", s.seconds())));
  }

  static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
