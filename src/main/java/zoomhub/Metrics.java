package zoomhub;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.Set;
import java.util.function.Supplier;

/**
 * The hub's own meters, beside Vert.x's (HTTP, event bus, pools), all scraped at {@code GET /metrics}. Tags only ever
 * take values from fixed sets, never from a request, so a hostile caller cannot grow the registry.
 */
public final class Metrics {
  private static final Set<String> EVENTS = Set.of("meeting.started", "meeting.ended", "meeting.participant_joined",
    "meeting.participant_left", "meeting.updated", "meeting.deleted", "endpoint.url_validation");
  private static final MeterRegistry fallback = new SimpleMeterRegistry();

  private Metrics() {
  }

  /** A Vert.x with Micrometer metrics and the Prometheus backend. */
  public static Vertx vertx() {
    return Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
      .setJvmMetricsEnabled(true).setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))));
  }

  static MeterRegistry registry() {
    MeterRegistry r = BackendRegistries.getDefaultNow();
    return r == null ? fallback : r;
  }

  /** {@code zoomhub_webhooks_total{event,result}}. */
  public static void webhook(String event, String result) {
    String e = event == null ? "none" : EVENTS.contains(event) ? event : "other";
    count("zoomhub.webhooks", "event", e, "result", result);
  }

  /** A counter to keep in a field, for hot paths (one per delivered message, say). */
  public static io.micrometer.core.instrument.Counter counter(String name, String... tags) {
    return registry().counter(name, tags);
  }

  public static void count(String name, String... tags) {
    registry().counter(name, tags).increment();
  }

  /**
   * A timer with a histogram (cumulative {@code _bucket} series from 0.5 ms to 10 s), so any percentile over any
   * window can be read from two scrapes.
   */
  public static io.micrometer.core.instrument.Timer timer(String name) {
    return io.micrometer.core.instrument.Timer.builder(name).publishPercentileHistogram()
      .minimumExpectedValue(java.time.Duration.ofNanos(500_000)).maximumExpectedValue(java.time.Duration.ofSeconds(10))
      .register(registry());
  }

  /** A gauge read at scrape time. */
  public static void gauge(String name, Supplier<Number> value, String... tags) {
    Gauge.builder(name, value).tags(tags).strongReference(true).register(registry());
  }
}
