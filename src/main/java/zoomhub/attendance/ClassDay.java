package zoomhub.attendance;

import zoomhub.attendance.AttendanceRule.Status;
import zoomhub.attendance.Intervals.Interval;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One class's attendance on one date (SPEC section 4), from every ended occurrence of its meetings that started on
 * that date: each student's sessions clipped to their own occurrence, then united across all of them.
 */
public final class ClassDay {

  /** An ended occurrence; {@code firstJoin} is the earliest join of anyone in it, the start when Zoom gave none. */
  public record Occurrence(UUID instanceId, UUID meetingId, Instant startedAt, Instant endedAt, Instant firstJoin) {
    /** When it started: {@code started_at}, else its first join, else (nobody ever joined) its end. */
    public Instant start() {
      return startedAt != null ? startedAt : firstJoin != null ? firstJoin : endedAt;
    }
  }

  /** One join session of a known user; {@code join} null for a leave whose join never came. */
  public record Session(UUID instanceId, UUID userId, Instant join, Instant leave) {
  }

  /** A student's computed attendance; {@code meetingId} is the meeting they first attended, else the day's first. */
  public record Result(UUID studentId, Status status, int minutes, UUID meetingId) {
  }

  private static final Comparator<Occurrence> BY_START =
    Comparator.comparing(Occurrence::start).thenComparing(Occurrence::instanceId);

  private ClassDay() {
  }

  /** The zone a meeting's dates are counted in: its own {@code timezone}, else the school's. */
  public static ZoneId zone(String meetingTimezone, ZoneId school) {
    if (meetingTimezone == null || meetingTimezone.isBlank()) {
      return school;
    }
    try {
      return ZoneId.of(meetingTimezone.trim());
    } catch (DateTimeException e) {
      return school;
    }
  }

  /** The date an occurrence counts on: the local date of its start (one that runs past midnight stays on it). */
  public static LocalDate dateOf(Occurrence occurrence, ZoneId zone) {
    return occurrence.start().atZone(zone).toLocalDate();
  }

  /** One result per student, in the order given; {@code occurrences} must not be empty. */
  public static List<Result> compute(Collection<Occurrence> occurrences, Collection<Session> sessions,
                                     Collection<UUID> students, AttendanceRule rule) {
    List<Occurrence> day = new ArrayList<>(occurrences);
    day.sort(BY_START);
    Occurrence first = day.get(0);
    Map<UUID, Occurrence> byId = new HashMap<>();
    day.forEach(o -> byId.put(o.instanceId(), o));
    Map<UUID, List<Session>> byUser = new HashMap<>();
    for (Session s : sessions) {
      if (s.userId() != null && byId.containsKey(s.instanceId())) {
        byUser.computeIfAbsent(s.userId(), u -> new ArrayList<>()).add(s);
      }
    }
    List<Result> results = new ArrayList<>();
    for (UUID student : students) {
      List<Session> own = byUser.getOrDefault(student, List.of());
      List<Interval> attended = new ArrayList<>();
      Interval earliest = null;
      UUID meetingId = first.meetingId();
      for (Session s : own) {
        Occurrence o = byId.get(s.instanceId());
        Optional<Interval> in = s.join() == null ? Optional.empty()
          : Intervals.clip(s.join(), s.leave() != null ? s.leave() : o.endedAt(), o.start(), o.endedAt());
        if (in.isPresent()) {
          attended.add(in.get());
          if (earliest == null || in.get().start().isBefore(earliest.start())) {
            earliest = in.get();
            meetingId = o.meetingId();
          }
        }
      }
      long seconds = Intervals.seconds(attended);
      long late = earliest == null ? 0 : Duration.between(first.start(), earliest.start()).getSeconds();
      results.add(new Result(student, rule.statusFor(seconds, !own.isEmpty(), late), AttendanceRule.minutes(seconds), meetingId));
    }
    return results;
  }
}
