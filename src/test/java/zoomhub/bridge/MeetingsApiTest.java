package zoomhub.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;
import zoomhub.access.Jwt;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Creating and changing meetings, and the admin endpoints, under SPEC section 5's rules and section 7's answers. */
class MeetingsApiTest {
  private static final AtomicInteger zoomIds = new AtomicInteger(850_000_000);
  private static HubFixture hub;
  private static WebClient web;
  private static Jwt jwt;
  private static UUID admin;
  private static UUID teacher;
  private static UUID otherTeacher;
  private static UUID student;
  private static UUID myClass;
  private static UUID otherClass;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
    web = WebClient.create(hub.vertx);
    jwt = Jwt.fromConfig(hub.vertx, hub.conf);
    admin = hub.insertUser("Ada", "ada@api.test", "admin");
    teacher = hub.insertUser("Tom", "tom@api.test", "teacher");
    otherTeacher = hub.insertUser("Uma", "uma@api.test", "teacher");
    student = hub.insertUser("Sid", "sid@api.test", "student");
    myClass = hub.insertClass("Tom's class", teacher, student);
    otherClass = hub.insertClass("Uma's class", otherTeacher);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, UUID user, Object body) {
    var request = web.request(method, hub.port, "localhost", path)
      .putHeader("Authorization", "Bearer " + jwt.issue(user, 600, hub.conf));
    if (body == null) {
      return request.send().await();
    }
    return request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString())).await();
  }

  private static JsonObject meeting(Object... fields) {
    JsonObject m = new JsonObject().put("zoomMeetingId", Integer.toString(zoomIds.incrementAndGet())).put("title", "Lesson");
    for (int i = 0; i < fields.length; i += 2) {
      m.put((String) fields[i], fields[i + 1]);
    }
    return m;
  }

  private static int create(UUID user, JsonObject body) {
    return call(HttpMethod.POST, "/api/meetings", user, body).statusCode();
  }

  @Test
  void theCreateRuleLetsAdminsAndTeachersAsHostsOfTheirOwnClasses() {
    assertThat(create(admin, meeting("hostId", otherTeacher.toString(), "classId", otherClass.toString()))).isEqualTo(201);
    assertThat(create(teacher, meeting("classId", myClass.toString()))).isEqualTo(201);
    assertThat(create(teacher, meeting())).isEqualTo(201);
    assertThat(create(teacher, meeting("classId", otherClass.toString()))).isEqualTo(403);
    assertThat(create(teacher, meeting("hostId", otherTeacher.toString()))).isEqualTo(403);
    assertThat(create(student, meeting())).isEqualTo(403);
  }

  @Test
  void badInputIsNamedAndADuplicateIsAConflict() {
    JsonObject first = meeting("startTime", "2026-12-01T08:30:00+01:00", "timezone", "Europe/Paris", "duration", 45,
      "joinUrl", "https://zoom.test/j/1", "startUrl", "https://zoom.test/s/1", "password", "secret");
    HttpResponse<Buffer> created = call(HttpMethod.POST, "/api/meetings", teacher, first);
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject m = created.bodyAsJsonObject();
    assertThat(m.getString("startTime")).isEqualTo("2026-12-01T07:30:00Z");
    assertThat(m.getString("startUrl")).isEqualTo("https://zoom.test/s/1");
    assertThat(m.getString("status")).isEqualTo("scheduled");
    assertThat(create(teacher, meeting("zoomMeetingId", first.getString("zoomMeetingId")))).isEqualTo(409);

    assertThat(call(HttpMethod.POST, "/api/meetings", teacher, "{not json").statusCode()).isEqualTo(400);
    for (var bad : new Object[][]{{"title", ""}, {"targetAudience", "everyone"}, {"startTime", "tomorrow"},
      {"duration", -5}, {"timezone", "Mars/Base"}, {"joinUrl", "javascript:alert(1)"}, {"zoomMeetingId", "abc"},
      {"colour", "red"}}) {
      HttpResponse<Buffer> r = call(HttpMethod.POST, "/api/meetings", teacher, meeting(bad[0], bad[1]));
      assertThat(r.statusCode()).as("%s", bad[0]).isEqualTo(422);
      assertThat(r.bodyAsJsonObject().getString("message")).as("%s", bad[0]).startsWith((String) bad[0]);
    }
  }

  @Test
  void onlyAdminsAndHostsChangeOrDeleteAndOthersGet403Or404() {
    JsonObject m = call(HttpMethod.POST, "/api/meetings", teacher, meeting("classId", myClass.toString(),
      "targetAudience", "class")).bodyAsJsonObject();
    String path = "/api/meetings/" + m.getString("id");
    assertThat(call(HttpMethod.PATCH, path, student, new JsonObject().put("title", "Mine now")).statusCode()).isEqualTo(403);
    assertThat(call(HttpMethod.PATCH, path, otherTeacher, new JsonObject().put("title", "Mine now")).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> patched = call(HttpMethod.PATCH, path, teacher, new JsonObject().put("title", "Algebra II"));
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.bodyAsJsonObject().getString("title")).isEqualTo("Algebra II");
    assertThat(call(HttpMethod.PATCH, path, teacher, new JsonObject().put("classId", otherClass.toString())).statusCode())
      .isEqualTo(403);
    assertThat(call(HttpMethod.DELETE, path, student, null).statusCode()).isEqualTo(403);
    assertThat(call(HttpMethod.DELETE, path, admin, null).statusCode()).isEqualTo(204);
    assertThat(call(HttpMethod.GET, path, teacher, null).statusCode()).isEqualTo(404);
  }

  @Test
  void adminEndpointsAreForAdmins() {
    HttpResponse<Buffer> user = call(HttpMethod.POST, "/api/users", admin,
      new JsonObject().put("name", "Nia").put("email", "Nia@API.test").put("role", "student"));
    assertThat(user.statusCode()).isEqualTo(201);
    UUID nia = UUID.fromString(user.bodyAsJsonObject().getString("id"));
    assertThat(call(HttpMethod.POST, "/api/users", admin,
      new JsonObject().put("name", "Nia 2").put("email", "nia@api.test").put("role", "student")).statusCode()).isEqualTo(409);
    assertThat(call(HttpMethod.POST, "/api/users", admin,
      new JsonObject().put("name", "Bad").put("email", "no-at-sign").put("role", "student")).statusCode()).isEqualTo(422);
    assertThat(call(HttpMethod.POST, "/api/users", teacher,
      new JsonObject().put("name", "Sneaky").put("email", "s@api.test").put("role", "admin")).statusCode()).isEqualTo(403);

    assertThat(call(HttpMethod.PATCH, "/api/users/" + student, teacher, new JsonObject().put("role", "admin")).statusCode())
      .isEqualTo(403);
    assertThat(call(HttpMethod.PATCH, "/api/users/" + UUID.randomUUID(), admin, new JsonObject().put("name", "X")).statusCode())
      .isEqualTo(404);
    assertThat(call(HttpMethod.PATCH, "/api/users/" + nia, admin, new JsonObject().put("isActive", false))
      .bodyAsJsonObject().getBoolean("isActive")).isFalse();

    HttpResponse<Buffer> klass = call(HttpMethod.POST, "/api/classes", admin,
      new JsonObject().put("name", "Biology").put("teacherId", teacher.toString()));
    assertThat(klass.statusCode()).isEqualTo(201);
    String students = "/api/classes/" + klass.bodyAsJsonObject().getString("id") + "/students";
    assertThat(call(HttpMethod.POST, students, admin, new JsonObject().put("studentId", student.toString())).statusCode())
      .isEqualTo(201);
    assertThat(call(HttpMethod.POST, students, admin, new JsonObject().put("studentId", student.toString()))
      .bodyAsJsonObject().getJsonArray("studentIds")).containsExactly(student.toString());
    assertThat(call(HttpMethod.POST, students, admin, new JsonObject().put("studentId", teacher.toString())).statusCode())
      .isEqualTo(422);
    assertThat(call(HttpMethod.POST, students, teacher, new JsonObject().put("studentId", student.toString())).statusCode())
      .isEqualTo(403);
    assertThat(call(HttpMethod.POST, "/api/classes", teacher, new JsonObject().put("name", "Mine")).statusCode())
      .isEqualTo(403);
  }
}
