package zoomhub.attendance;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import zoomhub.attendance.Intervals.Interval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The union against the plainest possible model: a set of covered seconds. */
class IntervalsProperties {
  private static final Instant BASE = Instant.parse("2026-11-02T09:00:00Z");

  @Property(tries = 500)
  void theUnionCoversExactlyTheSecondsSomeIntervalCovers(@ForAll("intervals") List<Interval> intervals, @ForAll long seed) {
    boolean[] covered = new boolean[400];
    for (Interval i : intervals) {
      for (long s = i.start().getEpochSecond(); s < i.end().getEpochSecond(); s++) {
        covered[(int) (s - BASE.getEpochSecond())] = true;
      }
    }
    int expected = 0;
    for (boolean c : covered) {
      expected += c ? 1 : 0;
    }
    List<Interval> shuffled = new ArrayList<>(intervals);
    Collections.shuffle(shuffled, new Random(seed));
    List<Interval> union = Intervals.union(shuffled);

    assertThat(Intervals.seconds(shuffled)).isEqualTo(expected);
    assertThat(union).isEqualTo(Intervals.union(intervals));
    for (int k = 1; k < union.size(); k++) {
      assertThat(union.get(k).start()).isAfter(union.get(k - 1).end());  // disjoint, in order, never touching
    }
  }

  @Property(tries = 300)
  void clippingNeverAddsTimeAndStaysInsideTheBounds(@ForAll("intervals") List<Interval> intervals) {
    Instant lower = BASE.plusSeconds(100);
    Instant upper = BASE.plusSeconds(250);
    List<Interval> clipped = new ArrayList<>();
    intervals.forEach(i -> Intervals.clip(i.start(), i.end(), lower, upper).ifPresent(clipped::add));
    assertThat(Intervals.seconds(clipped)).isLessThanOrEqualTo(Math.min(Intervals.seconds(intervals), 150));
    assertThat(clipped).allSatisfy(c -> {
      assertThat(c.start()).isAfterOrEqualTo(lower);
      assertThat(c.end()).isBeforeOrEqualTo(upper);
    });
  }

  @Provide
  Arbitrary<List<Interval>> intervals() {
    Arbitrary<Interval> one = Combinators.combine(Arbitraries.integers().between(0, 350), Arbitraries.integers().between(0, 49))
      .as((start, length) -> new Interval(BASE.plusSeconds(start), BASE.plusSeconds(start + length)));
    return one.list().ofMaxSize(10);
  }
}
