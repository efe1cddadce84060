package zoomhub.faults;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole class meeting delivered in order to one class and, to another class of the same students, shuffled, with
 * redeliveries and stale retries arriving late, over real HTTP: the two classes' attendance is identical.
 */
class ChaosOrderTest {
  private static HubFixture hub;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void shuffledDuplicatedAndLateDeliveryEndsInTheSameAttendance() {
    UUID teacher = hub.insertUser("Chaos Teacher", "chaos@faults.test", "teacher");
    UUID[] students = new UUID[20];
    for (int i = 0; i < students.length; i++) {
      students[i] = hub.insertUser("Student " + i, "student" + i + "@faults.test", "student");
    }
    UUID orderly = hub.insertClass("Orderly", teacher, students);
    UUID chaotic = hub.insertClass("Chaotic", teacher, students);
    hub.insertMeeting("864000001", teacher, orderly);
    hub.insertMeeting("864000002", teacher, chaotic);

    List<JsonObject> inOrder = ClassScenario.events("864000001", "orderly==", 20);
    inOrder.forEach(e -> assertThat(hub.post(e).statusCode()).isEqualTo(200));

    Random random = new Random(1128);
    List<JsonObject> chaos = new ArrayList<>(ClassScenario.events("864000002", "chaotic==", 20));
    Collections.shuffle(chaos, random);
    List<JsonObject> retries = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      retries.add(chaos.get(random.nextInt(chaos.size()))); // Zoom's retries: the same bodies, minutes later
    }
    chaos.forEach(e -> assertThat(hub.post(e).statusCode()).isEqualTo(200));
    retries.forEach(e -> assertThat(hub.post(e).statusCode()).isEqualTo(200));

    await().atMost(Duration.ofSeconds(30)).until(() ->
      hub.count("SELECT count(*) FROM attendance_records WHERE class_id = ?", orderly) == 20
        && hub.count("SELECT count(*) FROM attendance_records WHERE class_id = ?", chaotic) == 20
        && hub.count("SELECT count(*) FROM webhook_events WHERE state = 'pending'") == 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> attendance(orderly).equals(attendance(chaotic)));
    List<Map<String, Object>> expected = attendance(orderly);
    System.out.printf("chaos order: %d events shuffled, %d late redeliveries; %d attendance rows identical to in-order "
      + "(present %d, partial %d)%n", chaos.size(), retries.size(), expected.size(),
      expected.stream().filter(r -> "present".equals(r.get("status"))).count(),
      expected.stream().filter(r -> "partial".equals(r.get("status"))).count());
    assertThat(attendance(chaotic)).isEqualTo(expected);
  }

  private static List<Map<String, Object>> attendance(UUID klass) {
    return hub.rows("SELECT u.name, a.date, a.status, a.minutes_attended FROM attendance_records a "
      + "JOIN users u ON u.id = a.student_id WHERE a.class_id = ? ORDER BY u.name", klass);
  }
}
