package zoomhub.bridge;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A browser's side of the bridge, spoken over the raw {@code /eventbus/websocket} endpoint: one JSON frame per
 * WebSocket message, exactly the frames the stock {@code vertx-eventbus.js} client sends.
 */
final class BridgeClient implements AutoCloseable {
  final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  private final WebSocket socket;
  private final WebSocketClient client;
  private final long pinger;
  private final Vertx vertx;

  private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    socket.handler(data -> frames.add(data.toJsonObject())); // the bridge writes binary frames, the err frames too
    this.pinger = vertx.setPeriodic(5_000, t -> socket.writeTextMessage("{\"type\":\"ping\"}"));
    socket.writeTextMessage("{\"type\":\"ping\"}");
  }

  static BridgeClient connect(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket ws = client.connect(new WebSocketConnectOptions().setPort(port).setHost("localhost")
      .setURI("/eventbus/websocket")).await();
    return new BridgeClient(vertx, client, ws);
  }

  void register(String address, String token) {
    write(frame("register", address, token));
  }

  void unregister(String address, String token) {
    write(frame("unregister", address, token));
  }

  /** Sends with a reply address and returns it (36 characters, like the stock client's). */
  String request(String address, String token) {
    String reply = UUID.randomUUID().toString();
    write(frame("send", address, token).put("replyAddress", reply).put("body", new JsonObject()));
    return reply;
  }

  void write(JsonObject frame) {
    if (frame != null) {
      socket.writeTextMessage(frame.encode());
    }
  }

  /** Any text at all, JSON or not. */
  void writeText(String text) {
    socket.writeTextMessage(text);
  }

  static JsonObject frame(String type, String address, String token) {
    JsonObject f = new JsonObject().put("type", type).put("address", address);
    if (token != null) {
      f.put("headers", new JsonObject().put("Authorization", "Bearer " + token));
    }
    return f;
  }

  JsonObject awaitFrame(Predicate<JsonObject> match) {
    await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(match));
    return frames.stream().filter(match).findFirst().orElseThrow();
  }

  /** The messages (rec frames) received on one address, in order. */
  List<JsonObject> received(String address) {
    return frames.stream().filter(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address")))
      .map(f -> f.getJsonObject("body")).toList();
  }

  static Predicate<JsonObject> err(String address) {
    return f -> "err".equals(f.getString("type")) && address.equals(f.getString("address"));
  }

  static Predicate<JsonObject> rec(String address) {
    return f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address"));
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    socket.close().await();
    client.close().await();
  }
}
