package zoomhub.load;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Realistic webhook bodies (the shapes of Zoom's samples) for the seeded meetings: each meeting fills to a class of
 * people, then one leaves and another joins, and so on. Every body is distinct, as Zoom's are.
 */
final class Traffic {
  /** A body, and the key a socket matches its message by ({@code j:} or {@code l:} and the participant's name). */
  record Body(byte[] bytes, String key) {
  }

  private static final int IN_ROOM = 20;
  private final List<School.Meeting> meetings;
  private final ArrayDeque<String>[] open;
  private final int[] joined;
  private final boolean[] toggle;
  private long eventTs = System.currentTimeMillis();

  @SuppressWarnings("unchecked")
  Traffic(List<School.Meeting> meetings) {
    this.meetings = meetings;
    this.open = new ArrayDeque[meetings.size()];
    this.joined = new int[meetings.size()];
    this.toggle = new boolean[meetings.size()];
    for (int i = 0; i < open.length; i++) {
      open[i] = new ArrayDeque<>();
    }
  }

  static Body started(School.Meeting m) {
    String json = "{\"event\":\"meeting.started\",\"event_ts\":" + System.currentTimeMillis()
      + ",\"payload\":{\"account_id\":\"AAAAAABBBB\",\"object\":" + meeting(m, "\"password\":\"\"")
      + "}}";
    return new Body(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "s:" + m.zoomId());
  }

  /** The next join or leave for meeting {@code index}. */
  synchronized Body next(int index) {
    School.Meeting m = meetings.get(index);
    ArrayDeque<String> room = open[index];
    // fill the room, then alternate: one joins, one leaves
    boolean join = room.size() < IN_ROOM || (toggle[index] ^= true);
    String name;
    String event;
    String time;
    if (join) {
      name = "LP" + m.index() + "x" + joined[index]++;
      room.addLast(name);
      event = "meeting.participant_joined";
      time = "\"join_time\":\"" + Instant.now() + "\"";
    } else {
      name = room.removeFirst();
      event = "meeting.participant_left";
      time = "\"leave_time\":\"" + Instant.now() + "\",\"leave_reason\":\"left the meeting.<br>Reason: left\"";
    }
    String participant = "\"participant\":{\"user_id\":\"16778240\",\"user_name\":\"" + name + "\",\"id\":\"\","
      + "\"participant_uuid\":\"" + m.zoomId() + "-" + name + "\",\"email\":\"" + name.toLowerCase()
      + "@students.load.test\",\"registrant_id\":\"\",\"participant_user_id\":\"\"," + time + "}";
    String json = "{\"event\":\"" + event + "\",\"event_ts\":" + (++eventTs) + ",\"payload\":{\"account_id\":\"AAAAAABBBB\","
      + "\"object\":" + meeting(m, participant) + "}}";
    return new Body(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), (join ? "j:" : "l:") + name);
  }

  private static String meeting(School.Meeting m, String extra) {
    return "{\"id\":\"" + m.zoomId() + "\",\"uuid\":\"" + m.zoomUuid() + "\",\"host_id\":\"x1yCzABCDEfg23HiJKl4mN\","
      + "\"topic\":\"Load class " + m.index() + "\",\"type\":2,\"start_time\":\"" + Instant.now() + "\","
      + "\"timezone\":\"Europe/Paris\",\"duration\":60," + extra + "}";
  }
}
