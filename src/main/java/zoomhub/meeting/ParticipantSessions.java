package zoomhub.meeting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;

/**
 * Pairs one participant's joins with their leaves (SPEC section 3). The result depends only on the sets of times,
 * never on the order they arrived in: the same joins and leaves always give the same sessions.
 */
public final class ParticipantSessions {

  /** One join session. {@code join} is null for a leave whose join never came; {@code leave} null while still in. */
  public record Session(Instant join, Instant leave) {
    public boolean open() {
      return leave == null;
    }

    public long seconds() {
      if (join == null || leave == null || leave.isBefore(join)) {
        return 0;
      }
      return Duration.between(join, leave).getSeconds();
    }
  }

  private ParticipantSessions() {
  }

  /**
   * Walks the times in order; each leave closes the earliest join still open before it (two devices: first in, first
   * out); a leave with nothing open is kept on its own. Joins still open are closed at {@code end} when the occurrence
   * has ended (a join after that end is closed at its own time, zero seconds, until a later end arrives).
   */
  public static List<Session> pair(Collection<Instant> joins, Collection<Instant> leaves, Instant end) {
    TreeSet<Instant> js = new TreeSet<>(joins);
    TreeSet<Instant> ls = new TreeSet<>(leaves);
    List<Session> sessions = new ArrayList<>();
    Deque<Instant> open = new ArrayDeque<>();
    var j = js.iterator();
    var l = ls.iterator();
    Instant nextJoin = j.hasNext() ? j.next() : null;
    Instant nextLeave = l.hasNext() ? l.next() : null;
    while (nextJoin != null || nextLeave != null) {
      // on equal times the join goes first, so a leave at the very second of a join can still close it
      if (nextJoin != null && (nextLeave == null || !nextJoin.isAfter(nextLeave))) {
        open.addLast(nextJoin);
        nextJoin = j.hasNext() ? j.next() : null;
      } else {
        Instant join = open.pollFirst();
        sessions.add(new Session(join, nextLeave));
        nextLeave = l.hasNext() ? l.next() : null;
      }
    }
    for (Instant join : open) {
      sessions.add(new Session(join, end == null ? null : (join.isAfter(end) ? join : end)));
    }
    sessions.sort(ORDER);
    return sessions;
  }

  /** Sessions in the order they began (a lone leave at its leave time). */
  public static final Comparator<Session> ORDER = Comparator
    .comparing((Session s) -> s.join() != null ? s.join() : s.leave())
    .thenComparing(s -> s.leave(), Comparator.nullsLast(Comparator.naturalOrder()));
}
