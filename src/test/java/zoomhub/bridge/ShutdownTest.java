package zoomhub.bridge;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** On shutdown every browser socket is closed with a reason, so the page can say so and reconnect. */
class ShutdownTest {
  @Test
  void bridgeSocketsAreToldWhyTheyClose() {
    try (HubFixture hub = HubFixture.start()) {
      var client = hub.vertx.createWebSocketClient();
      WebSocket ws = client.connect(new WebSocketConnectOptions().setPort(hub.port).setHost("localhost")
        .setURI("/eventbus/websocket")).await();
      AtomicReference<String> closed = new AtomicReference<>();
      ws.closeHandler(v -> closed.set(ws.closeStatusCode() + " " + ws.closeReason()));
      ws.writeTextMessage("{\"type\":\"ping\"}");
      hub.restart();
      await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() != null);
      assertThat(closed.get()).startsWith("1001").contains("shutting down");
    }
  }
}
