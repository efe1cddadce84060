package zoomhub;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import zoomhub.config.ConfigKeys;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code run --demo}'s school and sign-in list, and {@code simulate}'s class, against a real hub. */
class DemoAndSimulatorTest {
  @Test
  void theDemoSchoolIsSeededOnceAndASimulatedClassEndsInAttendance() throws Exception {
    try (HubFixture hub = HubFixture.start(new JsonObject().put(ConfigKeys.DEMO, true))) {
      assertThat(DemoSchool.seedIfEmpty(hub.db)).isTrue();
      assertThat(DemoSchool.seedIfEmpty(hub.db)).isFalse();
      assertThat(hub.count("SELECT count(*) FROM users")).isEqualTo(13);
      var demo = WebClient.create(hub.vertx).get(hub.port, "localhost", "/api/demo/users").send().await();
      assertThat(demo.statusCode()).isEqualTo(200);
      assertThat(demo.bodyAsJsonObject().getJsonArray("items")).hasSize(13)
        .allSatisfy(u -> assertThat(((JsonObject) u).getString("token")).isNotBlank());

      List<SimulateCommand.Person> people = List.of(
        new SimulateCommand.Person("Ana Alves", "ana@demo.school", null), new SimulateCommand.Person("Ben Brooks", "ben@demo.school", null),
        new SimulateCommand.Person("Cat Chen", "cat@demo.school", null), new SimulateCommand.Person("Dan Diallo", "dan@demo.school", null),
        new SimulateCommand.Person("Eve Evans", "eve@demo.school", null), new SimulateCommand.Person("Finn Fischer", "finn@demo.school", null));
      assertThat(SimulateCommand.play("http://localhost:" + hub.port, HubFixture.SECRET, DemoSchool.MEETING_ZOOM_ID, people,
        1000)).isZero();
      await().atMost(Duration.ofSeconds(15)).until(() -> hub.count("SELECT count(*) FROM attendance_records") == 10);
      Map<String, Object> statuses = new java.util.HashMap<>();
      hub.rows("SELECT u.name, a.status FROM attendance_records a JOIN users u ON u.id = a.student_id")
        .forEach(r -> statuses.put((String) r.get("name"), r.get("status")));
      assertThat(statuses).containsEntry("Ana Alves", "present").containsEntry("Ben Brooks", "partial")
        .containsEntry("Cat Chen", "present").containsEntry("Finn Fischer", "absent");
    }
  }

  @Test
  void withoutDemoModeThereIsNoSignInList() {
    try (HubFixture hub = HubFixture.start()) {
      assertThat(WebClient.create(hub.vertx).get(hub.port, "localhost", "/api/demo/users").send().await().statusCode())
        .isEqualTo(401);
    }
  }
}
