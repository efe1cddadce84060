package zoomhub.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Browser tabs on the raw {@code /eventbus/websocket}: each connects, registers its addresses with its token in the
 * frame headers (as the stock client does), pings, and counts what it is sent; participant messages are matched to
 * the webhook that caused them by the participant's name.
 */
final class Sockets {
  /** One tab: whose token and which addresses. */
  record Tab(String token, List<String> addresses) {
  }

  private final Vertx vertx;
  private final Target target;
  private final WebSocketClient client;
  private final List<WebSocket> open = new ArrayList<>();
  private final Map<String, Long> sentAt;
  volatile Samples latency = new Samples();
  final AtomicLong frames = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  /** Err frames already reported. */
  long errorsCounted;
  final AtomicLong lastFrameNanos = new AtomicLong();
  private final long pinger;

  Sockets(Vertx vertx, Target target, Map<String, Long> sentAt) {
    this.vertx = vertx;
    this.target = target;
    this.sentAt = sentAt;
    // held in a field: Vert.x closes a client nobody references, and its sockets with it
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
      .setDefaultHost(target.host).setDefaultPort(target.port));
    // as the stock client: a ping every few seconds, from the start (the bridge closes a socket silent for 30 s)
    this.pinger = vertx.setPeriodic(5_000, t -> {
      synchronized (open) {
        open.forEach(ws -> ws.writeTextMessage("{\"type\":\"ping\"}"));
      }
    });
  }

  /** Opens every tab, at most {@code parallel} connecting at once, and sends its register frames. */
  void open(List<Tab> tabs, int parallel) {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    Runnable[] step = new Runnable[1];
    step[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= tabs.size()) {
        return;
      }
      connect(tabs.get(i)).onComplete(r -> {
        if (r.failed()) {
          failures.incrementAndGet();
        }
        if (finished.incrementAndGet() == tabs.size()) {
          done.tryComplete();
        } else {
          step[0].run();
        }
      });
    };
    if (tabs.isEmpty()) {
      return;
    }
    vertx.runOnContext(v -> {
      for (int i = 0; i < Math.min(parallel, tabs.size()); i++) {
        step[0].run();
      }
    });
    done.future().await();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " of " + tabs.size() + " sockets could not connect");
    }
  }

  /** Opens the tabs one after another, {@code perSecond} a second: pages opened at a steady trickle. */
  void openPaced(List<Tab> tabs, int perSecond) {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    vertx.setPeriodic(0, Math.max(1, 1000 / perSecond), timer -> {
      int i = next.getAndIncrement();
      if (i >= tabs.size()) {
        vertx.cancelTimer(timer);
        return;
      }
      connect(tabs.get(i)).onComplete(r -> {
        if (r.failed()) {
          done.tryFail(r.cause());
        } else if (finished.incrementAndGet() == tabs.size()) {
          done.tryComplete();
        }
      });
    });
    done.future().await();
  }

  private Future<Void> connect(Tab tab) {
    return client.connect(new WebSocketConnectOptions().setURI("/eventbus/websocket")).map(ws -> {
      ws.handler(this::onFrame);
      synchronized (open) {
        open.add(ws);
      }
      JsonObject headers = new JsonObject().put("Authorization", "Bearer " + tab.token());
      for (String address : tab.addresses()) {
        ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address)
          .put("headers", headers).encode());
      }
      return null;
    });
  }

  private void onFrame(Buffer frame) {
    long now = System.nanoTime();
    frames.incrementAndGet();
    lastFrameNanos.set(now);
    if (frame.length() > 12 && frame.getByte(9) == 'e' && frame.getByte(10) == 'r') { // {"type":"err",...
      errors.incrementAndGet();
      return;
    }
    if (sentAt == null) {
      return;
    }
    String s = frame.toString(StandardCharsets.UTF_8);
    int type = s.indexOf("\"participant.");
    int name = s.indexOf("\"name\":\"");
    if (type < 0 || name < 0) {
      return;
    }
    char kind = s.charAt(type + 13); // j(oined) or l(eft)
    int from = name + 8;
    String key = kind + ":" + s.substring(from, s.indexOf('"', from));
    Long sent = sentAt.get(key);
    if (sent != null) {
      latency.add(now - sent);
    }
  }

  int size() {
    synchronized (open) {
      return open.size();
    }
  }

  void close() {
    vertx.cancelTimer(pinger);
    List<WebSocket> all;
    synchronized (open) {
      all = new ArrayList<>(open);
      open.clear();
    }
    Future.join(all.stream().map(WebSocket::close).toList()).otherwiseEmpty().await();
    client.close().await();
  }
}
