package zoomhub;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics} in Prometheus's text format, with the hub's own meters beside Vert.x's. */
class MetricsTest {
  @Test
  void webhooksInboxActorsAndTheBridgeAreCounted() {
    try (HubFixture hub = HubFixture.start()) {
      hub.insertMeeting("866000001");
      assertThat(hub.post(Zoom.started("866000001", "m==", "2026-11-02T09:00:00Z")).statusCode()).isEqualTo(200);
      hub.postRaw("{}".getBytes(), Map.of());
      String text = hub.get("/metrics").bodyAsString();
      assertThat(text).contains("zoomhub_webhooks_total{event=\"meeting.started\",result=\"pending\"}")
        .contains("zoomhub_webhooks_total{event=\"none\",result=\"invalid_signature\"}")
        .contains("zoomhub_inbox_events{state=\"failed\"}")
        .contains("zoomhub_meeting_actors")
        .contains("zoomhub_bridge_sockets")
        .contains("vertx_http_server_requests_total");
    }
  }
}
