package zoomhub.bridge;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Database rows as the camelCase JSON of SPEC section 7 (times as ISO-8601 UTC). */
final class Rows {
  private Rows() {
  }

  /** A meeting; {@code startUrl} and {@code password} only for those who may manage it. */
  static JsonObject meeting(Row r) {
    JsonObject m = new JsonObject()
      .put("id", id(r.getUUID("id")))
      .put("zoomMeetingId", r.getString("zoom_meeting_id"))
      .put("hostId", id(r.getUUID("host_id")))
      .put("title", r.getString("title"))
      .put("description", r.getString("description"))
      .put("meetingType", r.getString("meeting_type"))
      .put("startTime", time(r.getOffsetDateTime("start_time")))
      .put("duration", r.getInteger("duration"))
      .put("timezone", r.getString("timezone"))
      .put("joinUrl", r.getString("join_url"))
      .put("status", r.getString("status"))
      .put("classId", id(r.getUUID("class_id")))
      .put("targetAudience", r.getString("target_audience"))
      .put("createdAt", time(r.getOffsetDateTime("created_at")))
      .put("updatedAt", time(r.getOffsetDateTime("updated_at")));
    if (Boolean.TRUE.equals(r.getBoolean("manage"))) {
      m.put("startUrl", r.getString("start_url")).put("password", r.getString("password"));
    }
    return m;
  }

  static JsonObject participant(Row r) {
    return new JsonObject()
      .put("id", id(r.getUUID("id")))
      .put("meetingId", id(r.getUUID("meeting_id")))
      .put("instanceId", id(r.getUUID("instance_id")))
      .put("userId", id(r.getUUID("user_id")))
      .put("name", r.getString("name"))
      .put("email", r.getString("email"))
      .put("joinTime", time(r.getOffsetDateTime("join_time")))
      .put("leaveTime", time(r.getOffsetDateTime("leave_time")))
      .put("durationSeconds", r.getInteger("duration"))
      .put("status", r.getString("status"));
  }

  static JsonObject user(Row r) {
    return new JsonObject()
      .put("id", id(r.getUUID("id")))
      .put("name", r.getString("name"))
      .put("email", r.getString("email"))
      .put("role", r.getString("role"))
      .put("isActive", r.getBoolean("is_active"));
  }

  static JsonObject klass(Row r) {
    return new JsonObject()
      .put("id", id(r.getUUID("id")))
      .put("name", r.getString("name"))
      .put("teacherId", id(r.getUUID("teacher_id")));
  }

  static String id(UUID id) {
    return id == null ? null : id.toString();
  }

  static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
