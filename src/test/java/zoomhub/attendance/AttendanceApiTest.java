package zoomhub.attendance;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;
import zoomhub.Zoom;
import zoomhub.access.Jwt;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static zoomhub.attendance.AttendanceFixture.at;

/** The attendance endpoints of SPEC section 7, under the access rules, against a hub fed with signed webhooks. */
class AttendanceApiTest {
  private static HubFixture hub;
  private static WebClient web;
  private static Jwt jwt;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
    web = WebClient.create(hub.vertx);
    jwt = Jwt.fromConfig(hub.vertx, hub.conf);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static HttpResponse<Buffer> call(HttpRequest<Buffer> request, UUID user, JsonObject body) {
    request.putHeader("Authorization", "Bearer " + jwt.issue(user, 600, hub.conf));
    return body == null ? request.send().await() : request.sendJsonObject(body).await();
  }

  private static HttpResponse<Buffer> get(String path, UUID user) {
    return call(web.get(hub.port, "localhost", path), user, null);
  }

  /** A class meeting that ended: Ana stayed 55 minutes, Ben 5; a guest came and went. */
  private static AttendanceFixture endedMeeting(UUID[] anaBen) {
    AttendanceFixture f = new AttendanceFixture(hub);
    anaBen[0] = f.student("Ana");
    anaBen[1] = f.student("Ben");
    String u = f.occurrence("api");
    f.deliver(Zoom.started(f.zoomId, u, at("09:00")),
      Zoom.joined(f.zoomId, u, f.person("Ana"), at("09:05")),
      Zoom.joined(f.zoomId, u, f.person("Ben"), at("09:10")), Zoom.left(f.zoomId, u, f.person("Ben"), at("09:15")),
      Zoom.joined(f.zoomId, u, Zoom.participant("guest-" + f.zoomId, "Benji's iPad", null), at("09:20")),
      Zoom.left(f.zoomId, u, Zoom.participant("guest-" + f.zoomId, "Benji's iPad", null), at("09:50")),
      Zoom.ended(f.zoomId, u, at("09:00"), at("10:00")));
    f.awaitFinalized(1);
    return f;
  }

  @Test
  void theMeetingsAttendanceListsEachOccurrenceAndAStudentSeesOnlyTheirOwnRecord() {
    UUID[] s = new UUID[2];
    AttendanceFixture f = endedMeeting(s);
    HttpResponse<Buffer> teacher = get("/api/meetings/" + f.meetingId + "/attendance", f.teacher);
    assertThat(teacher.statusCode()).isEqualTo(200);
    JsonObject body = teacher.bodyAsJsonObject();
    assertThat(body.getString("classId")).isEqualTo(f.classId.toString());
    JsonObject occurrence = body.getJsonArray("occurrences").getJsonObject(0);
    assertThat(occurrence.getString("date")).isEqualTo("2026-11-02");
    assertThat(occurrence.getString("startedAt")).isEqualTo("2026-11-02T09:00:00Z");
    JsonArray records = occurrence.getJsonArray("records");
    assertThat(records).hasSize(2);
    JsonObject ana = records.getJsonObject(0);
    assertThat(ana.getString("name")).isEqualTo("Ana");
    assertThat(ana.getString("status")).isEqualTo("present");
    assertThat(ana.getInteger("minutes")).isEqualTo(55);
    assertThat(ana.getString("source")).isEqualTo("zoom");
    assertThat(ana.getString("firstJoin")).isEqualTo("2026-11-02T09:05:00Z");
    assertThat(ana.getString("lastLeave")).isEqualTo("2026-11-02T10:00:00Z");
    assertThat(records.getJsonObject(1).getString("status")).isEqualTo("partial");

    JsonArray own = get("/api/meetings/" + f.meetingId + "/attendance", s[1]).bodyAsJsonObject()
      .getJsonArray("occurrences").getJsonObject(0).getJsonArray("records");
    assertThat(own).singleElement().satisfies(r -> assertThat(((JsonObject) r).getString("name")).isEqualTo("Ben"));

    UUID stranger = hub.insertUser("Stranger " + f.zoomId, "stranger" + f.zoomId + "@school.test", "student");
    assertThat(get("/api/meetings/" + f.meetingId + "/attendance", stranger).statusCode()).isEqualTo(404);
  }

  @Test
  void theClassAttendanceComesAsJsonOrAsSpreadsheetSafeCsv() {
    UUID[] s = new UUID[2];
    AttendanceFixture f = endedMeeting(s);
    hub.update("UPDATE users SET name = '=HYPERLINK(\"x\")' WHERE id = ?", s[1]);
    String path = "/api/classes/" + f.classId + "/attendance?from=2026-11-01&to=2026-11-30";
    JsonObject json = get(path, f.teacher).bodyAsJsonObject();
    assertThat(json.getJsonArray("items")).hasSize(2);
    assertThat(json.getJsonArray("items").getJsonObject(0).getString("date")).isEqualTo("2026-11-02");

    HttpRequest<Buffer> csvRequest = web.get(hub.port, "localhost", path).putHeader("Accept", "text/csv");
    HttpResponse<Buffer> csv = call(csvRequest, f.teacher, null);
    assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
    assertThat(csv.getHeader("Content-Disposition")).contains("attachment").contains(".csv");
    String[] lines = csv.bodyAsString().split("\r\n");
    assertThat(lines[0]).isEqualTo("date,student,email,status,minutes,source,note");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("2026-11-02,Ana,ana." + f.zoomId + "@school.test,present,55,zoom,"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"'=HYPERLINK(\"\"x\"\")\""));

    HttpResponse<Buffer> backwards = get("/api/classes/" + f.classId + "/attendance?from=2026-12-01&to=2026-11-01", f.teacher);
    assertThat(backwards.statusCode()).isEqualTo(422);
    assertThat(backwards.bodyAsJsonObject().getString("message")).startsWith("from");
    assertThat(get("/api/classes/" + f.classId + "/attendance?from=yesterday", f.teacher).statusCode()).isEqualTo(422);
  }

  @Test
  void aTeachersOverrideIsManualAndARecomputeNeverTouchesIt() {
    UUID[] s = new UUID[2];
    AttendanceFixture f = endedMeeting(s);
    String path = "/api/classes/" + f.classId + "/attendance/" + s[1] + "/2026-11-02";
    HttpResponse<Buffer> put = call(web.put(hub.port, "localhost", path), f.teacher,
      new JsonObject().put("status", "excused").put("note", "at the dentist, with a note"));
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.bodyAsJsonObject().getString("source")).isEqualTo("manual");
    assertThat(put.bodyAsJsonObject().getString("status")).isEqualTo("excused");

    // a late event recomputes the day; Ben's manual row stays as the teacher left it
    f.deliver(Zoom.joined(f.zoomId, f.occurrence("api"), f.person("Ben", "phone"), at("09:30")));
    f.awaitApplied();
    f.recompute(f.occurrence("api"));
    assertThat(hub.rows("SELECT status, source, note FROM attendance_records WHERE student_id = ?", s[1]))
      .containsExactly(HubFixture.row("status", "excused", "source", "manual", "note", "at the dentist, with a note"));

    assertThat(call(web.put(hub.port, "localhost", path), s[1], new JsonObject().put("status", "present")).statusCode())
      .isEqualTo(403);
    assertThat(call(web.put(hub.port, "localhost", path), f.teacher, new JsonObject().put("status", "sick")).statusCode())
      .isEqualTo(422);
    UUID notEnrolled = hub.insertUser("Nobody " + f.zoomId, "nobody" + f.zoomId + "@school.test", "student");
    assertThat(call(web.put(hub.port, "localhost", "/api/classes/" + f.classId + "/attendance/" + notEnrolled + "/2026-11-02"),
      f.teacher, new JsonObject().put("status", "absent")).statusCode()).isEqualTo(422);
    assertThat(call(web.put(hub.port, "localhost", "/api/classes/" + f.classId + "/attendance/" + s[1] + "/02-11-2026"),
      f.teacher, new JsonObject().put("status", "absent")).statusCode()).isEqualTo(422);
  }

  @Test
  void linkingAGuestToAStudentRecomputesTheirAttendance() {
    UUID[] s = new UUID[2];
    AttendanceFixture f = endedMeeting(s);
    assertThat(hub.one("SELECT status FROM attendance_records WHERE student_id = ?", s[1])).isEqualTo("partial");
    UUID guestRow = (UUID) hub.one("SELECT id FROM zoom_participants WHERE meeting_id = ? AND user_id IS NULL", f.meetingId);
    String path = "/api/meetings/" + f.meetingId + "/participants/" + guestRow + "/link";

    assertThat(call(web.post(hub.port, "localhost", path), s[0], new JsonObject().put("userId", s[1].toString()))
      .statusCode()).isEqualTo(403);
    HttpResponse<Buffer> linked = call(web.post(hub.port, "localhost", path), f.teacher,
      new JsonObject().put("userId", s[1].toString()));
    assertThat(linked.statusCode()).isEqualTo(200);
    assertThat(linked.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("userId")).isEqualTo(s[1].toString());
    // 5 minutes on the laptop and 30 on the iPad: present now
    await().atMost(Duration.ofSeconds(10)).until(() ->
      "present".equals(hub.one("SELECT status FROM attendance_records WHERE student_id = ?", s[1])));
    assertThat(hub.one("SELECT minutes_attended FROM attendance_records WHERE student_id = ?", s[1])).isEqualTo(35);

    assertThat(call(web.post(hub.port, "localhost", path), f.teacher, new JsonObject().put("userId", f.teacher.toString()))
      .statusCode()).isEqualTo(422);
    UUID stranger = hub.insertUser("Stranger " + f.zoomId, "s2" + f.zoomId + "@school.test", "teacher");
    assertThat(call(web.post(hub.port, "localhost", path), stranger, new JsonObject().put("userId", s[1].toString()))
      .statusCode()).isEqualTo(404);
  }
}
