package zoomhub.attendance;

import java.util.Locale;
import java.util.Optional;

/**
 * SPEC section 4's status rule: {@code present} from {@code presentMinutes} of attended time (compared in seconds),
 * {@code partial} for anyone who joined at all, {@code absent} otherwise; with {@code lateMinutes > 0} a present
 * student who arrived more than that after the start is {@code late}.
 */
public record AttendanceRule(int presentMinutes, int lateMinutes) {

  /** The values of {@code attendance_records.status}. */
  public enum Status {
    PRESENT, LATE, PARTIAL, ABSENT, EXCUSED;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The status a stored value names; empty for a value the hub does not know (a school's own code). */
    public static Optional<Status> of(String value) {
      for (Status s : values()) {
        if (s.value().equals(value)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  public AttendanceRule {
    if (presentMinutes < 0 || lateMinutes < 0) {
      throw new IllegalArgumentException("attendance minutes cannot be negative");
    }
  }

  /**
   * @param attendedSeconds  the union of the student's sessions, clipped to the occurrences
   * @param joined           whether the student has any session at all (a leave without its join counts)
   * @param secondsAfterStart how long after the class started the student first arrived (0 or less: on time)
   */
  public Status statusFor(long attendedSeconds, boolean joined, long secondsAfterStart) {
    if (!joined) {
      return Status.ABSENT;
    }
    if (attendedSeconds < presentMinutes * 60L) {
      return Status.PARTIAL;
    }
    return lateMinutes > 0 && secondsAfterStart > lateMinutes * 60L ? Status.LATE : Status.PRESENT;
  }

  /** {@code minutes_attended}: whole minutes, rounded down. */
  public static int minutes(long attendedSeconds) {
    return (int) (attendedSeconds / 60);
  }
}
