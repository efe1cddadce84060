package zoomhub.faults;

import io.vertx.core.json.JsonObject;
import zoomhub.Zoom;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One class meeting as Zoom would deliver it: many students joining, leaving and rejoining, then the end. */
final class ClassScenario {
  private ClassScenario() {
  }

  static List<JsonObject> events(String zoomId, String uuid, int students) {
    Instant start = Instant.parse("2026-11-02T09:00:00Z");
    List<JsonObject> events = new ArrayList<>();
    events.add(Zoom.started(zoomId, uuid, start.toString()));
    for (int i = 0; i < students; i++) {
      if (i % 7 == 6) {
        continue; // never comes: absent
      }
      JsonObject p = Zoom.participant("s" + i, "Student " + i, "student" + i + "@faults.test");
      if (i % 5 == 2) { // stays five minutes: partial
        events.add(Zoom.joined(zoomId, uuid, p, start.plusSeconds(30L * i).toString()));
        events.add(Zoom.left(zoomId, uuid, p, start.plusSeconds(30L * i + 300).toString()));
        continue;
      }
      events.add(Zoom.joined(zoomId, uuid, p, start.plusSeconds(30L * i).toString()));
      if (i % 3 == 0) {
        events.add(Zoom.left(zoomId, uuid, p, start.plusSeconds(600 + 20L * i).toString()));
        events.add(Zoom.joined(zoomId, uuid, p, start.plusSeconds(900 + 20L * i).toString()));
      }
      if (i % 4 == 1) {
        events.add(Zoom.left(zoomId, uuid, p, start.plusSeconds(1800 + 10L * i).toString()));
      }
    }
    events.add(Zoom.ended(zoomId, uuid, start.toString(), start.plusSeconds(3600).toString()));
    return events;
  }

  /** The state a run leaves, in a form two meetings can be compared by: sessions, occurrence, status. */
  static final String SESSIONS = """
    SELECT p.name, p.join_time, p.leave_time, p.duration, p.status
    FROM zoom_participants p JOIN zoom_meetings m ON m.id = p.meeting_id
    WHERE m.zoom_meeting_id = ? ORDER BY p.name, p.join_time NULLS FIRST, p.leave_time""";

  static final String OCCURRENCE = """
    SELECT i.started_at, i.ended_at, m.status FROM zoom_meeting_instances i JOIN zoom_meetings m ON m.id = i.meeting_id
    WHERE m.zoom_meeting_id = ?""";
}
