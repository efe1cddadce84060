package zoomhub.meeting;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import zoomhub.meeting.ParticipantSessions.Session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Out-of-order delivery, in miniature: one participant's joins and leaves arrive in any order, with repeats; after
 * each arrival the stored rows are brought in line with the pairing of what has arrived. Whatever the order, the rows
 * end equal to the pairing of everything, and a row id, once given, stays with its session unless it must go.
 */
class SessionDiffProperties {
  record Arrival(boolean join, int minute) {
  }

  @Property(tries = 300)
  void storedRowsEndTheSameWhateverTheArrivalOrder(@ForAll("arrivals") List<Arrival> arrivals, @ForAll long seed) {
    Instant base = Instant.parse("2026-11-02T09:00:00Z");
    Instant end = base.plusSeconds(60 * 60);
    List<Arrival> shuffled = new ArrayList<>(arrivals);
    shuffled.addAll(arrivals.subList(0, arrivals.size() / 3)); // redeliveries
    Collections.shuffle(shuffled, new Random(seed));

    Map<UUID, Session> rows = new HashMap<>();
    List<Instant> joins = new ArrayList<>();
    List<Instant> leaves = new ArrayList<>();
    for (Arrival a : shuffled) {
      (a.join() ? joins : leaves).add(base.plusSeconds(60L * a.minute()));
      apply(rows, ParticipantSessions.pair(joins, leaves, end));
    }
    List<Session> stored = new ArrayList<>(rows.values());
    stored.sort(ParticipantSessions.ORDER);
    List<Instant> allJoins = arrivals.stream().filter(Arrival::join).map(a -> base.plusSeconds(60L * a.minute())).toList();
    List<Instant> allLeaves = arrivals.stream().filter(a -> !a.join()).map(a -> base.plusSeconds(60L * a.minute())).toList();
    org.assertj.core.api.Assertions.assertThat(stored).isEqualTo(ParticipantSessions.pair(allJoins, allLeaves, end));
  }

  private static void apply(Map<UUID, Session> rows, List<Session> computed) {
    List<SessionDiff.Stored> stored = rows.entrySet().stream().map(e -> new SessionDiff.Stored(e.getKey(), e.getValue())).toList();
    SessionDiff.Plan plan = SessionDiff.plan(stored, computed);
    plan.updates().forEach(u -> rows.put(u.id(), u.after()));
    plan.inserts().forEach(s -> rows.put(UUID.randomUUID(), s));
    plan.deletes().forEach(d -> rows.remove(d.id()));
    List<Session> now = new ArrayList<>(rows.values());
    now.sort(ParticipantSessions.ORDER);
    org.assertj.core.api.Assertions.assertThat(now).isEqualTo(computed);
  }

  @Provide
  Arbitrary<List<Arrival>> arrivals() {
    Arbitrary<Arrival> one = Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 75))
      .as(Arrival::new);
    return one.list().ofMinSize(1).ofMaxSize(12);
  }
}
