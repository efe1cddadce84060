package zoomhub.bridge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import zoomhub.Addresses;
import zoomhub.HubFixture;
import zoomhub.access.Jwt;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated bridge frames (any type, address, headers, reply address and body, JSON or not): nothing an outsider
 * sends reaches an internal address or another meeting, and the bridge keeps serving.
 */
class HostileFramesProperties {
  private static HubFixture hub;
  private static UUID teacher;
  private static UUID meeting;
  private static String token;
  private static BridgeClient socket;

  @BeforeContainer
  static void start() {
    hub = HubFixture.start();
    teacher = hub.insertUser("Frame Teacher", "frames@props.test", "teacher");
    UUID stranger = hub.insertUser("Stranger", "stranger@props.test", "student");
    meeting = hub.insertMeeting("867000001", teacher, null);
    token = Jwt.fromConfig(hub.vertx, hub.conf).issue(stranger, 3600, hub.conf);
    socket = BridgeClient.connect(hub.vertx, hub.port);
  }

  @AfterContainer
  static void stop() {
    // nothing an outsider sent was delivered to it
    assertThat(socket.frames).noneMatch(f -> "rec".equals(f.getString("type")));
    socket.close();
    try (BridgeClient fresh = BridgeClient.connect(hub.vertx, hub.port)) {
      String reply = fresh.request(Addresses.snapshot(meeting), Jwt.fromConfig(hub.vertx, hub.conf).issue(teacher, 600, hub.conf));
      assertThat(fresh.awaitFrame(BridgeClient.rec(reply)).getJsonObject("body").getJsonObject("meeting").getString("id"))
        .isEqualTo(meeting.toString());
    }
    System.out.printf("hostile bridge frames: %d frames sent on one socket, none delivered anything%n", sent);
    hub.close();
  }

  private static int sent;

  @Property(tries = 300)
  void noFrameOpensWhatTheRulesClose(@ForAll("frames") String frame) {
    sent++;
    socket.writeText(frame);
  }

  @Provide
  Arbitrary<String> frames() {
    Arbitrary<String> type = Arbitraries.of("register", "unregister", "send", "publish", "ping", "rec", "err", "", "REGISTER");
    Arbitrary<String> address = Arbitraries.oneOf(
      Arbitraries.of(Addresses.meeting(meeting), Addresses.participants(meeting), Addresses.snapshot(meeting),
        Addresses.SNAPSHOT, Addresses.MEETING_DISPATCH, Addresses.ATTENDANCE_RECOMPUTE, Addresses.ACCESS_CHANGED,
        "meetings." + meeting + ".participants.extra", "meetings.*", ""),
      Arbitraries.strings().ofMaxLength(400));
    Arbitrary<Object> headers = Arbitraries.oneOf(
      Arbitraries.just(new JsonObject().put("Authorization", "Bearer " + token)),
      Arbitraries.just(new JsonObject().put("Authorization", "Bearer " + token).put("meetingId", meeting.toString())
        .put("participants", "true").put("manage", "true")),
      Arbitraries.just(new JsonObject().put("authorization", 42)), Arbitraries.just(new JsonArray().add("x")),
      Arbitraries.strings().ofMaxLength(50).map(s -> (Object) s));
    Arbitrary<String> reply = Arbitraries.oneOf(Arbitraries.just(UUID.randomUUID().toString()),
      Arbitraries.of(Addresses.meeting(meeting), Addresses.SNAPSHOT), Arbitraries.strings().ofMaxLength(60));
    Arbitrary<String> json = Combinators.combine(type, address, headers, reply, Arbitraries.of(true, false))
      .as((t, a, h, r, withReply) -> {
        JsonObject f = new JsonObject().put("type", t).put("address", a).put("headers", h)
          .put("body", new JsonObject().put("zoomMeetingId", "867000001").put("kind", "all"));
        if (withReply) {
          f.put("replyAddress", r);
        }
        return f.encode();
      });
    return Arbitraries.oneOf(json, Arbitraries.strings().ofMaxLength(200),
      Arbitraries.of("{", "null", "[]", "{\"type\":[]}", "{\"type\":\"register\",\"address\":null}"));
  }

}
