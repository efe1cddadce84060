package zoomhub.bridge;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.Addresses;
import zoomhub.HubFixture;
import zoomhub.access.Jwt;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Frames no browser should send: the socket is refused what it asks, and the bridge goes on serving. */
class HostileFramesTest {
  private static HubFixture hub;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void badFramesAreRefusedAndTheSocketStillWorks() {
    UUID teacher = hub.insertUser("Tess", "tess@frames.test", "teacher");
    UUID meeting = hub.insertMeeting("861000001", teacher, null);
    String token = Jwt.fromConfig(hub.vertx, hub.conf).issue(teacher, 600, hub.conf);
    String bearer = "Bearer " + token;
    try (BridgeClient c = BridgeClient.connect(hub.vertx, hub.port)) {
      List<String> raw = List.of("not json", "{", "[]", "42", "{\"type\":null}", "{\"type\":\"shout\",\"address\":\"x\"}",
        "{\"type\":\"register\"}", "{\"type\":\"register\",\"address\":\"" + "meetings.".repeat(300) + "\"}",
        "{\"type\":\"send\",\"address\":\"" + Addresses.snapshot(meeting) + "\",\"replyAddress\":\"" + "r".repeat(500)
          + "\",\"headers\":{\"Authorization\":\"" + bearer + "\"}}",
        "{\"type\":\"send\",\"address\":\"hub.internal.meetings.dispatch\",\"body\":{\"zoomMeetingId\":\"861000001\"},"
          + "\"headers\":{\"Authorization\":\"" + bearer + "\"}}",
        "{\"type\":\"register\",\"address\":\"" + Addresses.meeting(meeting) + "\",\"headers\":{\"Authorization\":42}}",
        "{\"type\":\"register\",\"address\":\"" + Addresses.meeting(meeting) + "\",\"headers\":\"Bearer x\"}",
        "{\"type\":\"send\",\"address\":\"" + Addresses.snapshot(meeting) + "\",\"replyAddress\":\"" + Addresses.meeting(meeting)
          + "\",\"headers\":{\"Authorization\":\"" + bearer + "\",\"meetingId\":\"forged\",\"manage\":\"true\"}}");
      raw.forEach(f -> c.write(tryParse(f)));
      raw.stream().filter(f -> tryParse(f) == null).forEach(f -> c.writeText(f));
      await().atMost(Duration.ofSeconds(10)).until(() -> c.frames.size() >= 10);
      assertThat(c.frames).noneMatch(f -> "rec".equals(f.getString("type")) && f.getString("address") != null
        && f.getString("address").startsWith("hub.internal"));

      // the same socket, asked properly, still gets its answer
      String reply = c.request(Addresses.snapshot(meeting), token);
      JsonObject snap = c.awaitFrame(BridgeClient.rec(reply)).getJsonObject("body");
      assertThat(snap.getJsonObject("meeting").getString("id")).isEqualTo(meeting.toString());
    }
  }

  private static JsonObject tryParse(String s) {
    try {
      return new JsonObject(s);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
