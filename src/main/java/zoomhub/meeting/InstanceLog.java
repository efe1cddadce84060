package zoomhub.meeting;

import zoomhub.meeting.ParticipantSessions.Session;
import zoomhub.meeting.ZoomEvent.Participant;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every join and leave applied so far to one meeting occurrence, by participant key: the actor's in-memory state,
 * rebuilt from the processed inbox rows when the actor (re)starts. A time seen twice for one key is one event.
 */
final class InstanceLog {
  private static final class KeyLog {
    final TreeMap<Instant, Participant> joins = new TreeMap<>();
    final TreeMap<Instant, Participant> leaves = new TreeMap<>();
  }

  private final Map<String, KeyLog> byKey = new HashMap<>();

  /** @return the participant's key */
  String add(Participant p) {
    KeyLog log = byKey.computeIfAbsent(p.key(), k -> new KeyLog());
    if (p.joinTime() != null) {
      log.joins.put(p.joinTime(), p);
    }
    if (p.leaveTime() != null) {
      log.leaves.put(p.leaveTime(), p);
    }
    return p.key();
  }

  Set<String> keys() {
    return byKey.keySet();
  }

  List<Session> sessions(String key, Instant end) {
    KeyLog log = byKey.get(key);
    return log == null ? List.of() : ParticipantSessions.pair(log.joins.keySet(), log.leaves.keySet(), end);
  }

  /** Who the session is: what its join said, else what its leave said. */
  Participant describe(String key, Session s) {
    KeyLog log = byKey.get(key);
    Participant p = s.join() != null ? log.joins.get(s.join()) : null;
    if (p == null && s.leave() != null) {
      p = log.leaves.get(s.leave());
    }
    if (p == null) {
      p = log.joins.isEmpty() ? log.leaves.lastEntry().getValue() : log.joins.lastEntry().getValue();
    }
    return p;
  }

  /** The most telling description of the participant, for matching to a user: the latest join, else the latest leave. */
  Participant latest(String key) {
    KeyLog log = byKey.get(key);
    return !log.joins.isEmpty() ? log.joins.lastEntry().getValue() : log.leaves.lastEntry().getValue();
  }
}
