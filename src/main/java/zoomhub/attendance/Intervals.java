package zoomhub.attendance;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Time intervals to the second: clipping to an occurrence, and the union that keeps two devices from counting twice. */
public final class Intervals {

  /** A closed-open stretch of time {@code [start, end)}, to the second. */
  public record Interval(Instant start, Instant end) {
    public Interval {
      start = start.truncatedTo(ChronoUnit.SECONDS);
      end = end.truncatedTo(ChronoUnit.SECONDS);
      if (end.isBefore(start)) {
        throw new IllegalArgumentException("interval ends before it starts: " + start + " > " + end);
      }
    }

    public long seconds() {
      return Duration.between(start, end).getSeconds();
    }
  }

  private Intervals() {
  }

  /** The part of {@code [from, to)} inside {@code [lower, upper)}; empty when they do not overlap for a second. */
  public static Optional<Interval> clip(Instant from, Instant to, Instant lower, Instant upper) {
    Instant s = from.isAfter(lower) ? from : lower;
    Instant e = to.isBefore(upper) ? to : upper;
    Interval clipped = new Interval(s, e.isBefore(s) ? s : e);
    return clipped.seconds() > 0 ? Optional.of(clipped) : Optional.empty();
  }

  /** The union as disjoint intervals in time order; overlapping or touching ones merge. */
  public static List<Interval> union(Collection<Interval> intervals) {
    List<Interval> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparing(Interval::start).thenComparing(Interval::end));
    List<Interval> merged = new ArrayList<>();
    for (Interval next : sorted) {
      Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && !next.start().isAfter(last.end())) {
        merged.set(merged.size() - 1, new Interval(last.start(), next.end().isAfter(last.end()) ? next.end() : last.end()));
      } else {
        merged.add(next);
      }
    }
    return merged;
  }

  /** The length of the union in seconds. */
  public static long seconds(Collection<Interval> intervals) {
    return union(intervals).stream().mapToLong(Interval::seconds).sum();
  }
}
