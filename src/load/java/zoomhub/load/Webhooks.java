package zoomhub.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import zoomhub.webhook.ZoomSignature;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Signs and posts webhooks as Zoom does, at a fixed rate or as fast as the hub accepts them, timing each answer. */
final class Webhooks {
  /** What one sending phase achieved. */
  record Result(long accepted, long failed, double seconds, Samples ack) {
    double perSecond() {
      return accepted / seconds;
    }
  }

  private final Vertx vertx;
  private final Target target;
  private final HttpClient client;
  /** When each tracked body was sent (nanoTime), by its key, for the sockets to match. */
  private final Map<String, Long> sentAt;

  Webhooks(Vertx vertx, Target target, int connections, Map<String, Long> sentAt) {
    this.vertx = vertx;
    this.target = target;
    this.sentAt = sentAt;
    this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(target.host)
      .setDefaultPort(target.port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
  }

  /** Posts one body; completes with the HTTP status. */
  Future<Integer> post(Traffic.Body body) {
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/zoom/webhook")
      .putHeader("Content-Type", "application/json").putHeader("x-zm-request-timestamp", ts)
      .putHeader("x-zm-signature", ZoomSignature.sign(target.webhookSecret, ts, body.bytes()))
      .putHeader("User-Agent", "Zoom Marketplace/1.0a");
    if (sentAt != null) {
      sentAt.put(body.key(), System.nanoTime());
    }
    return client.request(options)
      .compose(req -> req.send(Buffer.buffer(body.bytes())))
      .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }

  /** Keeps {@code inFlight} requests going for {@code seconds}. */
  Result asFastAsAccepted(Supplier<Traffic.Body> bodies, int inFlight, int seconds) {
    Samples ack = new Samples();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    Promise<Void> done = Promise.promise();
    AtomicLong running = new AtomicLong(inFlight);
    vertx.runOnContext(v -> {
      for (int i = 0; i < inFlight; i++) {
        loop(bodies, end, ack, ok, failed, running, done);
      }
    });
    done.future().await();
    return new Result(ok.get(), failed.get(), (System.nanoTime() - start) / 1e9, ack);
  }

  private void loop(Supplier<Traffic.Body> bodies, long end, Samples ack, AtomicLong ok, AtomicLong failed,
                    AtomicLong running, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      if (running.decrementAndGet() == 0) {
        done.complete();
      }
      return;
    }
    long t0 = System.nanoTime();
    post(bodies.get()).onComplete(r -> {
      if (r.succeeded() && r.result() == 200) {
        ack.add(System.nanoTime() - t0);
        ok.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      loop(bodies, end, ack, ok, failed, running, done);
    });
  }

  /** Sends {@code rate} bodies a second for {@code seconds}, whatever the answers take (an open model, as Zoom). */
  Result atRate(Supplier<Traffic.Body> bodies, int rate, int seconds) {
    Samples ack = new Samples();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    long total = (long) rate * seconds;
    long start = System.nanoTime();
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(1, 1, timer -> {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate));
      while (sent.get() < due) {
        sent.incrementAndGet();
        long t0 = System.nanoTime();
        post(bodies.get()).onComplete(r -> {
          if (r.succeeded() && r.result() == 200) {
            ack.add(System.nanoTime() - t0);
            ok.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
          if (answered.incrementAndGet() == total) {
            done.tryComplete();
          }
        });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(timer);
      }
    });
    done.future().await();
    return new Result(ok.get(), failed.get(), (System.nanoTime() - start) / 1e9, ack);
  }

  void close() {
    client.close().await();
  }
}
