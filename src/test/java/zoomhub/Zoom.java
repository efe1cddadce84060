package zoomhub;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/** Zoom webhook bodies in the shapes of Zoom's own samples (../shared/zoom/WEBHOOKS.md, section 4). */
public final class Zoom {
  private static final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

  private Zoom() {
  }

  public static JsonObject event(String type, JsonObject object) {
    return new JsonObject()
      .put("event", type)
      .put("event_ts", clock.incrementAndGet())
      .put("payload", new JsonObject().put("account_id", "AAAAAABBBB").put("object", object));
  }

  public static JsonObject meeting(Object zoomMeetingId, String uuid) {
    return new JsonObject()
      .put("id", zoomMeetingId)
      .put("uuid", uuid)
      .put("host_id", "x1yCzABCDEfg23HiJKl4mN")
      .put("topic", "Algebra \uD83D\uDE92 – period 2")
      .put("type", 2)
      .put("start_time", "2026-11-02T09:00:00Z")
      .put("timezone", "Europe/Paris")
      .put("duration", 60);
  }

  public static JsonObject started(Object zoomMeetingId, String uuid, String startTime) {
    return event("meeting.started", meeting(zoomMeetingId, uuid).put("start_time", startTime));
  }

  public static JsonObject ended(Object zoomMeetingId, String uuid, String startTime, String endTime) {
    return event("meeting.ended", meeting(zoomMeetingId, uuid).put("start_time", startTime).put("end_time", endTime));
  }

  public static JsonObject participant(String participantUuid, String name, String email) {
    JsonObject p = new JsonObject()
      .put("user_id", "1678" + Math.abs(participantUuid.hashCode() % 10000))
      .put("user_name", name)
      .put("id", "")
      .put("participant_uuid", participantUuid);
    if (email != null) {
      p.put("email", email);
    }
    return p;
  }

  public static JsonObject joined(Object zoomMeetingId, String uuid, JsonObject participant, String joinTime) {
    return event("meeting.participant_joined",
      meeting(zoomMeetingId, uuid).put("participant", participant.copy().put("join_time", joinTime)));
  }

  public static JsonObject left(Object zoomMeetingId, String uuid, JsonObject participant, String leaveTime) {
    return event("meeting.participant_left", meeting(zoomMeetingId, uuid).put("participant", participant.copy()
      .put("leave_time", leaveTime).put("leave_reason", "left the meeting.<br>Reason: left")));
  }
}
