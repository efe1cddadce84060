package zoomhub.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import zoomhub.HubFixture;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC section 5 over SPEC section 7's REST: every kind of user against a meeting of every audience, all hosted by a
 * teacher who does not teach the meeting's class. Expectations are written from the SPEC's words, not from the SQL.
 */
class MeetingRulesMatrixTest {
  enum Who { ADMIN, HOST, CLASS_TEACHER, OTHER_TEACHER, ENROLLED_STUDENT, OTHER_STUDENT }

  static final List<String> AUDIENCES = List.of("class", "students", "teachers", "all");
  private static final AtomicInteger zoomIds = new AtomicInteger(500_000_000);

  private static HubFixture hub;
  private static final Map<Who, UUID> users = new EnumMap<>(Who.class);
  private static final Map<Who, String> tokens = new EnumMap<>(Who.class);
  private static UUID classId;
  private static UUID inactiveAdmin;
  private static UUID inactiveStudent;
  private static final Map<String, UUID> meetings = new java.util.HashMap<>();

  @BeforeAll
  static void school() {
    hub = HubFixture.start();
    users.put(Who.ADMIN, hub.insertUser("Ada Admin", "ada@school.test", "admin"));
    users.put(Who.HOST, hub.insertUser("Hal Host", "hal@school.test", "teacher"));
    users.put(Who.CLASS_TEACHER, hub.insertUser("Cleo Teacher", "cleo@school.test", "teacher"));
    users.put(Who.OTHER_TEACHER, hub.insertUser("Otto Teacher", "otto@school.test", "teacher"));
    users.put(Who.ENROLLED_STUDENT, hub.insertUser("Eve Student", "eve@school.test", "student"));
    users.put(Who.OTHER_STUDENT, hub.insertUser("Oli Student", "oli@school.test", "student"));
    inactiveAdmin = hub.insertUser("Ivy Former Admin", "ivy@school.test", "admin");
    inactiveStudent = hub.insertUser("Ian Former Student", "ian@school.test", "student");
    hub.update("UPDATE users SET is_active = false WHERE id IN (?, ?)", inactiveAdmin, inactiveStudent);
    users.forEach((who, id) -> tokens.put(who, hub.token(id)));

    classId = hub.insertClass("Algebra 2B", users.get(Who.CLASS_TEACHER), users.get(Who.ENROLLED_STUDENT), inactiveStudent);
    hub.insertClass("History 3A", users.get(Who.OTHER_TEACHER), users.get(Who.OTHER_STUDENT));
    for (String audience : AUDIENCES) {
      UUID meeting = newMeeting(audience);
      meetings.put(audience, meeting);
      UUID instance = (UUID) hub.one("INSERT INTO zoom_meeting_instances (meeting_id, zoom_uuid, started_at) "
        + "VALUES (?, ?, now()) RETURNING id", meeting, audience + "-occurrence==");
      participant(meeting, instance, users.get(Who.ENROLLED_STUDENT), "Eve Student");
      participant(meeting, instance, users.get(Who.OTHER_STUDENT), "Oli Student");
      participant(meeting, instance, users.get(Who.CLASS_TEACHER), "Cleo Teacher");
      participant(meeting, instance, null, "A Guest");
    }
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  // ---- the SPEC's words (section 5) ---------------------------------------------------------------------------

  static boolean mayView(Who who, String audience) {
    return switch (who) {
      case ADMIN, HOST, CLASS_TEACHER -> true;                   // admin; host; teacher of its class
      case OTHER_TEACHER -> !audience.equals("class");           // all; teachers; students (and teachers)
      case ENROLLED_STUDENT -> !audience.equals("teachers");     // all; students; class (enrolled)
      case OTHER_STUDENT -> audience.equals("all") || audience.equals("students");
    };
  }

  static boolean mayManage(Who who) {
    return who == Who.ADMIN || who == Who.HOST;
  }

  static boolean maySeeAllParticipants(Who who) {
    return who == Who.ADMIN || who == Who.HOST || who == Who.CLASS_TEACHER;
  }

  static Stream<Arguments> everyUserAndAudience() {
    return Stream.of(Who.values()).flatMap(who -> AUDIENCES.stream().map(audience -> Arguments.of(who, audience)));
  }

  // ---- the matrix ------------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} reads a ''{1}'' meeting")
  @MethodSource("everyUserAndAudience")
  void aMeetingIsFoundOnlyByThoseTheRulesLetViewIt(Who who, String audience) {
    HttpResponse<Buffer> r = hub.api(HttpMethod.GET, "/api/meetings/" + meetings.get(audience), tokens.get(who), null);

    if (!mayView(who, audience)) {
      assertThat(r.statusCode()).as("%s must not find a '%s' meeting", who, audience).isEqualTo(404);
      assertError(r, "not_found");
      return;
    }
    assertThat(r.statusCode()).as("%s may view a '%s' meeting", who, audience).isEqualTo(200);
    JsonObject m = r.bodyAsJsonObject();
    assertThat(m.getString("id")).isEqualTo(meetings.get(audience).toString());
    assertThat(m.getString("targetAudience")).isEqualTo(audience);
    assertThat(m.getString("hostId")).isEqualTo(users.get(Who.HOST).toString());
    assertThat(m.getString("classId")).isEqualTo(classId.toString());
    assertThat(m.containsKey("startUrl")).as("startUrl shown to %s", who).isEqualTo(mayManage(who));
    assertThat(m.containsKey("password")).as("password shown to %s", who).isEqualTo(mayManage(who));
    if (mayManage(who)) {
      assertThat(m.getString("password")).startsWith("pw-");
      assertThat(m.getString("startUrl")).startsWith("https://zoom.us/s/");
    }
  }

  @ParameterizedTest(name = "{0} lists meetings")
  @EnumSource(Who.class)
  void theListHoldsExactlyTheMeetingsAUserMayView(Who who) {
    HttpResponse<Buffer> r = hub.api(HttpMethod.GET, "/api/meetings", tokens.get(who), null);

    assertThat(r.statusCode()).as("%s lists meetings: %s", who, r.bodyAsString()).isEqualTo(200);
    List<JsonObject> items = r.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    Set<String> expected = AUDIENCES.stream().filter(a -> mayView(who, a)).map(a -> meetings.get(a).toString())
      .collect(Collectors.toSet());
    Set<String> listed = items.stream().map(m -> m.getString("id")).filter(matrixMeetingIds()::contains)
      .collect(Collectors.toSet());
    assertThat(listed).as("meetings listed for %s", who).isEqualTo(expected);
    assertThat(items).as("startUrl/password in %s's list", who)
      .allSatisfy(m -> assertThat(m.containsKey("startUrl") && m.containsKey("password")).isEqualTo(mayManage(who)));
  }

  @ParameterizedTest(name = "{0} changes a ''{1}'' meeting")
  @MethodSource("everyUserAndAudience")
  void onlyAdminAndHostMayChangeAMeetingOthersWhoSeeItGet403(Who who, String audience) {
    UUID meeting = meetings.get(audience);
    String description = "changed by " + who;
    HttpResponse<Buffer> r = hub.api(HttpMethod.PATCH, "/api/meetings/" + meeting, tokens.get(who),
      new JsonObject().put("description", description));

    int expected = mayManage(who) ? 200 : mayView(who, audience) ? 403 : 404;
    assertThat(r.statusCode()).as("%s changes a '%s' meeting: %s", who, audience, r.bodyAsString()).isEqualTo(expected);
    if (expected == 200) {
      assertThat(r.bodyAsJsonObject().getString("description")).isEqualTo(description);
      assertThat(hub.one("SELECT description FROM zoom_meetings WHERE id = ?", meeting)).isEqualTo(description);
    } else {
      assertError(r, expected == 403 ? "forbidden" : "not_found");
      assertThat(hub.one("SELECT description FROM zoom_meetings WHERE id = ?", meeting)).isNotEqualTo(description);
    }
  }

  @ParameterizedTest(name = "{0} deletes a ''{1}'' meeting")
  @MethodSource("everyUserAndAudience")
  void onlyAdminAndHostMayDeleteAMeetingOthersWhoSeeItGet403(Who who, String audience) {
    UUID meeting = newMeeting(audience);
    HttpResponse<Buffer> r = hub.api(HttpMethod.DELETE, "/api/meetings/" + meeting, tokens.get(who), null);

    int expected = mayManage(who) ? 204 : mayView(who, audience) ? 403 : 404;
    assertThat(r.statusCode()).as("%s deletes a '%s' meeting: %s", who, audience, r.bodyAsString()).isEqualTo(expected);
    assertThat(hub.count("SELECT count(*) FROM zoom_meetings WHERE id = ?", meeting))
      .as("the meeting is still there after %s's delete", who).isEqualTo(expected == 204 ? 0 : 1);
    if (expected != 204) {
      assertError(r, expected == 403 ? "forbidden" : "not_found");
      hub.update("DELETE FROM zoom_meetings WHERE id = ?", meeting);
    }
  }

  @ParameterizedTest(name = "{0} reads a ''{1}'' meeting''s participants")
  @MethodSource("everyUserAndAudience")
  void participantsAreAllForStaffOfTheMeetingAndOnlyTheirOwnForOthers(Who who, String audience) {
    UUID meeting = meetings.get(audience);
    HttpResponse<Buffer> r = hub.api(HttpMethod.GET, "/api/meetings/" + meeting + "/participants", tokens.get(who), null);

    if (!mayView(who, audience)) {
      assertThat(r.statusCode()).as("%s asks for a hidden '%s' meeting's participants", who, audience).isEqualTo(404);
      assertError(r, "not_found");
      return;
    }
    assertThat(r.statusCode()).as("%s reads a '%s' meeting's participants", who, audience).isEqualTo(200);
    List<JsonObject> items = r.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    Set<String> names = items.stream().map(p -> p.getString("name")).collect(Collectors.toSet());
    if (maySeeAllParticipants(who)) {
      assertThat(names).as("%s sees everyone", who)
        .containsExactlyInAnyOrder("Eve Student", "Oli Student", "Cleo Teacher", "A Guest");
    } else {
      assertThat(items).as("%s sees only their own rows", who)
        .allSatisfy(p -> assertThat(p.getString("userId")).isEqualTo(users.get(who).toString()));
      boolean hasOwnRow = who == Who.ENROLLED_STUDENT || who == Who.OTHER_STUDENT;
      assertThat(items).as("%s's own rows", who).hasSize(hasOwnRow ? 1 : 0);
    }
    assertThat(items).allSatisfy(p -> assertThat(p.fieldNames()).containsExactlyInAnyOrder("id", "meetingId",
      "instanceId", "userId", "name", "email", "joinTime", "leaveTime", "durationSeconds", "status"));
  }

  @Test
  void inactiveUsersGetNothingWhateverTheirRole() {
    for (UUID inactive : List.of(inactiveAdmin, inactiveStudent)) {
      String token = hub.token(inactive);
      List<HttpResponse<Buffer>> answers = new java.util.ArrayList<>();
      answers.add(hub.api(HttpMethod.GET, "/api/me", token, null));
      answers.add(hub.api(HttpMethod.GET, "/api/meetings", token, null));
      for (UUID meeting : meetings.values()) {
        answers.add(hub.api(HttpMethod.GET, "/api/meetings/" + meeting, token, null));
        answers.add(hub.api(HttpMethod.GET, "/api/meetings/" + meeting + "/participants", token, null));
        answers.add(hub.api(HttpMethod.PATCH, "/api/meetings/" + meeting, token, new JsonObject().put("title", "x")));
        answers.add(hub.api(HttpMethod.DELETE, "/api/meetings/" + meeting, token, null));
      }
      assertThat(answers).as("answers to an inactive user").allSatisfy(r -> {
        assertThat(r.statusCode()).isEqualTo(401);
        assertError(r, "unknown_user");
      });
    }
    assertThat(hub.count("SELECT count(*) FROM zoom_meetings WHERE title = 'x'")).isZero();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private static UUID newMeeting(String audience) {
    return hub.insertMeeting(Integer.toString(zoomIds.incrementAndGet()), users.get(Who.HOST), classId, audience);
  }

  private static Set<String> matrixMeetingIds() {
    Set<String> ids = new HashSet<>();
    meetings.values().forEach(id -> ids.add(id.toString()));
    return ids;
  }

  private static void participant(UUID meeting, UUID instance, UUID userId, String name) {
    hub.update("INSERT INTO zoom_participants (meeting_id, instance_id, user_id, participant_key, name, join_time, status) "
      + "VALUES (?, ?, ?, ?, ?, now(), 'joined')", meeting, instance, userId, name, name);
  }

  static void assertError(HttpResponse<Buffer> r, String error) {
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(body.getString("error")).isEqualTo(error);
    assertThat(body.getString("message")).isNotBlank();
  }
}
