package zoomhub.attendance;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import zoomhub.Addresses;
import zoomhub.HubFixture;
import zoomhub.Zoom;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A class, its students and its meeting on a running hub, and what the hub publishes about that meeting. */
final class AttendanceFixture {
  private static final AtomicInteger ids = new AtomicInteger(900_000_000);

  final HubFixture hub;
  final String zoomId = Integer.toString(ids.incrementAndGet());
  final UUID teacher;
  final UUID classId;
  final UUID meetingId;
  /** Everything published on the meeting's three addresses, in arrival order. */
  final List<JsonObject> published = new CopyOnWriteArrayList<>();

  AttendanceFixture(HubFixture hub) {
    this.hub = hub;
    teacher = hub.insertUser("Teacher " + zoomId, "teacher" + zoomId + "@school.test", "teacher");
    classId = hub.insertClass("Class " + zoomId, teacher);
    meetingId = hub.insertMeeting(zoomId, teacher, classId);
    for (String address : List.of(Addresses.meeting(meetingId), Addresses.participants(meetingId),
      Addresses.attendance(meetingId))) {
      MessageConsumer<JsonObject> c = hub.vertx.eventBus().consumer(address, m -> published.add(m.body()));
      c.completion().await();
    }
  }

  /** An active student enrolled in the class; Zoom knows them by {@link #email(String)}. */
  UUID student(String name) {
    UUID id = hub.insertUser(name, email(name), "student");
    hub.update("INSERT INTO class_enrollments (class_id, student_id) VALUES (?, ?)", classId, id);
    return id;
  }

  /** A Zoom participant for the student {@code name} on one of their devices, known to Zoom by their email. */
  JsonObject person(String name, String device) {
    return Zoom.participant(name.toLowerCase() + "-" + device + "-" + zoomId, name, email(name));
  }

  JsonObject person(String name) {
    return person(name, "laptop");
  }

  /** A Zoom occurrence uuid of this meeting. */
  String occurrence(String label) {
    return label + "-" + zoomId + "==";
  }

  String email(String name) {
    return name.toLowerCase() + "." + zoomId + "@school.test";
  }

  void deliver(JsonObject... bodies) {
    for (JsonObject b : bodies) {
      assertThat(hub.post(b).statusCode()).isEqualTo(200);
    }
  }

  void awaitApplied() {
    await().atMost(Duration.ofSeconds(20)).until(() ->
      hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = ? AND state = 'pending'", zoomId) == 0);
  }

  List<JsonObject> finalized() {
    return published.stream().filter(m -> "attendance.finalized".equals(m.getString("type"))).toList();
  }

  /** Waits for the meeting's {@code n}th attendance.finalized message and returns it. */
  JsonObject awaitFinalized(int n) {
    await().atMost(Duration.ofSeconds(20)).until(() -> finalized().size() >= n);
    assertThat(finalized()).hasSize(n);
    return finalized().get(n - 1);
  }

  /** Asks for a recompute the way the meeting actor does, but waits for the verticle's answer. */
  JsonObject recompute(String zoomUuid) {
    UUID instance = (UUID) hub.one("SELECT id FROM zoom_meeting_instances WHERE zoom_uuid = ?", zoomUuid);
    return hub.vertx.eventBus().<JsonObject>request(Addresses.ATTENDANCE_RECOMPUTE,
      new JsonObject().put("meetingId", meetingId.toString()).put("instanceId", instance.toString())).await().body();
  }

  /** The class's attendance rows: name, date, status, minutes, source. */
  List<Map<String, Object>> rows() {
    return hub.rows("SELECT u.name, a.date::text AS date, a.status, a.minutes_attended AS minutes, a.source "
      + "FROM attendance_records a JOIN users u ON u.id = a.student_id WHERE a.class_id = ? ORDER BY a.date, u.name", classId);
  }

  long seq() {
    return hub.count("SELECT seq FROM meeting_streams WHERE meeting_id = ?", meetingId);
  }

  /** Every message so far carries its own number: 1..n with no gap and no repeat, n being the stored counter. */
  void assertSeqIsGapless() {
    await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= seq());
    List<Long> seqs = published.stream().map(m -> m.getLong("seq")).sorted(Comparator.naturalOrder()).toList();
    assertThat(seqs).hasSize((int) seq());
    for (int i = 0; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).as("seq #%d of %s", i, seqs).isEqualTo(i + 1L);
    }
  }

  static String at(String hhmm) {
    return "2026-11-02T" + (hhmm.length() == 5 ? hhmm + ":00" : hhmm) + "Z";
  }
}
