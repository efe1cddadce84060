package zoomhub.attendance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import zoomhub.attendance.AttendanceRule.Status;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** SPEC section 6's {@code attendance.finalized}, before its {@code seq} is known. */
public final class AttendanceMessages {

  /** What the class's attendance view shows for one student: the manual row where there is one, else the hub's. */
  public record Shown(UUID studentId, String name, String status, int minutes) {
  }

  private AttendanceMessages() {
  }

  /** Counts every status the hub knows (zero included); a status it does not know is shown but not counted. */
  public static JsonObject finalized(UUID meetingId, UUID classId, LocalDate date, List<Shown> records) {
    JsonObject counts = new JsonObject();
    for (Status s : Status.values()) {
      counts.put(s.value(), records.stream().filter(r -> s.value().equals(r.status())).count());
    }
    JsonArray rows = new JsonArray();
    for (Shown r : records) {
      rows.add(new JsonObject().put("studentId", r.studentId().toString()).put("name", r.name())
        .put("status", r.status()).put("minutes", r.minutes()));
    }
    return new JsonObject()
      .put("type", "attendance.finalized")
      .put("meetingId", meetingId.toString())
      .put("classId", classId.toString())
      .put("date", date.toString())
      .put("counts", counts)
      .put("records", rows);
  }
}
