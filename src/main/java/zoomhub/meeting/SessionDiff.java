package zoomhub.meeting;

import zoomhub.meeting.ParticipantSessions.Session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What to write so that one participant's stored session rows equal the freshly paired sessions, keeping row ids
 * stable (a browser and a teacher's link hold on to them).
 */
final class SessionDiff {
  record Stored(UUID id, Session session) {
  }

  record Update(UUID id, Session before, Session after) {
  }

  record Plan(List<Update> updates, List<Session> inserts, List<Stored> deletes) {
    boolean isEmpty() {
      return updates.isEmpty() && inserts.isEmpty() && deletes.isEmpty();
    }
  }

  private SessionDiff() {
  }

  static Plan plan(List<Stored> stored, List<Session> computed) {
    List<Stored> rows = new ArrayList<>(stored);
    List<Session> wanted = new ArrayList<>(computed);
    List<Update> updates = new ArrayList<>();
    // 1. rows already right
    for (Iterator<Session> it = wanted.iterator(); it.hasNext(); ) {
      Session s = it.next();
      Stored same = find(rows, r -> r.session().equals(s));
      if (same != null) {
        rows.remove(same);
        it.remove();
      }
    }
    // 2. the same join, now with another leave; 3. a lone leave whose join has arrived
    matchBy(rows, wanted, updates, (r, s) -> s.join() != null && s.join().equals(r.session().join()));
    matchBy(rows, wanted, updates, (r, s) -> r.session().join() == null && Objects.equals(s.leave(), r.session().leave()));
    // 4. whatever is left pairs up in order; extras are inserted or deleted
    rows.sort((a, b) -> ParticipantSessions.ORDER.compare(a.session(), b.session()));
    wanted.sort(ParticipantSessions.ORDER);
    while (!rows.isEmpty() && !wanted.isEmpty()) {
      Stored r = rows.remove(0);
      updates.add(new Update(r.id(), r.session(), wanted.remove(0)));
    }
    return new Plan(updates, wanted, rows);
  }

  private static void matchBy(List<Stored> rows, List<Session> wanted, List<Update> updates,
                              java.util.function.BiPredicate<Stored, Session> same) {
    for (Iterator<Session> it = wanted.iterator(); it.hasNext(); ) {
      Session s = it.next();
      Stored match = find(rows, r -> same.test(r, s));
      if (match != null) {
        rows.remove(match);
        it.remove();
        updates.add(new Update(match.id(), match.session(), s));
      }
    }
  }

  private static Stored find(List<Stored> rows, java.util.function.Predicate<Stored> p) {
    for (Stored r : rows) {
      if (p.test(r)) {
        return r;
      }
    }
    return null;
  }
}
