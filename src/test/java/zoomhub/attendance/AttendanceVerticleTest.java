package zoomhub.attendance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.Addresses;
import zoomhub.HubFixture;
import zoomhub.Zoom;
import zoomhub.config.ConfigKeys;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static zoomhub.HubFixture.row;
import static zoomhub.attendance.AttendanceFixture.at;

/** Signed webhooks in; attendance rows and attendance.finalized out, through the meeting actor and the verticle. */
class AttendanceVerticleTest {
  private static final String DAY = "2026-11-02";
  private static HubFixture hub;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }


  private static Map<String, Object> record(String name, String status, int minutes, String source) {
    return row("name", name, "date", DAY, "status", status, "minutes", minutes, "source", source);
  }

  private static JsonObject shown(UUID id, String name, String status, int minutes) {
    return new JsonObject().put("studentId", id.toString()).put("name", name).put("status", status).put("minutes", minutes);
  }

  @Test
  void anEndedClassMeetingIsStoredAndPublishedOnceWithTheMeetingsNextSeq() {
    AttendanceFixture f = new AttendanceFixture(hub);
    UUID ana = f.student("Ana");
    UUID ben = f.student("Ben");
    UUID cat = f.student("Cat");
    UUID dan = f.student("Dan");
    UUID eve = f.student("Eve");
    UUID fay = f.student("Fay");
    UUID gus = f.student("Gus");
    UUID hal = f.student("Hal");
    hub.update("UPDATE users SET is_active = false WHERE id = ?", eve);
    hub.update("INSERT INTO attendance_records (student_id, class_id, date, status, minutes_attended, source, note) "
      + "VALUES (?, ?, ?, 'excused', 0, 'manual', 'dentist')", fay, f.classId, LocalDate.parse(DAY));
    Object fayUpdated = hub.one("SELECT updated_at FROM attendance_records WHERE student_id = ?", fay);
    String u = f.occurrence("final");
    JsonObject anaPhone = f.person("Ana", "phone");
    f.deliver(
      Zoom.started(f.zoomId, u, at("09:00")),
      Zoom.joined(f.zoomId, u, f.person("Ana"), at("09:02")), Zoom.left(f.zoomId, u, f.person("Ana"), at("09:50")),
      Zoom.joined(f.zoomId, u, anaPhone, at("09:10")), Zoom.left(f.zoomId, u, anaPhone, at("09:30")),
      Zoom.joined(f.zoomId, u, f.person("Ben"), at("08:50")), Zoom.left(f.zoomId, u, f.person("Ben"), at("09:20")),
      Zoom.joined(f.zoomId, u, f.person("Cat"), at("09:30")), Zoom.left(f.zoomId, u, f.person("Cat"), at("09:44:59")),
      Zoom.joined(f.zoomId, u, f.person("Eve"), at("09:00")), Zoom.left(f.zoomId, u, f.person("Eve"), at("10:00")),
      Zoom.joined(f.zoomId, u, f.person("Fay"), at("09:00")), Zoom.left(f.zoomId, u, f.person("Fay"), at("09:05")),
      Zoom.left(f.zoomId, u, f.person("Gus"), at("09:40")),
      Zoom.joined(f.zoomId, u, f.person("Hal"), at("09:35")),
      Zoom.joined(f.zoomId, u, Zoom.participant("guest-" + f.zoomId, "Visitor", null), at("09:00")),
      Zoom.ended(f.zoomId, u, at("09:00"), at("10:00")));

    JsonObject message = f.awaitFinalized(1);

    assertThat(f.rows()).containsExactly(
      record("Ana", "present", 48, "zoom"), record("Ben", "present", 20, "zoom"), record("Cat", "partial", 14, "zoom"),
      record("Dan", "absent", 0, "zoom"), record("Fay", "excused", 0, "manual"), record("Gus", "partial", 0, "zoom"),
      record("Hal", "present", 25, "zoom"));
    assertThat(hub.rows("SELECT note, updated_at FROM attendance_records WHERE student_id = ?", fay))
      .containsExactly(row("note", "dentist", "updated_at", fayUpdated));
    assertThat(hub.count("SELECT count(*) FROM attendance_records WHERE class_id = ? AND source = 'zoom' AND meeting_id = ?",
      f.classId, f.meetingId)).isEqualTo(6);

    assertThat(message.getString("type")).isEqualTo("attendance.finalized");
    assertThat(message.getString("meetingId")).isEqualTo(f.meetingId.toString());
    assertThat(message.getString("classId")).isEqualTo(f.classId.toString());
    assertThat(message.getString("date")).isEqualTo(DAY);
    assertThat(message.getJsonObject("counts")).isEqualTo(new JsonObject()
      .put("present", 3).put("late", 0).put("partial", 2).put("absent", 1).put("excused", 1));
    assertThat(message.getJsonArray("records")).isEqualTo(new JsonArray()
      .add(shown(ana, "Ana", "present", 48)).add(shown(ben, "Ben", "present", 20)).add(shown(cat, "Cat", "partial", 14))
      .add(shown(dan, "Dan", "absent", 0)).add(shown(fay, "Fay", "excused", 0)).add(shown(gus, "Gus", "partial", 0))
      .add(shown(hal, "Hal", "present", 25)));
    // the last of the meeting's messages, numbered in the same sequence as the actor's
    f.assertSeqIsGapless();
    assertThat(message.getLong("seq")).isEqualTo(f.seq());
    assertThat(f.published.stream().filter(m -> "meeting.status".equals(m.getString("type"))
      && "ended".equals(m.getString("status"))).findFirst().orElseThrow().getLong("seq")).isLessThan(message.getLong("seq"));
  }

  @Test
  void aLateEventAfterTheEndRecomputesAndOneThatChangesNothingPublishesNothing() {
    AttendanceFixture f = new AttendanceFixture(hub);
    f.student("Ana");
    f.student("Dan");
    String u = f.occurrence("late");
    f.deliver(Zoom.started(f.zoomId, u, at("09:00")), Zoom.joined(f.zoomId, u, f.person("Ana"), at("09:40")),
      Zoom.ended(f.zoomId, u, at("09:00"), at("10:00")));
    assertThat(f.awaitFinalized(1).getJsonObject("counts").getInteger("present")).isEqualTo(1);

    // Ana's real leave, after the end: her session changes (a participant message) but her attendance does not
    f.deliver(Zoom.left(f.zoomId, u, f.person("Ana"), at("10:05")));
    // Dan's leave, whose join never came, arrives late: he did attend after all
    f.deliver(Zoom.left(f.zoomId, u, f.person("Dan"), at("09:45")));
    JsonObject second = f.awaitFinalized(2);

    assertThat(f.rows()).containsExactly(record("Ana", "present", 20, "zoom"), record("Dan", "partial", 0, "zoom"));
    assertThat(second.getJsonObject("counts").getInteger("partial")).isEqualTo(1);
    f.assertSeqIsGapless();
    assertThat(second.getLong("seq")).isEqualTo(f.seq());
    assertThat(f.finalized()).hasSize(2);
  }

  @Test
  void aRepeatedRecomputeWritesAndPublishesNothing() {
    AttendanceFixture f = new AttendanceFixture(hub);
    f.student("Ana");
    String u = f.occurrence("again");
    JsonObject ended = Zoom.ended(f.zoomId, u, at("09:00"), at("10:00"));
    f.deliver(Zoom.started(f.zoomId, u, at("09:00")), Zoom.joined(f.zoomId, u, f.person("Ana"), at("09:05")),
      Zoom.left(f.zoomId, u, f.person("Ana"), at("09:30")), ended);
    f.awaitFinalized(1);
    long seq = f.seq();
    List<Map<String, Object>> before = hub.rows("SELECT * FROM attendance_records WHERE class_id = ?", f.classId);

    assertThat(f.recompute(u)).isEqualTo(new JsonObject().put("changed", false));
    f.deliver(ended.copy().put("event_ts", ended.getLong("event_ts") + 1));  // Zoom's second, identical meeting.ended
    f.awaitApplied();
    assertThat(f.recompute(u)).isEqualTo(new JsonObject().put("changed", false));

    assertThat(hub.rows("SELECT * FROM attendance_records WHERE class_id = ?", f.classId)).isEqualTo(before);
    assertThat(f.seq()).isEqualTo(seq);
    assertThat(f.finalized()).hasSize(1);
  }

  @Test
  void aSecondEndWithALaterEndRecomputes() {
    AttendanceFixture f = new AttendanceFixture(hub);
    f.student("Ana");
    String u = f.occurrence("twice");
    f.deliver(Zoom.started(f.zoomId, u, at("09:00")), Zoom.joined(f.zoomId, u, f.person("Ana"), at("09:20")),
      Zoom.ended(f.zoomId, u, at("09:00"), at("09:30")));
    assertThat(f.awaitFinalized(1).getJsonArray("records").getJsonObject(0).getInteger("minutes")).isEqualTo(10);
    assertThat(f.rows()).containsExactly(record("Ana", "partial", 10, "zoom"));

    f.deliver(Zoom.ended(f.zoomId, u, at("09:00"), at("10:00")));
    JsonObject second = f.awaitFinalized(2);
    assertThat(f.rows()).containsExactly(record("Ana", "present", 40, "zoom"));
    assertThat(second.getJsonArray("records").getJsonObject(0).getString("status")).isEqualTo("present");
    f.assertSeqIsGapless();
  }

  @Test
  void aRecomputeThatACrashInterruptedRunsWhenTheHubStartsAgain() {
    AttendanceFixture f = new AttendanceFixture(hub);
    f.student("Ana");
    String u = f.occurrence("crash");
    f.deliver(Zoom.started(f.zoomId, u, at("09:00")), Zoom.joined(f.zoomId, u, f.person("Ana"), at("09:05")),
      Zoom.ended(f.zoomId, u, at("09:00"), at("10:00")));
    f.awaitFinalized(1);
    assertThat(f.rows()).containsExactly(record("Ana", "present", 55, "zoom"));
    // as if the hub died after the actor committed but before the attendance verticle ran
    hub.update("DELETE FROM attendance_records WHERE class_id = ?", f.classId);
    hub.update("UPDATE zoom_meeting_instances SET attendance_requested_at = clock_timestamp() WHERE meeting_id = ?",
      f.meetingId);
    hub.restart();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> f.rows().size() == 1);
    assertThat(f.rows()).containsExactly(record("Ana", "present", 55, "zoom"));
    assertThat(hub.count("SELECT count(*) FROM zoom_meeting_instances WHERE meeting_id = ? "
      + "AND attendance_computed_at IS DISTINCT FROM attendance_requested_at", f.meetingId)).isZero();
  }

  @Test
  void aMeetingWithoutAClassWritesAndPublishesNothing() {
    AttendanceFixture f = new AttendanceFixture(hub);
    f.student("Ana");
    hub.update("UPDATE zoom_meetings SET class_id = NULL WHERE id = ?", f.meetingId);
    String u = f.occurrence("noclass");
    f.deliver(Zoom.started(f.zoomId, u, at("09:00")), Zoom.joined(f.zoomId, u, f.person("Ana"), at("09:05")),
      Zoom.ended(f.zoomId, u, at("09:00"), at("10:00")));
    f.awaitApplied();

    assertThat(f.recompute(u)).isEqualTo(new JsonObject().put("changed", false));
    assertThat(hub.count("SELECT count(*) FROM attendance_records WHERE class_id = ? OR meeting_id = ?", f.classId,
      f.meetingId)).isZero();
    f.assertSeqIsGapless();
    assertThat(f.finalized()).isEmpty();
  }

  @Test
  void occurrencesOnOneDateCountTogetherAndAnotherDateHasItsOwnRow() {
    AttendanceFixture f = new AttendanceFixture(hub);
    f.student("Ana");
    String first = f.occurrence("first");
    String second = f.occurrence("second");
    String nextDay = f.occurrence("next");
    f.deliver(Zoom.started(f.zoomId, first, at("09:00")), Zoom.joined(f.zoomId, first, f.person("Ana"), at("09:20")),
      Zoom.ended(f.zoomId, first, at("09:00"), at("09:30")));
    assertThat(f.awaitFinalized(1).getJsonArray("records").getJsonObject(0).getString("status")).isEqualTo("partial");

    f.deliver(Zoom.started(f.zoomId, second, at("11:00")), Zoom.joined(f.zoomId, second, f.person("Ana"), at("11:00")),
      Zoom.left(f.zoomId, second, f.person("Ana"), at("11:10")), Zoom.ended(f.zoomId, second, at("11:00"), at("12:00")));
    assertThat(f.awaitFinalized(2).getJsonArray("records").getJsonObject(0).getInteger("minutes")).isEqualTo(20);
    assertThat(f.rows()).containsExactly(record("Ana", "present", 20, "zoom"));

    f.deliver(Zoom.started(f.zoomId, nextDay, "2026-11-03T09:00:00Z"),
      Zoom.ended(f.zoomId, nextDay, "2026-11-03T09:00:00Z", "2026-11-03T10:00:00Z"));
    assertThat(f.awaitFinalized(3).getString("date")).isEqualTo("2026-11-03");
    assertThat(f.rows()).containsExactly(record("Ana", "present", 20, "zoom"),
      row("name", "Ana", "date", "2026-11-03", "status", "absent", "minutes", 0, "source", "zoom"));
  }

  @Test
  void aMeetingThatCrossesMidnightCountsOnTheDateItStartedInItsTimezone() {
    AttendanceFixture f = new AttendanceFixture(hub);
    f.student("Ana");
    hub.update("UPDATE zoom_meetings SET timezone = 'America/Los_Angeles' WHERE id = ?", f.meetingId);
    String u = f.occurrence("night");
    // 21:30 to 00:30 in Los Angeles; in UTC it is all on the 3rd
    f.deliver(Zoom.started(f.zoomId, u, "2026-11-03T05:30:00Z"),
      Zoom.joined(f.zoomId, u, f.person("Ana"), "2026-11-03T07:50:00Z"),
      Zoom.left(f.zoomId, u, f.person("Ana"), "2026-11-03T08:20:00Z"),
      Zoom.ended(f.zoomId, u, "2026-11-03T05:30:00Z", "2026-11-03T08:30:00Z"));
    assertThat(f.awaitFinalized(1).getString("date")).isEqualTo(DAY);
    assertThat(f.rows()).containsExactly(record("Ana", "present", 30, "zoom"));
  }

  @Test
  void thresholdsAndTheSchoolTimezoneComeFromTheConfiguration() {
    try (HubFixture strict = HubFixture.start(new JsonObject().put(ConfigKeys.ATTENDANCE_PRESENT_MINUTES, 30)
      .put(ConfigKeys.ATTENDANCE_LATE_MINUTES, 5).put(ConfigKeys.SCHOOL_TIMEZONE, "Asia/Tokyo"))) {
      AttendanceFixture f = new AttendanceFixture(strict);
      f.student("Ana");
      f.student("Ben");
      f.student("Cat");
      strict.update("UPDATE zoom_meetings SET timezone = NULL WHERE id = ?", f.meetingId);
      String u = f.occurrence("conf");
      // 20:00Z on the 2nd is 05:00 on the 3rd in Tokyo
      f.deliver(Zoom.started(f.zoomId, u, at("20:00")),
        Zoom.joined(f.zoomId, u, f.person("Ana"), at("20:00")), Zoom.left(f.zoomId, u, f.person("Ana"), at("20:25")),
        Zoom.joined(f.zoomId, u, f.person("Ben"), at("20:10")),
        Zoom.joined(f.zoomId, u, f.person("Cat"), at("20:03")),
        Zoom.ended(f.zoomId, u, at("20:00"), at("21:00")));
      f.awaitFinalized(1);
      assertThat(f.rows()).extracting(r -> r.get("name") + " " + r.get("date") + " " + r.get("status") + " " + r.get("minutes"))
        .containsExactly("Ana 2026-11-03 partial 25", "Ben 2026-11-03 late 50", "Cat 2026-11-03 present 57");
    }
  }

  @Test
  void aRequestThatIsNotAboutAnOccurrenceIsRefusedAndTheVerticleGoesOn() {
    assertThatThrownBy(() -> hub.vertx.eventBus().request(Addresses.ATTENDANCE_RECOMPUTE,
      new JsonObject().put("meetingId", "not-a-uuid")).await()).hasMessageContaining("must be uuids");
    AttendanceFixture f = new AttendanceFixture(hub);
    f.student("Ana");
    String u = f.occurrence("after");
    f.deliver(Zoom.started(f.zoomId, u, at("09:00")), Zoom.ended(f.zoomId, u, at("09:00"), at("10:00")));
    assertThat(f.awaitFinalized(1).getJsonObject("counts").getInteger("absent")).isEqualTo(1);
  }
}
