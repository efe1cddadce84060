package zoomhub.meeting;

import io.vertx.core.json.JsonObject;
import zoomhub.webhook.Envelope;
import zoomhub.webhook.ZoomEventTypes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A stored Zoom webhook body read into what the meeting actor needs. Reading is strict only about what the event type
 * needs (SPEC section 3): unknown fields are ignored; a missing or malformed needed field is a {@link BadEvent}.
 */
public record ZoomEvent(String type, String zoomMeetingId, String zoomUuid, long eventTs,
                        Instant startTime, Instant endTime, Participant participant, JsonObject object) {

  /** Who a participant event is about, and when. {@code key} pairs a leave with its join. */
  public record Participant(String key, String participantUuid, String zoomId, String zoomUserId, String name,
                            String email, String customerKey, Instant joinTime, Instant leaveTime) {
  }

  /** A stored event the actor cannot apply; the message says which field and why. */
  public static final class BadEvent extends Exception {
    public BadEvent(String message) {
      super(message, null, false, false);
    }
  }

  public static ZoomEvent parse(JsonObject body) throws BadEvent {
    String type = body.getValue("event") instanceof String s ? s : null;
    if (type == null) {
      throw new BadEvent("event is missing");
    }
    JsonObject object = Envelope.objectOf(body);
    if (object == null) {
      throw new BadEvent("payload.object is missing");
    }
    String meetingId = Envelope.meetingId(object.getValue("id"));
    if (meetingId == null) {
      throw new BadEvent("payload.object.id is missing");
    }
    long eventTs = body.getValue("event_ts") instanceof Number n ? n.longValue() : 0L;
    String uuid = text(object, "uuid");
    Instant start = time(object, "start_time", "payload.object.start_time");
    Instant end = time(object, "end_time", "payload.object.end_time");
    Participant participant = null;
    switch (type) {
      case ZoomEventTypes.MEETING_STARTED -> {
        need(uuid, "payload.object.uuid");
        need(start, "payload.object.start_time");
      }
      case ZoomEventTypes.MEETING_ENDED -> {
        need(uuid, "payload.object.uuid");
        need(end, "payload.object.end_time");
      }
      case ZoomEventTypes.PARTICIPANT_JOINED, ZoomEventTypes.PARTICIPANT_LEFT -> {
        need(uuid, "payload.object.uuid");
        participant = participant(object, ZoomEventTypes.PARTICIPANT_JOINED.equals(type));
      }
      default -> {
        // meeting.updated and meeting.deleted need only the meeting id
      }
    }
    return new ZoomEvent(type, meetingId, uuid, eventTs, start, end, participant, object);
  }

  private static Participant participant(JsonObject object, boolean joined) throws BadEvent {
    if (!(object.getValue("participant") instanceof JsonObject p)) {
      throw new BadEvent("payload.object.participant is missing");
    }
    String participantUuid = text(p, "participant_uuid");
    String zoomId = text(p, "id");
    String userId = text(p, "user_id");
    String name = text(p, "user_name");
    String key = participantUuid != null ? "uuid:" + participantUuid
      : zoomId != null ? "id:" + zoomId
      : userId != null ? "user:" + userId
      : name != null ? "name:" + name
      : null;
    if (key == null) {
      throw new BadEvent("payload.object.participant has none of participant_uuid, id, user_id, user_name");
    }
    Instant join = time(p, "join_time", "payload.object.participant.join_time");
    Instant leave = time(p, "leave_time", "payload.object.participant.leave_time");
    if (joined) {
      need(join, "payload.object.participant.join_time");
    } else {
      need(leave, "payload.object.participant.leave_time");
    }
    return new Participant(key, participantUuid, zoomId, userId, name, text(p, "email"), text(p, "customer_key"),
      joined ? join : null, joined ? null : leave);
  }

  private static void need(Object value, String field) throws BadEvent {
    if (value == null) {
      throw new BadEvent(field + " is missing");
    }
  }

  private static String text(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v instanceof String s) {
      return s.isBlank() ? null : s.trim();
    }
    if (v instanceof Number n) {
      return n.toString();
    }
    return null;
  }

  private static Instant time(JsonObject o, String field, String path) throws BadEvent {
    Object v = o.getValue(field);
    if (v == null || (v instanceof String s && s.isBlank())) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new BadEvent(path + " is not a time string");
    }
    try {
      return OffsetDateTime.parse(s.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadEvent(path + " is not an ISO-8601 time: '" + abbreviate(s) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
