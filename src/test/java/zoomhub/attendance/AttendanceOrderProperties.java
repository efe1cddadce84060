package zoomhub.attendance;

import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import zoomhub.HubFixture;
import zoomhub.Zoom;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static zoomhub.attendance.AttendanceFixture.at;

/**
 * One class meeting's webhooks (rejoins, two devices, a join before the start, a leave without its join, a session
 * open at the end, two meeting.ended) delivered to the real hub in any order, some twice (the same body, or a retry
 * with another event_ts): the attendance rows, and the last attendance.finalized, always end the same.
 */
class AttendanceOrderProperties {
  private static final int EVENTS = 15;
  private static final List<String> EXPECTED = List.of(
    "Ana present 59 zoom", "Ben present 50 zoom", "Cat partial 0 zoom", "Dan partial 10 zoom", "Eve excused 0 manual",
    "Fin absent 0 zoom");
  private static HubFixture hub;

  /** One delivery: which event, and whether it is a retry stamped with another event_ts. */
  record Delivery(int event, boolean restamped) {
  }

  @BeforeContainer
  static void start() {
    hub = HubFixture.start();
  }

  @AfterContainer
  static void stop() {
    hub.close();
  }

  @Property(tries = 12)
  void attendanceIsTheSameWhateverTheDeliveryOrder(@ForAll("deliveries") List<Delivery> deliveries) {
    AttendanceFixture f = new AttendanceFixture(hub);
    for (String name : List.of("Ana", "Ben", "Cat", "Dan", "Eve", "Fin")) {
      f.student(name);
    }
    hub.update("INSERT INTO attendance_records (student_id, class_id, date, status, source) "
      + "SELECT id, ?, ?, 'excused', 'manual' FROM users WHERE email = ?", f.classId, LocalDate.parse("2026-11-02"), f.email("Eve"));
    String u = f.occurrence("order");
    List<JsonObject> events = classMeeting(f, u);
    assertThat(events).hasSize(EVENTS);
    for (Delivery d : deliveries) {
      JsonObject body = events.get(d.event());
      f.deliver(d.restamped() ? body.copy().put("event_ts", body.getLong("event_ts") + 7) : body);
    }
    f.awaitApplied();
    f.recompute(u);  // queued behind whatever the actor asked for: once it answers, the rows are final

    assertThat(f.rows()).extracting(r -> r.get("name") + " " + r.get("status") + " " + r.get("minutes") + " " + r.get("source"))
      .containsExactlyElementsOf(EXPECTED);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonObject last = f.finalized().stream().max(Comparator.comparing(m -> m.getLong("seq"))).orElse(null);
      assertThat(last).isNotNull();
      assertThat(last.getJsonObject("counts")).isEqualTo(new JsonObject()
        .put("present", 2).put("late", 0).put("partial", 2).put("absent", 1).put("excused", 1));
    });
  }

  private static List<JsonObject> classMeeting(AttendanceFixture f, String u) {
    JsonObject ana = f.person("Ana");
    JsonObject anaPhone = f.person("Ana", "phone");
    JsonObject ben = f.person("Ben");
    JsonObject cat = f.person("Cat");
    JsonObject dan = f.person("Dan");
    JsonObject eve = f.person("Eve");
    return new ArrayList<>(List.of(
      Zoom.started(f.zoomId, u, at("09:00")),
      Zoom.joined(f.zoomId, u, ana, at("08:55")), Zoom.left(f.zoomId, u, ana, at("09:20")),
      Zoom.joined(f.zoomId, u, ana, at("09:25")), Zoom.left(f.zoomId, u, ana, at("09:59")),
      Zoom.joined(f.zoomId, u, anaPhone, at("09:10")), Zoom.left(f.zoomId, u, anaPhone, at("09:30")),
      Zoom.joined(f.zoomId, u, ben, at("09:10")), Zoom.joined(f.zoomId, u, ben, at("09:15")),
      Zoom.left(f.zoomId, u, ben, at("09:30")),
      Zoom.left(f.zoomId, u, cat, at("09:45")),
      Zoom.joined(f.zoomId, u, dan, at("09:50")),
      Zoom.joined(f.zoomId, u, eve, at("09:00")),
      Zoom.ended(f.zoomId, u, at("09:00"), at("09:50")),
      Zoom.ended(f.zoomId, u, at("09:00"), at("10:00"))));
  }


  /** Every event once, in any order, and up to four of them again at any place. */
  @Provide
  Arbitrary<List<Delivery>> deliveries() {
    List<Integer> once = IntStream.range(0, EVENTS).boxed().toList();
    Arbitrary<Delivery> again = Combinators.combine(Arbitraries.integers().between(0, EVENTS - 1), Arbitraries.of(true, false))
      .as(Delivery::new);
    Arbitrary<List<Integer>> places = Arbitraries.integers().between(0, EVENTS + 4).list().ofSize(4);
    return Combinators.combine(Arbitraries.shuffle(once), again.list().ofMaxSize(4), places).as((order, repeats, at) -> {
      List<Delivery> all = new ArrayList<>(order.stream().map(i -> new Delivery(i, false)).toList());
      for (int k = 0; k < repeats.size(); k++) {
        all.add(Math.min(at.get(k), all.size()), repeats.get(k));
      }
      return all;
    });
  }
}
