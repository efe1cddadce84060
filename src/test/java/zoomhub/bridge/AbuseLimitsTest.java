package zoomhub.bridge;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.Addresses;
import zoomhub.HubFixture;
import zoomhub.Zoom;
import zoomhub.access.Jwt;
import zoomhub.config.ConfigKeys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Limits that keep one client from hurting the others: forged webhook floods, socket hoarding, slow readers. */
class AbuseLimitsTest {
  private static HubFixture hub;
  private static Jwt jwt;

  @BeforeAll
  static void start() {
    hub = HubFixture.start(new JsonObject().put(ConfigKeys.BRIDGE_MAX_SOCKETS_PER_USER, 2)
      .put(ConfigKeys.WEBHOOK_INVALID_PER_IP_PER_SECOND, 2));
    jwt = Jwt.fromConfig(hub.vertx, hub.conf);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void aFloodOfUnsignedPostsIsThrottledButZoomsSignedOnesNeverAre() {
    int throttled = 0;
    byte[] body = Zoom.started("880000001", "flood==", "2026-11-02T09:00:00Z").encode().getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 40; i++) {
      int status = hub.postRaw(body, Map.of("x-zm-signature", "v0=forged", "x-zm-request-timestamp", "1")).statusCode();
      assertThat(status).isIn(401, 429);
      throttled += status == 429 ? 1 : 0;
    }
    assertThat(throttled).isPositive();
    for (int i = 0; i < 20; i++) {
      assertThat(hub.post(Zoom.started("880000001", "signed-" + i + "==", "2026-11-02T09:00:00Z")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aUserHoldsAtMostTheConfiguredNumberOfSockets() {
    UUID user = hub.insertUser("Hoarder", "hoarder@limits.test", "teacher");
    UUID meeting = hub.insertMeeting("880000002", user, null);
    String token = jwt.issue(user, 600, hub.conf);
    try (BridgeClient a = BridgeClient.connect(hub.vertx, hub.port); BridgeClient b = BridgeClient.connect(hub.vertx, hub.port);
         BridgeClient c = BridgeClient.connect(hub.vertx, hub.port)) {
      a.register(Addresses.meeting(meeting), token);
      b.register(Addresses.meeting(meeting), token);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        hub.vertx.eventBus().publish(Addresses.meeting(meeting), new JsonObject().put("probe", 1));
        return !a.received(Addresses.meeting(meeting)).isEmpty() && !b.received(Addresses.meeting(meeting)).isEmpty();
      });
      c.register(Addresses.meeting(meeting), token);
      JsonObject refused = c.awaitFrame(f -> "too_many_sockets".equals(f.getString("failureType")));
      assertThat(refused.getInteger("failureCode")).isEqualTo(429);
    }
  }

  @Test
  void aSocketThatStopsReadingIsClosedAndTheOthersGetEverything() throws Exception {
    UUID user = hub.insertUser("Reader", "reader@limits.test", "teacher");
    UUID slowUser = hub.insertUser("Sleeper", "sleeper@limits.test", "teacher");
    UUID meeting = hub.insertMeeting("880000003", user, null);
    hub.update("UPDATE zoom_meetings SET target_audience = 'teachers' WHERE id = ?", meeting);
    String address = Addresses.meeting(meeting);
    try (BridgeClient healthy = BridgeClient.connect(hub.vertx, hub.port)) {
      healthy.register(address, jwt.issue(user, 600, hub.conf));
      WebSocketClient client = hub.vertx.createWebSocketClient();
      WebSocket slow = client.connect(new WebSocketConnectOptions().setPort(hub.port).setHost("localhost")
        .setURI("/eventbus/websocket")).await();
      AtomicInteger slowGot = new AtomicInteger();
      AtomicBoolean slowClosed = new AtomicBoolean();
      slow.handler(b -> slowGot.incrementAndGet());
      slow.closeHandler(v -> slowClosed.set(true));
      slow.writeTextMessage(BridgeClient.frame("register", address, jwt.issue(slowUser, 600, hub.conf)).encode());
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        hub.vertx.eventBus().publish(address, new JsonObject().put("probe", 1));
        return slowGot.get() > 0 && !healthy.received(address).isEmpty();
      });
      slow.pause(); // stops reading: the hub's writes to it pile up
      long pausedAt = System.nanoTime();
      int before = healthy.received(address).size();
      String padding = "x".repeat(16 * 1024);
      int sent = 3_000;
      for (int i = 0; i < sent; i++) {
        hub.vertx.eventBus().publish(address, new JsonObject().put("n", i).put("padding", padding));
        if (i % 50 == 49) { // a busy meeting, not an instant flood: the reader keeps up
          int upTo = before + i + 1;
          await().atMost(Duration.ofSeconds(10)).until(() -> healthy.received(address).size() >= upTo);
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> healthy.received(address).size() >= before + sent);
      // the sleeper's queue stays full: messages keep coming past the hub's patience (5 s), then it is closed
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
        hub.vertx.eventBus().publish(address, new JsonObject().put("tick", 1));
        return System.nanoTime() - pausedAt > SocketState.SLOW_READER_NANOS + 1_000_000_000L;
      });
      slow.resume();
      await().atMost(Duration.ofSeconds(30)).until(slowClosed::get);
      System.out.printf("slow consumer: %d messages of 16 KiB published; the reader got all, the sleeper %d before it "
        + "was closed%n", sent, slowGot.get());
      assertThat(slowGot.get()).isLessThan(sent);
      client.close().await();
    }
  }
}
