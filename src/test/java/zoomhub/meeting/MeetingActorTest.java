package zoomhub.meeting;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;
import zoomhub.Zoom;
import zoomhub.config.ConfigKeys;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static zoomhub.HubFixture.row;
import static org.awaitility.Awaitility.await;

/** Signed webhooks in, rows and meeting state out: the per-meeting actors against a real PostgreSQL. */
class MeetingActorTest {
  private static final AtomicInteger ids = new AtomicInteger(700_000_000);
  private static HubFixture hub;

  @BeforeAll
  static void start() {
    // a sweep far away: only a dispatch or a restart may wake an actor, so the restart test proves the restart
    hub = HubFixture.start(new JsonObject().put(ConfigKeys.INBOX_SWEEP_SECONDS, 3600));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static String newZoomId() {
    return Integer.toString(ids.incrementAndGet());
  }

  private static void deliver(JsonObject... bodies) {
    for (JsonObject b : bodies) {
      assertThat(hub.post(b).statusCode()).isEqualTo(200);
    }
  }

  private static void awaitApplied(String zoomMeetingId) {
    await().atMost(Duration.ofSeconds(20)).until(() ->
      hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = ? AND state = 'pending'", zoomMeetingId) == 0);
  }

  private static List<Map<String, Object>> sessions(UUID meetingId) {
    return hub.rows("SELECT name, join_time, leave_time, duration, status FROM zoom_participants "
      + "WHERE meeting_id = ? ORDER BY name, coalesce(join_time, leave_time)", meetingId);
  }

  private static OffsetDateTime t(String hhmm) {
    return OffsetDateTime.parse("2026-11-02T" + hhmm + ":00Z");
  }

  private static String at(String hhmm) {
    return "2026-11-02T" + hhmm + ":00Z";
  }

  @Test
  void aMeetingStartsCollectsSessionsAndEnds() {
    String zoomId = newZoomId();
    UUID meetingId = hub.insertMeeting(zoomId);
    JsonObject ana = Zoom.participant("ana-1", "Ana", null);
    deliver(Zoom.started(zoomId, "life==", at("09:00")), Zoom.joined(zoomId, "life==", ana, at("09:02")));
    awaitApplied(zoomId);
    assertThat(hub.one("SELECT status FROM zoom_meetings WHERE id = ?", meetingId)).isEqualTo("started");
    assertThat(sessions(meetingId)).singleElement().satisfies(s -> assertThat(s.get("status")).isEqualTo("joined"));

    deliver(Zoom.left(zoomId, "life==", ana, at("09:40")), Zoom.ended(zoomId, "life==", at("09:00"), at("10:00")));
    awaitApplied(zoomId);
    assertThat(hub.one("SELECT status FROM zoom_meetings WHERE id = ?", meetingId)).isEqualTo("ended");
    assertThat(hub.rows("SELECT started_at, ended_at FROM zoom_meeting_instances WHERE meeting_id = ?", meetingId))
      .containsExactly(Map.of("started_at", t("09:00"), "ended_at", t("10:00")));
    assertThat(sessions(meetingId)).containsExactly(
      Map.of("name", "Ana", "join_time", t("09:02"), "leave_time", t("09:40"), "duration", 38 * 60, "status", "left"));
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = ? AND state = 'processed'", zoomId))
      .isEqualTo(4);
  }

  @Test
  void aLeaveDeliveredBeforeItsJoinStillPairsWithIt() {
    String zoomId = newZoomId();
    UUID meetingId = hub.insertMeeting(zoomId);
    JsonObject ben = Zoom.participant("ben-1", "Ben", null);
    deliver(Zoom.left(zoomId, "late==", ben, at("09:30")));
    awaitApplied(zoomId);
    assertThat(sessions(meetingId)).containsExactly(
      row("name", "Ben", "join_time", null, "leave_time", t("09:30"), "duration", 0, "status", "left"));
    UUID rowId = (UUID) hub.one("SELECT id FROM zoom_participants WHERE meeting_id = ?", meetingId);

    deliver(Zoom.joined(zoomId, "late==", ben, at("09:05")));
    awaitApplied(zoomId);
    assertThat(sessions(meetingId)).containsExactly(
      Map.of("name", "Ben", "join_time", t("09:05"), "leave_time", t("09:30"), "duration", 25 * 60, "status", "left"));
    assertThat(hub.one("SELECT id FROM zoom_participants WHERE meeting_id = ?", meetingId)).isEqualTo(rowId);
  }

  @Test
  void twoDevicesOfOnePersonAreTwoSessionsOfTheSameUser() {
    String zoomId = newZoomId();
    UUID student = hub.insertUser("Chloé Martin", "chloe@school.test", "student");
    UUID meetingId = hub.insertMeeting(zoomId);
    JsonObject laptop = Zoom.participant("chloe-laptop", "Chloé Martin", "Chloe@School.test");
    JsonObject phone = Zoom.participant("chloe-phone", "Chloé (phone)", "chloe@school.test");
    deliver(Zoom.joined(zoomId, "dev==", laptop, at("09:00")), Zoom.joined(zoomId, "dev==", phone, at("09:10")),
      Zoom.left(zoomId, "dev==", phone, at("09:20")), Zoom.left(zoomId, "dev==", laptop, at("09:50")));
    awaitApplied(zoomId);
    assertThat(hub.rows("SELECT user_id, join_time, leave_time FROM zoom_participants WHERE meeting_id = ? ORDER BY join_time",
      meetingId)).containsExactly(
      Map.of("user_id", student, "join_time", t("09:00"), "leave_time", t("09:50")),
      Map.of("user_id", student, "join_time", t("09:10"), "leave_time", t("09:20")));
  }

  @Test
  void meetingEndedTwiceKeepsTheLatestEndAndClosesOpenSessionsThere() {
    String zoomId = newZoomId();
    UUID meetingId = hub.insertMeeting(zoomId);
    JsonObject dan = Zoom.participant("dan-1", "Dan", null);
    deliver(Zoom.started(zoomId, "twice==", at("09:00")), Zoom.joined(zoomId, "twice==", dan, at("09:05")),
      Zoom.ended(zoomId, "twice==", at("09:00"), at("10:30")));
    awaitApplied(zoomId);
    assertThat(sessions(meetingId)).singleElement()
      .satisfies(s -> assertThat(s).containsEntry("leave_time", t("10:30")).containsEntry("status", "left"));
    deliver(Zoom.ended(zoomId, "twice==", at("09:00"), at("10:00")));  // an earlier end, arriving late
    awaitApplied(zoomId);
    assertThat(hub.one("SELECT ended_at FROM zoom_meeting_instances WHERE zoom_uuid = 'twice=='")).isEqualTo(t("10:30"));
    assertThat(sessions(meetingId)).singleElement()
      .satisfies(s -> assertThat(s).containsEntry("leave_time", t("10:30")).containsEntry("duration", 85 * 60));
    assertThat(hub.one("SELECT status FROM zoom_meetings WHERE id = ?", meetingId)).isEqualTo("ended");
  }

  @Test
  void aMissingFieldMarksTheEventFailedWithTheReasonAndTheActorGoesOn() {
    String zoomId = newZoomId();
    UUID meetingId = hub.insertMeeting(zoomId);
    JsonObject noJoinTime = Zoom.joined(zoomId, "bad==", Zoom.participant("eve-1", "Eve", null), at("09:00"));
    noJoinTime.getJsonObject("payload").getJsonObject("object").getJsonObject("participant").remove("join_time");
    deliver(noJoinTime, Zoom.started(zoomId, "bad==", at("09:00")));
    awaitApplied(zoomId);
    assertThat(hub.rows("SELECT state, error FROM webhook_events WHERE zoom_meeting_id = ? ORDER BY id", zoomId))
      .containsExactly(Map.of("state", "failed", "error", "payload.object.participant.join_time is missing"),
        row("state", "processed", "error", null));
    assertThat(hub.one("SELECT status FROM zoom_meetings WHERE id = ?", meetingId)).isEqualTo("started");
  }

  @Test
  void participantsAreMatchedByCustomerKeyEmailThenAUniqueEnrolledName() {
    String zoomId = newZoomId();
    UUID teacher = hub.insertUser("Teacher " + zoomId, "t" + zoomId + "@school.test", "teacher");
    UUID byKey = hub.insertUser("Farid", "farid" + zoomId + "@school.test", "student");
    UUID byEmail = hub.insertUser("Gita", "gita" + zoomId + "@school.test", "student");
    UUID byName = hub.insertUser("Hugo Lambert", "hugo" + zoomId + "@school.test", "student");
    UUID twinA = hub.insertUser("Sam Lee", "sam.a" + zoomId + "@school.test", "student");
    UUID twinB = hub.insertUser("Sam Lee", "sam.b" + zoomId + "@school.test", "student");
    UUID classId = hub.insertClass("Class " + zoomId, teacher, byKey, byEmail, byName, twinA, twinB);
    UUID meetingId = hub.insertMeeting(zoomId, teacher, classId);
    deliver(
      Zoom.joined(zoomId, "match==", Zoom.participant("p1", "F.", null).put("customer_key", byKey.toString()), at("09:00")),
      Zoom.joined(zoomId, "match==", Zoom.participant("p2", "G.", "GITA" + zoomId + "@school.test"), at("09:00")),
      Zoom.joined(zoomId, "match==", Zoom.participant("p3", "hugo lambert", ""), at("09:00")),
      Zoom.joined(zoomId, "match==", Zoom.participant("p4", "Sam Lee", null), at("09:00")),
      Zoom.joined(zoomId, "match==", Zoom.participant("p5", "Visitor", "visitor@elsewhere.test"), at("09:00")));
    awaitApplied(zoomId);
    List<Map<String, Object>> rows = hub.rows(
      "SELECT participant_uuid, user_id FROM zoom_participants WHERE meeting_id = ? ORDER BY participant_uuid", meetingId);
    assertThat(rows).extracting(r -> r.get("user_id")).containsExactly(byKey, byEmail, byName, null, null);
  }

  @Test
  void pendingEventsLeftByACrashAreAppliedWhenTheHubStartsAgain() {
    String zoomId = newZoomId();
    UUID meetingId = hub.insertMeeting(zoomId);
    // rows a crashed hub stored (and acknowledged) but never applied: nobody is told about them
    for (JsonObject body : List.of(Zoom.started(zoomId, "crash==", at("09:00")),
      Zoom.joined(zoomId, "crash==", Zoom.participant("ivy-1", "Ivy", null), at("09:01")))) {
      hub.update("INSERT INTO webhook_events (event, zoom_meeting_id, zoom_uuid, body, body_sha256) "
          + "VALUES (?, ?, 'crash==', ?::jsonb, ?)", body.getString("event"), zoomId, body.encode(),
        UUID.randomUUID().toString());
    }
    // another meeting's event goes through while they wait: proof that the hub is running and they are still pending
    String other = newZoomId();
    hub.insertMeeting(other);
    deliver(Zoom.started(other, "other==", at("09:00")));
    awaitApplied(other);
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = ? AND state = 'pending'", zoomId))
      .isEqualTo(2);

    hub.restart();
    awaitApplied(zoomId);
    assertThat(hub.one("SELECT status FROM zoom_meetings WHERE id = ?", meetingId)).isEqualTo("started");
    assertThat(sessions(meetingId)).hasSize(1);
  }

  @Test
  void deletedCancelsAndTheLatestUpdateWinsWhateverTheArrivalOrder() {
    String zoomId = newZoomId();
    UUID meetingId = hub.insertMeeting(zoomId);
    JsonObject newer = Zoom.event("meeting.updated", new JsonObject().put("id", Long.parseLong(zoomId))
      .put("topic", "Algebra (moved)").put("start_time", "2026-11-03T10:00:00Z"));
    JsonObject older = Zoom.event("meeting.updated", new JsonObject().put("id", Long.parseLong(zoomId))
      .put("topic", "Algebra (first try)").put("duration", 45));
    older.put("event_ts", newer.getLong("event_ts") - 1000);
    deliver(newer, older);
    awaitApplied(zoomId);
    assertThat(hub.rows("SELECT title, start_time, duration FROM zoom_meetings WHERE id = ?", meetingId))
      .containsExactly(Map.of("title", "Algebra (moved)", "start_time", OffsetDateTime.of(2026, 11, 3, 10, 0, 0, 0, ZoneOffset.UTC),
        "duration", 45));

    deliver(Zoom.event("meeting.deleted", new JsonObject().put("id", Long.parseLong(zoomId)).put("uuid", "del==")));
    awaitApplied(zoomId);
    assertThat(hub.one("SELECT status FROM zoom_meetings WHERE id = ?", meetingId)).isEqualTo("cancelled");
  }

  /**
   * One class meeting (rejoins, two devices, a leave before its join, a second end) delivered in order to one meeting
   * and shuffled, with redeliveries, to five others: every copy ends with the same rows.
   */
  @Test
  void deliveryOrderAndRedeliveryDoNotChangeTheResult() {
    List<String> zoomIds = new ArrayList<>();
    List<UUID> meetingIds = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String zoomId = newZoomId();
      zoomIds.add(zoomId);
      meetingIds.add(hub.insertMeeting(zoomId));
    }
    Random random = new Random(20261128);
    for (int i = 0; i < zoomIds.size(); i++) {
      List<JsonObject> events = classMeeting(zoomIds.get(i), "order-" + i + "==");
      if (i > 0) {
        for (int d = 0; d < 4; d++) {
          events.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(events, random);
      }
      events.forEach(MeetingActorTest::deliver);
    }
    zoomIds.forEach(MeetingActorTest::awaitApplied);
    List<Map<String, Object>> expected = sessions(meetingIds.get(0));
    assertThat(expected).hasSize(5);
    for (UUID m : meetingIds) {
      assertThat(sessions(m)).as("meeting %s", m).isEqualTo(expected);
      assertThat(hub.rows("SELECT started_at, ended_at FROM zoom_meeting_instances WHERE meeting_id = ?", m))
        .containsExactly(Map.of("started_at", t("09:00"), "ended_at", t("10:00")));
      assertThat(hub.one("SELECT status FROM zoom_meetings WHERE id = ?", m)).isEqualTo("ended");
    }
  }

  private static List<JsonObject> classMeeting(String zoomId, String uuid) {
    JsonObject ana = Zoom.participant("ana", "Ana", null);
    JsonObject ben = Zoom.participant("ben", "Ben", null);
    JsonObject cat = Zoom.participant("cat", "Cat", null);
    List<JsonObject> events = new ArrayList<>(List.of(
      Zoom.started(zoomId, uuid, at("09:00")),
      Zoom.joined(zoomId, uuid, ana, at("08:55")), Zoom.left(zoomId, uuid, ana, at("09:20")),
      Zoom.joined(zoomId, uuid, ana, at("09:25")), Zoom.left(zoomId, uuid, ana, at("09:59")),
      Zoom.joined(zoomId, uuid, ben, at("09:10")), Zoom.joined(zoomId, uuid, ben, at("09:15")),
      Zoom.left(zoomId, uuid, ben, at("09:30")),
      Zoom.left(zoomId, uuid, cat, at("09:45")),
      Zoom.ended(zoomId, uuid, at("09:00"), at("09:50")),
      Zoom.ended(zoomId, uuid, at("09:00"), at("10:00"))));
    return events;
  }
}
