package zoomhub.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static zoomhub.bridge.MeetingRulesMatrixTest.assertError;

/** SPEC section 7's admin-only endpoints (users, classes, enrollment) and {@code GET /api/me}. */
class AdminApiTest {
  private static HubFixture hub;
  private static UUID admin;
  private static UUID teacher;
  private static UUID student;
  private static UUID teachersClass;

  @BeforeAll
  static void school() {
    hub = HubFixture.start();
    admin = hub.insertUser("Ada Admin", "ada@school.test", "admin");
    teacher = hub.insertUser("Tia Teacher", "tia@school.test", "teacher");
    student = hub.insertUser("Sam Student", "sam@school.test", "student");
    teachersClass = hub.insertClass("Algebra 2B", teacher, student);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  // ---- users --------------------------------------------------------------------------------------------------------

  @Test
  void anAdminCreatesAUser() {
    HttpResponse<Buffer> r = post(admin, "/api/users",
      new JsonObject().put("name", "Noa New").put("email", "noa@school.test").put("role", "teacher"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject u = r.bodyAsJsonObject();
    assertThat(u.getString("name")).isEqualTo("Noa New");
    assertThat(u.getString("email")).isEqualTo("noa@school.test");
    assertThat(u.getString("role")).isEqualTo("teacher");
    assertThat(u.getBoolean("isActive")).isTrue();
    assertThat(hub.rows("SELECT name, role, is_active FROM users WHERE id = ?::uuid", u.getString("id")))
      .containsExactly(HubFixture.row("name", "Noa New", "role", "teacher", "is_active", true));
  }

  @Test
  void anEmailIsTakenWhateverItsCase() {
    assertThat(post(admin, "/api/users", user("Dee One", "Dee.Dup@School.test", "student")).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> r = post(admin, "/api/users", user("Dee Two", "dee.dup@school.TEST", "student"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
    assertError(r, "conflict");
    assertThat(hub.count("SELECT count(*) FROM users WHERE lower(email) = 'dee.dup@school.test'")).isEqualTo(1);
  }

  @Test
  void aUserWithABadFieldIsA422NamingIt() {
    Map<String, JsonObject> cases = Map.of(
      "email", user("Bad Email", "not-an-email", "student"),
      "role", user("Bad Role", "role@school.test", "headmaster"),
      "name", user("  ", "blank@school.test", "student"),
      "isActive", user("Bad Flag", "flag@school.test", "student").put("isActive", "yes"),
      "password", user("Extra", "extra@school.test", "student").put("password", "hunter2"));

    cases.forEach((field, body) -> {
      HttpResponse<Buffer> r = post(admin, "/api/users", body);
      assertThat(r.statusCode()).as("%s: %s", field, r.bodyAsString()).isEqualTo(422);
      assertError(r, "validation_failed");
      assertThat(r.bodyAsJsonObject().getString("message")).contains(field);
    });
    assertThat(hub.count("SELECT count(*) FROM users WHERE email LIKE '%@school.test' AND name IN "
      + "('Bad Email', 'Bad Role', '  ', 'Bad Flag', 'Extra')")).isZero();
  }

  @Test
  void onlyAnAdminCreatesUsers() {
    for (UUID who : List.of(teacher, student)) {
      HttpResponse<Buffer> r = post(who, "/api/users", user("Eve Sneaky", "eve.sneaky@school.test", "admin"));
      assertThat(r.statusCode()).as("%s: %s", who, r.bodyAsString()).isEqualTo(403);
      assertError(r, "forbidden");
    }
    assertThat(hub.count("SELECT count(*) FROM users WHERE email = 'eve.sneaky@school.test'")).isZero();
  }

  @Test
  void anAdminChangesAUser() {
    UUID user = hub.insertUser("Pat Before", "pat@school.test", "student");

    HttpResponse<Buffer> r = patch(admin, "/api/users/" + user,
      new JsonObject().put("name", "Pat After").put("role", "teacher").put("isActive", false));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("name")).isEqualTo("Pat After");
    assertThat(hub.rows("SELECT name, role, is_active FROM users WHERE id = ?", user))
      .containsExactly(HubFixture.row("name", "Pat After", "role", "teacher", "is_active", false));
  }

  @Test
  void aTeacherCannotChangeAStudentTheySeeNorFindOneTheyDoNot() {
    UUID stranger = hub.insertUser("Kim Elsewhere", "kim@school.test", "student");

    HttpResponse<Buffer> visible = patch(teacher, "/api/users/" + student, new JsonObject().put("isActive", false));
    HttpResponse<Buffer> hidden = patch(teacher, "/api/users/" + stranger, new JsonObject().put("isActive", false));

    assertThat(visible.statusCode()).as(visible.bodyAsString()).isEqualTo(403);
    assertError(visible, "forbidden");
    assertThat(hidden.statusCode()).as(hidden.bodyAsString()).isEqualTo(404);
    assertThat(hub.count("SELECT count(*) FROM users WHERE id IN (?, ?) AND is_active", student, stranger)).isEqualTo(2);
  }

  @Test
  void aStudentCannotPromoteThemself() {
    HttpResponse<Buffer> r = patch(student, "/api/users/" + student, new JsonObject().put("role", "admin"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(403);
    assertThat(hub.one("SELECT role FROM users WHERE id = ?", student)).isEqualTo("student");
  }

  @Test
  void changingAnUnknownUserIsA404() {
    HttpResponse<Buffer> r = patch(admin, "/api/users/" + UUID.randomUUID(), new JsonObject().put("name", "Nobody"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(404);
    assertError(r, "not_found");
    assertThat(patch(admin, "/api/users/not-an-id", new JsonObject().put("name", "Nobody")).statusCode()).isEqualTo(404);
  }

  // ---- classes and enrollment ----------------------------------------------------------------------------------------

  @Test
  void anAdminCreatesAClassAndOthersCannot() {
    HttpResponse<Buffer> r = post(admin, "/api/classes",
      new JsonObject().put("name", "Physics 4D").put("teacherId", teacher.toString()));
    HttpResponse<Buffer> byTeacher = post(teacher, "/api/classes",
      new JsonObject().put("name", "Teacher's own").put("teacherId", teacher.toString()));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getString("name")).isEqualTo("Physics 4D");
    assertThat(r.bodyAsJsonObject().getString("teacherId")).isEqualTo(teacher.toString());
    assertThat(hub.count("SELECT count(*) FROM classes WHERE id = ?::uuid", r.bodyAsJsonObject().getString("id"))).isEqualTo(1);
    assertThat(byTeacher.statusCode()).as(byTeacher.bodyAsString()).isEqualTo(403);
    assertThat(hub.count("SELECT count(*) FROM classes WHERE name = 'Teacher''s own'")).isZero();
  }

  @Test
  void enrollingAStudentTwiceEnrollsThemOnce() {
    UUID klass = hub.insertClass("Biology 1A", teacher);
    UUID ana = hub.insertUser("Ana Enrolled", "ana@school.test", "student");
    UUID ben = hub.insertUser("Ben Enrolled", "ben@school.test", "student");

    HttpResponse<Buffer> first = post(admin, "/api/classes/" + klass + "/students", new JsonObject().put("studentId", ana.toString()));
    HttpResponse<Buffer> again = post(admin, "/api/classes/" + klass + "/students",
      new JsonObject().put("studentIds", new JsonArray().add(ana.toString()).add(ben.toString())));

    assertThat(first.statusCode()).as(first.bodyAsString()).isBetween(200, 201);
    assertThat(again.statusCode()).as(again.bodyAsString()).isBetween(200, 201);
    assertThat(again.bodyAsJsonObject().getJsonArray("studentIds")).containsExactlyInAnyOrder(ana.toString(), ben.toString());
    assertThat(hub.count("SELECT count(*) FROM class_enrollments WHERE class_id = ?", klass)).isEqualTo(2);
  }

  @Test
  void onlyStudentsAreEnrolled() {
    UUID klass = hub.insertClass("Art 2C", teacher);
    UUID ana = hub.insertUser("Ana Art", "ana.art@school.test", "student");

    HttpResponse<Buffer> r = post(admin, "/api/classes/" + klass + "/students",
      new JsonObject().put("studentIds", new JsonArray().add(ana.toString()).add(teacher.toString())));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    assertError(r, "validation_failed");
    assertThat(r.bodyAsJsonObject().getString("message")).contains("studentId");
    assertThat(hub.count("SELECT count(*) FROM class_enrollments WHERE class_id = ?", klass))
      .as("nothing of a refused request is kept").isZero();

    HttpResponse<Buffer> unknown = post(admin, "/api/classes/" + klass + "/students",
      new JsonObject().put("studentId", UUID.randomUUID().toString()));
    assertThat(unknown.statusCode()).as(unknown.bodyAsString()).isEqualTo(422);
    assertThat(unknown.bodyAsJsonObject().getString("message")).contains("studentId");
  }

  @Test
  void onlyAnAdminEnrollsEvenTheClassesOwnTeacher() {
    UUID newcomer = hub.insertUser("Nia Newcomer", "nia@school.test", "student");

    for (UUID who : List.of(newcomer, student)) {
      HttpResponse<Buffer> r = post(teacher, "/api/classes/" + teachersClass + "/students",
        new JsonObject().put("studentId", who.toString()));
      assertThat(r.statusCode()).as("the teacher enrolls %s: %s", who, r.bodyAsString()).isEqualTo(403);
      assertError(r, "forbidden");
    }
    HttpResponse<Buffer> byStudent = post(student, "/api/classes/" + teachersClass + "/students",
      new JsonObject().put("studentId", student.toString()));
    assertThat(byStudent.statusCode()).as(byStudent.bodyAsString()).isEqualTo(403);
    assertThat(hub.count("SELECT count(*) FROM class_enrollments WHERE student_id = ?", newcomer)).isZero();
  }

  @Test
  void enrollingIntoAnUnknownClassIsA404() {
    HttpResponse<Buffer> r = post(admin, "/api/classes/" + UUID.randomUUID() + "/students",
      new JsonObject().put("studentId", student.toString()));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(404);
    assertError(r, "not_found");
  }

  // ---- me -------------------------------------------------------------------------------------------------------------

  @Test
  void meIsWhatTheDatabaseSaysNow() {
    UUID user = hub.insertUser("Mo Me", "mo@school.test", "teacher");
    String token = hub.token(user);
    hub.update("UPDATE users SET name = 'Mo Renamed', email = 'mo.renamed@school.test', role = 'admin' WHERE id = ?", user);

    HttpResponse<Buffer> r = hub.api(HttpMethod.GET, "/api/me", token, null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("id", user.toString()).put("name", "Mo Renamed")
      .put("email", "mo.renamed@school.test").put("role", "admin"));
  }

  // ---- helpers --------------------------------------------------------------------------------------------------------

  private static JsonObject user(String name, String email, String role) {
    return new JsonObject().put("name", name).put("email", email).put("role", role);
  }

  private static HttpResponse<Buffer> post(UUID as, String path, JsonObject body) {
    return hub.api(HttpMethod.POST, path, hub.token(as), body);
  }

  private static HttpResponse<Buffer> patch(UUID as, String path, JsonObject body) {
    return hub.api(HttpMethod.PATCH, path, hub.token(as), body);
  }
}
