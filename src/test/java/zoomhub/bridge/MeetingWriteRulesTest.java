package zoomhub.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static zoomhub.bridge.MeetingRulesMatrixTest.assertError;

/**
 * SPEC section 5's create rule (admin; or a teacher as host, for a class they teach or none) and what a host may
 * change, with section 7's answers: 201, 403, 409, and 400/422 for bad input.
 */
class MeetingWriteRulesTest {
  private static final AtomicInteger zoomIds = new AtomicInteger(600_000_000);
  private static HubFixture hub;
  private static UUID admin;
  private static UUID teacher;
  private static UUID otherTeacher;
  private static UUID student;
  private static UUID ownClass;
  private static UUID otherClass;

  @BeforeAll
  static void school() {
    hub = HubFixture.start();
    admin = hub.insertUser("Ada Admin", "ada@school.test", "admin");
    teacher = hub.insertUser("Tia Teacher", "tia@school.test", "teacher");
    otherTeacher = hub.insertUser("Uma Teacher", "uma@school.test", "teacher");
    student = hub.insertUser("Sam Student", "sam@school.test", "student");
    ownClass = hub.insertClass("Algebra 2B", teacher, student);
    otherClass = hub.insertClass("History 3A", otherTeacher);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  // ---- create -------------------------------------------------------------------------------------------------------

  @Test
  void anAdminCreatesAMeetingForAnyHostAndClass() {
    String zoomId = newZoomId();
    HttpResponse<Buffer> r = create(admin, meeting(zoomId).put("hostId", otherTeacher.toString())
      .put("classId", ownClass.toString()).put("targetAudience", "students").put("password", "s3cret")
      .put("startUrl", "https://zoom.us/s/" + zoomId).put("startTime", "2026-11-02T10:00:00+01:00"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject m = r.bodyAsJsonObject();
    assertThat(m.getString("hostId")).isEqualTo(otherTeacher.toString());
    assertThat(m.getString("classId")).isEqualTo(ownClass.toString());
    assertThat(m.getString("targetAudience")).isEqualTo("students");
    assertThat(m.getString("zoomMeetingId")).isEqualTo(zoomId);
    assertThat(m.getString("startTime")).isEqualTo("2026-11-02T09:00:00Z");
    assertThat(m.getString("status")).isEqualTo("scheduled");
    assertThat(m.getString("password")).as("the creator manages it").isEqualTo("s3cret");
    assertThat(hub.one("SELECT host_id FROM zoom_meetings WHERE id = ?::uuid", m.getString("id"))).isEqualTo(otherTeacher);
  }

  @Test
  void aTeacherCreatesAsHostForAClassTheyTeach() {
    HttpResponse<Buffer> r = create(teacher, meeting(newZoomId()).put("classId", ownClass.toString())
      .put("password", "pw"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject m = r.bodyAsJsonObject();
    assertThat(m.getString("hostId")).as("the host defaults to the creator").isEqualTo(teacher.toString());
    assertThat(m.getString("classId")).isEqualTo(ownClass.toString());
    assertThat(m.getString("targetAudience")).isEqualTo("class");
    assertThat(m.getString("password")).isEqualTo("pw");
    assertThat(hub.api(HttpMethod.GET, "/api/meetings/" + m.getString("id"), hub.token(student), null).statusCode())
      .as("the class's student sees it").isEqualTo(200);
  }

  @Test
  void aTeacherCreatesAsHostWithNoClass() {
    HttpResponse<Buffer> r = create(teacher, meeting(newZoomId()).put("hostId", teacher.toString())
      .put("targetAudience", "teachers"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getString("classId")).isNull();
    assertThat(r.bodyAsJsonObject().getString("hostId")).isEqualTo(teacher.toString());
  }

  @Test
  void aTeacherCannotCreateForAClassTheyDoNotTeach() {
    String zoomId = newZoomId();
    HttpResponse<Buffer> r = create(teacher, meeting(zoomId).put("classId", otherClass.toString()));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(403);
    assertError(r, "forbidden");
    assertNotStored(zoomId);
  }

  @Test
  void aTeacherCannotNameAnotherHost() {
    String zoomId = newZoomId();
    HttpResponse<Buffer> r = create(teacher, meeting(zoomId).put("hostId", otherTeacher.toString()));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(403);
    assertError(r, "forbidden");
    assertNotStored(zoomId);
  }

  @Test
  void aStudentCannotCreateAMeeting() {
    String zoomId = newZoomId();
    HttpResponse<Buffer> r = create(student, meeting(zoomId).put("targetAudience", "all"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(403);
    assertError(r, "forbidden");
    assertNotStored(zoomId);
  }

  @Test
  void aSecondMeetingWithTheSameZoomIdIsAConflict() {
    HttpResponse<Buffer> first = create(teacher, meeting("811 222 333"));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.bodyAsJsonObject().getString("zoomMeetingId")).as("spaces as Zoom prints them").isEqualTo("811222333");

    HttpResponse<Buffer> again = create(admin, meeting("811222333").put("title", "Another title"));

    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(409);
    assertError(again, "conflict");
    assertThat(hub.count("SELECT count(*) FROM zoom_meetings WHERE zoom_meeting_id = '811222333'")).isEqualTo(1);
  }

  @Test
  void malformedJsonIsA400() {
    for (String body : new String[]{"{\"title\": ", "[1, 2]", "\"a string\"", "not json"}) {
      HttpResponse<Buffer> r = hub.api(HttpMethod.POST, "/api/meetings", hub.token(admin), body);
      assertThat(r.statusCode()).as("body %s: %s", body, r.bodyAsString()).isEqualTo(400);
      assertError(r, "bad_request");
    }
    HttpResponse<Buffer> none = hub.api(HttpMethod.POST, "/api/meetings", hub.token(admin), null);
    assertThat(none.statusCode()).as("no body: %s", none.bodyAsString()).isEqualTo(400);
  }

  @Test
  void anInvalidFieldIsA422ThatNamesIt() {
    Map<String, JsonObject> cases = new LinkedHashMap<>();
    cases.put("title", meeting(newZoomId()).putNull("title"));
    cases.put("title ", meeting(newZoomId()).put("title", "   "));
    cases.put("targetAudience", meeting(newZoomId()).put("targetAudience", "everyone"));
    cases.put("startTime", meeting(newZoomId()).put("startTime", "tomorrow at nine"));
    cases.put("startTime ", meeting(newZoomId()).put("startTime", "2026-11-02T09:00:00"));
    cases.put("colour", meeting(newZoomId()).put("colour", "blue"));
    cases.put("zoomMeetingId", meeting(newZoomId()).put("zoomMeetingId", "abc"));
    cases.put("classId", meeting(newZoomId()).put("classId", "class-7"));
    cases.put("duration", meeting(newZoomId()).put("duration", -5));
    cases.put("joinUrl", meeting(newZoomId()).put("joinUrl", "javascript:alert(1)"));
    cases.put("timezone", meeting(newZoomId()).put("timezone", "Mars/Olympus"));
    cases.put("status", meeting(newZoomId()).put("status", "started"));
    JsonObject noTitle = meeting(newZoomId());
    noTitle.remove("title");
    cases.put("title  ", noTitle);

    long before = hub.count("SELECT count(*) FROM zoom_meetings");
    cases.forEach((field, body) -> {
      HttpResponse<Buffer> r = create(admin, body);
      assertThat(r.statusCode()).as("%s in %s: %s", field, body, r.bodyAsString()).isEqualTo(422);
      assertError(r, "validation_failed");
      assertThat(r.bodyAsJsonObject().getString("message")).as("the message names the field").contains(field.strip());
    });
    assertThat(hub.count("SELECT count(*) FROM zoom_meetings")).isEqualTo(before);
  }

  @Test
  void aBodyOverTheLimitIsA413() {
    JsonObject huge = meeting(newZoomId()).put("description", "x".repeat(70 * 1024));

    HttpResponse<Buffer> r = create(admin, huge);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.bodyAsJsonObject().fieldNames()).containsExactlyInAnyOrder("error", "message");
  }

  @Test
  void aMeetingIdThatIsNoIdIsNotFound() {
    for (HttpMethod method : new HttpMethod[]{HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE}) {
      HttpResponse<Buffer> r = hub.api(method, "/api/meetings/42", hub.token(admin),
        method == HttpMethod.PATCH ? new JsonObject().put("title", "x") : null);
      assertThat(r.statusCode()).as("%s /api/meetings/42", method).isEqualTo(404);
      assertError(r, "not_found");
    }
  }

  // ---- change: a host keeps their meeting, and cannot use a change to get round the create rule ---------------------

  @Test
  void aHostCannotHandTheirMeetingToAnotherHost() {
    UUID meeting = hub.insertMeeting(newZoomId(), teacher, ownClass, "class");

    HttpResponse<Buffer> r = change(teacher, meeting, new JsonObject().put("hostId", otherTeacher.toString()));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(403);
    assertThat(hub.one("SELECT host_id FROM zoom_meetings WHERE id = ?", meeting)).isEqualTo(teacher);
  }

  @Test
  void aHostCannotMoveTheirMeetingToAClassTheyDoNotTeach() {
    UUID meeting = hub.insertMeeting(newZoomId(), teacher, ownClass, "class");

    HttpResponse<Buffer> r = change(teacher, meeting, new JsonObject().put("classId", otherClass.toString()));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(403);
    assertThat(hub.one("SELECT class_id FROM zoom_meetings WHERE id = ?", meeting)).isEqualTo(ownClass);
  }

  @Test
  void aHostOfAnotherTeachersClassMeetingMayChangeItButNotMoveItToAnotherSuchClass() {
    UUID thirdClass = hub.insertClass("Chemistry 1C", otherTeacher);
    UUID meeting = hub.insertMeeting(newZoomId(), teacher, otherClass, "class");

    HttpResponse<Buffer> retitled = change(teacher, meeting, new JsonObject().put("title", "Algebra, moved to Tuesday"));
    HttpResponse<Buffer> moved = change(teacher, meeting, new JsonObject().put("classId", thirdClass.toString()));
    HttpResponse<Buffer> cleared = change(teacher, meeting, new JsonObject().putNull("classId"));

    assertThat(retitled.statusCode()).as(retitled.bodyAsString()).isEqualTo(200);
    assertThat(retitled.bodyAsJsonObject().getString("title")).isEqualTo("Algebra, moved to Tuesday");
    assertThat(moved.statusCode()).as(moved.bodyAsString()).isEqualTo(403);
    assertThat(cleared.statusCode()).as(cleared.bodyAsString()).isEqualTo(200);
    assertThat(hub.one("SELECT class_id FROM zoom_meetings WHERE id = ?", meeting)).isNull();
  }

  @Test
  void anAdminMayGiveAMeetingToAnotherHostAndClass() {
    UUID meeting = hub.insertMeeting(newZoomId(), teacher, ownClass, "class");

    HttpResponse<Buffer> r = change(admin, meeting,
      new JsonObject().put("hostId", otherTeacher.toString()).put("classId", otherClass.toString()));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("hostId")).isEqualTo(otherTeacher.toString());
    assertThat(change(teacher, meeting, new JsonObject().put("title", "mine again?")).statusCode())
      .as("the former host no longer manages it, nor sees it").isEqualTo(404);
  }

  // ---- helpers ------------------------------------------------------------------------------------------------------

  private static String newZoomId() {
    return Integer.toString(zoomIds.incrementAndGet());
  }

  private static JsonObject meeting(String zoomMeetingId) {
    return new JsonObject().put("zoomMeetingId", zoomMeetingId).put("title", "Algebra 2B, period 3")
      .put("timezone", "Europe/Paris").put("duration", 45).put("joinUrl", "https://zoom.us/j/" + zoomMeetingId.replace(" ", ""));
  }

  private static HttpResponse<Buffer> create(UUID as, JsonObject body) {
    return hub.api(HttpMethod.POST, "/api/meetings", hub.token(as), body);
  }

  private static HttpResponse<Buffer> change(UUID as, UUID meeting, JsonObject body) {
    return hub.api(HttpMethod.PATCH, "/api/meetings/" + meeting, hub.token(as), body);
  }

  private static void assertNotStored(String zoomMeetingId) {
    assertThat(hub.count("SELECT count(*) FROM zoom_meetings WHERE zoom_meeting_id = ?", zoomMeetingId)).isZero();
  }
}
