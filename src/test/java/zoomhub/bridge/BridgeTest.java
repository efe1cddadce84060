package zoomhub.bridge;

import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.Addresses;
import zoomhub.HubFixture;
import zoomhub.Zoom;
import zoomhub.access.Jwt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The event-bus bridge spoken the way a browser speaks it: register, rec, err, send with reply, ping. */
class BridgeTest {
  private static final AtomicInteger zoomIds = new AtomicInteger(820_000_000);
  private static HubFixture hub;
  private static Jwt jwt;
  private final List<BridgeClient> clients = new ArrayList<>();

  private UUID teacher;
  private UUID student;
  private UUID outsider;
  private UUID meeting;
  private String zoomId;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
    jwt = Jwt.fromConfig(hub.vertx, hub.conf);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(BridgeClient::close);
  }

  private void school() {
    String n = Integer.toString(zoomIds.incrementAndGet());
    teacher = hub.insertUser("Teacher " + n, "teacher" + n + "@school.test", "teacher");
    student = hub.insertUser("Student " + n, "student" + n + "@school.test", "student");
    outsider = hub.insertUser("Outsider " + n, "outsider" + n + "@school.test", "student");
    UUID klass = hub.insertClass("Class " + n, teacher, student);
    zoomId = n;
    meeting = hub.insertMeeting(zoomId, teacher, klass);
  }

  private String token(UUID user) {
    return jwt.issue(user, 3600, hub.conf);
  }

  /** Signed with the hub's key, expired ten seconds ago. */
  private static String expiredToken(UUID user) {
    return io.vertx.ext.auth.jwt.JWTAuth.create(hub.vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
        .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("HS256")
          .setBuffer(hub.conf.getString("jwt.secret"))))
      .generateToken(new JsonObject().put("sub", user.toString()).put("exp", System.currentTimeMillis() / 1000 - 10),
        new io.vertx.ext.auth.JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
  }

  private BridgeClient client() {
    BridgeClient c = BridgeClient.connect(hub.vertx, hub.port);
    clients.add(c);
    return c;
  }

  /** Waits until the socket's registration is live: a probe published on the address reaches it. */
  private static void awaitLive(BridgeClient c, String address) {
    JsonObject probe = new JsonObject().put("type", "probe").put("id", UUID.randomUUID().toString());
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      hub.vertx.eventBus().publish(address, probe);
      return c.received(address).contains(probe);
    });
  }

  private static List<JsonObject> real(List<JsonObject> messages) {
    return messages.stream().filter(m -> !"probe".equals(m.getString("type"))).toList();
  }

  @Test
  void theHostReceivesStatusAndParticipantsLiveWithAContiguousSeq() {
    school();
    BridgeClient c = client();
    String t = token(teacher);
    c.register(Addresses.meeting(meeting), t);
    c.register(Addresses.participants(meeting), t);
    awaitLive(c, Addresses.meeting(meeting));
    awaitLive(c, Addresses.participants(meeting));

    JsonObject ana = Zoom.participant("ana", "Ana", null);
    hub.post(Zoom.started(zoomId, "live==", "2026-11-02T09:00:00Z"));
    hub.post(Zoom.joined(zoomId, "live==", ana, "2026-11-02T09:01:00Z"));
    hub.post(Zoom.left(zoomId, "live==", ana, "2026-11-02T09:20:00Z"));
    await().atMost(Duration.ofSeconds(10)).until(() -> real(c.received(Addresses.participants(meeting))).size() == 2);

    List<JsonObject> status = real(c.received(Addresses.meeting(meeting)));
    List<JsonObject> people = real(c.received(Addresses.participants(meeting)));
    assertThat(status).singleElement().satisfies(m -> {
      assertThat(m.getString("type")).isEqualTo("meeting.status");
      assertThat(m.getString("status")).isEqualTo("started");
    });
    assertThat(people).extracting(m -> m.getString("type")).containsExactly("participant.joined", "participant.left");
    assertThat(people.get(1).getJsonObject("participant").getLong("durationSeconds")).isEqualTo(19 * 60);
    assertThat(List.of(status.get(0), people.get(0), people.get(1))).extracting(m -> m.getLong("seq"))
      .containsExactly(1L, 2L, 3L);
  }

  @Test
  void aStudentGetsTheStatusButIsRefusedTheParticipants() {
    school();
    BridgeClient c = client();
    String t = token(student);
    c.register(Addresses.meeting(meeting), t);
    c.register(Addresses.participants(meeting), t);
    JsonObject err = c.awaitFrame(BridgeClient.err(Addresses.participants(meeting)));
    assertThat(err.getInteger("failureCode")).isEqualTo(403);
    assertThat(err.getString("failureType")).isEqualTo("access_denied");
    assertThat(err.getString("message")).isNotBlank();
    awaitLive(c, Addresses.meeting(meeting));

    hub.post(Zoom.started(zoomId, "stud==", "2026-11-02T09:00:00Z"));
    hub.post(Zoom.joined(zoomId, "stud==", Zoom.participant("x", "X", null), "2026-11-02T09:01:00Z"));
    hub.post(Zoom.ended(zoomId, "stud==", "2026-11-02T09:00:00Z", "2026-11-02T10:00:00Z"));
    // the end's status comes after the join's participant message: once it is here, a leak would be too
    await().atMost(Duration.ofSeconds(10)).until(() -> real(c.received(Addresses.meeting(meeting))).size() == 2);
    assertThat(c.received(Addresses.participants(meeting))).isEmpty();
  }

  @Test
  void noTokenAnotherKeysTokenOrAnOutsiderIsRefusedAndAnExpiredTokenIsTold() {
    school();
    BridgeClient c = client();
    c.register(Addresses.meeting(meeting), null);
    assertThat(c.awaitFrame(BridgeClient.err(Addresses.meeting(meeting))).getString("failureType")).isEqualTo("access_denied");

    String forged = Jwt.fromConfig(hub.vertx, hub.conf.copy().put("jwt.secret", "another-key-another-key-another-key!"))
      .issue(teacher, 3600, hub.conf);
    BridgeClient c2 = client();
    c2.register(Addresses.meeting(meeting), forged);
    assertThat(c2.awaitFrame(BridgeClient.err(Addresses.meeting(meeting))).getInteger("failureCode")).isEqualTo(403);

    BridgeClient c3 = client();
    c3.register(Addresses.meeting(meeting), token(outsider));
    assertThat(c3.awaitFrame(BridgeClient.err(Addresses.meeting(meeting))).getString("failureType")).isEqualTo("access_denied");

    BridgeClient c4 = client();
    c4.register(Addresses.meeting(meeting), expiredToken(teacher));
    JsonObject expired = c4.awaitFrame(BridgeClient.err(Addresses.meeting(meeting)));
    assertThat(expired.getInteger("failureCode")).isEqualTo(401);
    assertThat(expired.getString("failureType")).isEqualTo("token_expired");
  }

  @Test
  void theSnapshotAnswersWhoIsInTheMeetingOnlyToThoseWhoMaySeeParticipants() {
    school();
    hub.post(Zoom.started(zoomId, "snap==", "2026-11-02T09:00:00Z"));
    hub.post(Zoom.joined(zoomId, "snap==", Zoom.participant("ben", "Ben", null), "2026-11-02T09:05:00Z"));
    hub.post(Zoom.joined(zoomId, "snap==", Zoom.participant("cy", "Cy", null), "2026-11-02T09:06:00Z"));
    hub.post(Zoom.left(zoomId, "snap==", Zoom.participant("cy", "Cy", null), "2026-11-02T09:07:00Z"));
    await().atMost(Duration.ofSeconds(10)).until(() ->
      hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = ? AND state = 'pending'", zoomId) == 0);

    BridgeClient host = client();
    String reply = host.request(Addresses.snapshot(meeting), token(teacher));
    JsonObject snap = host.awaitFrame(BridgeClient.rec(reply)).getJsonObject("body");
    assertThat(snap.getJsonObject("meeting").getString("id")).isEqualTo(meeting.toString());
    assertThat(snap.getJsonObject("meeting").getString("status")).isEqualTo("started");
    assertThat(snap.getJsonObject("meeting").containsKey("startUrl")).isTrue();
    assertThat(snap.getJsonArray("participants")).hasSize(1);
    assertThat(snap.getJsonArray("participants").getJsonObject(0).getString("name")).isEqualTo("Ben");
    assertThat(snap.getLong("seq")).isEqualTo(4);

    BridgeClient pupil = client();
    String reply2 = pupil.request(Addresses.snapshot(meeting), token(student));
    JsonObject snap2 = pupil.awaitFrame(BridgeClient.rec(reply2)).getJsonObject("body");
    assertThat(snap2.getJsonArray("participants")).isEmpty();
    assertThat(snap2.getJsonObject("meeting").containsKey("startUrl")).isFalse();

    BridgeClient stranger = client();
    stranger.request(Addresses.snapshot(meeting), token(outsider));
    assertThat(stranger.awaitFrame(BridgeClient.err(Addresses.snapshot(meeting))).getInteger("failureCode")).isEqualTo(403);
  }

  @Test
  void deactivatingAUserDropsTheirRegistrationsWithinTwoSeconds() {
    school();
    BridgeClient c = client();
    c.register(Addresses.meeting(meeting), token(student));
    awaitLive(c, Addresses.meeting(meeting));

    long start = System.nanoTime();
    hub.update("UPDATE users SET is_active = false WHERE id = ?", student);
    JsonObject err = c.awaitFrame(BridgeClient.err(Addresses.meeting(meeting)));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(err.getInteger("failureCode")).isEqualTo(403);
    assertThat(err.getString("failureType")).isEqualTo("access_denied");

    // nothing more arrives on that address; another socket registered on it shows the message went out
    BridgeClient witness = client();
    witness.register(Addresses.meeting(meeting), token(teacher));
    awaitLive(witness, Addresses.meeting(meeting));
    int before = c.received(Addresses.meeting(meeting)).size();
    hub.post(Zoom.started(zoomId, "revoked==", "2026-11-02T09:00:00Z"));
    await().atMost(Duration.ofSeconds(10)).until(() -> real(witness.received(Addresses.meeting(meeting))).size() == 1);
    assertThat(c.received(Addresses.meeting(meeting))).hasSize(before);
  }

  @Test
  void aChangedAudienceOrEnrollmentIsCheckedAgain() {
    school();
    BridgeClient c = client();
    c.register(Addresses.meeting(meeting), token(student));
    awaitLive(c, Addresses.meeting(meeting));
    hub.update("DELETE FROM class_enrollments WHERE student_id = ?", student);
    assertThat(c.awaitFrame(BridgeClient.err(Addresses.meeting(meeting))).getString("failureType")).isEqualTo("access_denied");

    BridgeClient other = client();
    other.register(Addresses.meeting(meeting), token(outsider));
    other.awaitFrame(BridgeClient.err(Addresses.meeting(meeting)));
    // the outsider's socket keeps its (refused) state; a new audience lets it in on the next register
    hub.update("UPDATE zoom_meetings SET target_audience = 'students' WHERE id = ?", meeting);
    BridgeClient again = client();
    again.register(Addresses.meeting(meeting), token(outsider));
    awaitLive(again, Addresses.meeting(meeting));
  }

  @Test
  void anExpiredTokenStopsDeliveryUntilANewerTokenArrives() {
    school();
    BridgeClient c = client();
    c.register(Addresses.meeting(meeting), jwt.issue(teacher, 2, hub.conf));
    awaitLive(c, Addresses.meeting(meeting));
    JsonObject expired = c.awaitFrame(BridgeClient.err(Addresses.meeting(meeting)));
    assertThat(expired.getInteger("failureCode")).isEqualTo(401);
    assertThat(expired.getString("failureType")).isEqualTo("token_expired");

    // a later frame with a newer token for the same user revives the socket's registrations
    c.register(Addresses.participants(meeting), token(teacher));
    awaitLive(c, Addresses.participants(meeting));
    awaitLive(c, Addresses.meeting(meeting));
  }

  @Test
  void onlyTheMeetingAddressesAreOpenAndOnlyAsTheyAreMeant() {
    school();
    BridgeClient c = client();
    String t = token(teacher);
    c.register(Addresses.SNAPSHOT, t);
    c.register(Addresses.MEETING_DISPATCH, t);
    c.register(Addresses.snapshot(meeting), t);
    c.write(BridgeClient.frame("send", Addresses.meeting(meeting), t).put("body", new JsonObject()));
    c.write(BridgeClient.frame("publish", Addresses.meeting(meeting), t).put("body", new JsonObject()));
    c.write(BridgeClient.frame("send", Addresses.SNAPSHOT, t).put("body", new JsonObject()));
    c.write(new JsonObject().put("type", "register").put("address", "meetings.not-a-uuid"));
    for (String address : List.of(Addresses.SNAPSHOT, Addresses.MEETING_DISPATCH, Addresses.snapshot(meeting),
      Addresses.meeting(meeting), "meetings.not-a-uuid")) {
      c.awaitFrame(BridgeClient.err(address));
    }
    assertThat(c.frames).noneMatch(f -> "rec".equals(f.getString("type")));
  }

  @Test
  void aSocketHoldsAtMost64Registrations() {
    school();
    BridgeClient c = client();
    String t = token(teacher);
    List<UUID> meetings = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      UUID m = hub.insertMeeting(zoomIds.incrementAndGet() + "", teacher, null);
      meetings.add(m);
    }
    for (int i = 0; i < 64; i++) {
      c.register(Addresses.meeting(meetings.get(i)), t);
    }
    for (int i = 0; i < 64; i++) {
      awaitLive(c, Addresses.meeting(meetings.get(i)));
    }
    c.register(Addresses.meeting(meetings.get(64)), t);
    JsonObject err = c.awaitFrame(f -> "err".equals(f.getString("type"))
      && (Addresses.meeting(meetings.get(64)).equals(f.getString("address")) || f.getString("address") == null));
    assertThat(err.encode()).containsAnyOf("too_many_registrations", "max_handlers_reached");
  }

  @Test
  void aForeignOriginCannotOpenTheBridge() {
    WebSocketClient ws = hub.vertx.createWebSocketClient();
    try {
      assertThatThrownBy(() -> ws.connect(new WebSocketConnectOptions().setPort(hub.port).setHost("localhost")
        .setURI("/eventbus/websocket").addHeader("Origin", "https://evil.example")).await())
        .hasMessageContaining("403");
      ws.connect(new WebSocketConnectOptions().setPort(hub.port).setHost("localhost").setURI("/eventbus/websocket")
        .addHeader("Origin", "http://localhost:" + hub.port)).await().close().await();
    } finally {
      ws.close().await();
    }
  }
}
