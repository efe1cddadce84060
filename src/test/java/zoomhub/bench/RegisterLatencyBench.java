package zoomhub.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import zoomhub.Addresses;
import zoomhub.HubFixture;
import zoomhub.access.Jwt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * REGISTER authorization latency over the raw WebSocket, as a browser sees it: the time from a register frame to the
 * bridge's answer. A refused register is timed (its err frame is the answer) because a granted one sends none; both
 * run the same work: token check, user lookup, the SQL rules for a meeting the socket has not asked about before.
 * Run: java -cp target/classes:target/test-classes:$(cat target/cp.txt) zoomhub.bench.RegisterLatencyBench [samples]
 */
public final class RegisterLatencyBench {
  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    HubFixture hub = HubFixture.start();
    try {
      Vertx vertx = hub.vertx;
      UUID host = hub.insertUser("Host", "host@bench.test", "teacher");
      UUID student = hub.insertUser("Student", "student@bench.test", "student");
      List<UUID> meetings = new ArrayList<>();
      hub.rows("INSERT INTO zoom_meetings (zoom_meeting_id, host_id, title) "
        + "SELECT (900000000 + g)::text, ?, 'Bench' FROM generate_series(1, ?) g", host, samples + 200);
      hub.rows("SELECT id FROM zoom_meetings WHERE title = 'Bench' ORDER BY zoom_meeting_id")
        .forEach(r -> meetings.add((UUID) r.get("id")));
      String token = Jwt.fromConfig(vertx, hub.conf).issue(student, 3600, hub.conf);
      BlockingQueue<JsonObject> answers = new ArrayBlockingQueue<>(16);
      // held in a variable: Vert.x closes a client that is no longer referenced, and its sockets with it
      WebSocketClient client = vertx.createWebSocketClient();
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("localhost")
        .setPort(hub.port).setURI("/eventbus/websocket")).await();
      ws.handler(b -> {
        JsonObject f = b.toJsonObject();
        if (System.getenv("BENCH_DEBUG") != null) {
          System.out.println(System.nanoTime() / 1_000_000 + " frame " + f.encode());
        }
        if (f.containsKey("address")) {
          answers.add(f);
        }
      });
      ws.closeHandler(v -> System.out.println(System.nanoTime() / 1_000_000 + " closed " + ws.closeStatusCode() + " " + ws.closeReason()));
      long pinger = vertx.setPeriodic(5_000, t -> ws.writeTextMessage("{\"type\":\"ping\"}"));
      ws.writeTextMessage("{\"type\":\"ping\"}");
      long[] nanos = new long[samples];
      for (int i = -200; i < samples; i++) { // the first 200 warm the JIT and the statement cache
        String address = Addresses.meeting(meetings.get(i + 200));
        long t0 = System.nanoTime();
        if (System.getenv("BENCH_DEBUG") != null) {
          System.out.println(t0 / 1_000_000 + " send " + i + " " + address);
        }
        ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address)
          .put("headers", new JsonObject().put("Authorization", "Bearer " + token)).encode());
        JsonObject answer = answers.poll(10, TimeUnit.SECONDS);
        long took = System.nanoTime() - t0;
        if (answer == null || !address.equals(answer.getString("address"))) {
          throw new IllegalStateException("no answer at " + i + " for " + address + ": " + answer);
        }
        if (i >= 0) {
          nanos[i] = took;
        }
        Thread.sleep(40); // stay under the socket's inbound frame rate (30/s)
      }
      vertx.cancelTimer(pinger);
      client.close().await();
      Arrays.sort(nanos);
      System.out.printf("REGISTER authorization over the raw WebSocket, %d samples, one socket, new meeting each time:%n",
        samples);
      System.out.printf("  median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", ms(nanos, 0.5), ms(nanos, 0.9),
        ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    } finally {
      hub.close();
    }
    System.exit(0);
  }

  private static double ms(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1e6;
  }
}
