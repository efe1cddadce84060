package zoomhub.webhook;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HttpVerticle;
import zoomhub.HubFixture;
import zoomhub.Zoom;
import zoomhub.config.ConfigKeys;
import zoomhub.config.HubConfig;
import zoomhub.db.DbTarget;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/zoom/webhook} answered the way SPEC section 3 says, against a real PostgreSQL. */
class WebhookEndpointTest {
  private static HubFixture hub;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void urlValidationIsAnsweredWithTheHmacOfThePlainToken() {
    JsonObject body = new JsonObject().put("payload", new JsonObject().put("plainToken", "qgg8vlvZRS6UYooatFL8Aw"))
      .put("event_ts", 1654503849680L).put("event", "endpoint.url_validation");
    HttpResponse<Buffer> r = hub.post(body);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("plainToken", "qgg8vlvZRS6UYooatFL8Aw")
      .put("encryptedToken", ZoomSignature.encryptedToken(HubFixture.SECRET, "qgg8vlvZRS6UYooatFL8Aw")));
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE event = 'endpoint.url_validation'")).isZero();
  }

  @Test
  void missingOrWrongSignatureIs401() {
    byte[] raw = bytes(Zoom.started("900000001", "sig==", "2026-11-02T09:00:00Z"));
    HttpResponse<Buffer> none = hub.postRaw(raw, Map.of());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "invalid_signature"));
    HttpResponse<Buffer> wrong = hub.post(raw, "not-the-secret", System.currentTimeMillis() / 1000);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsJsonObject().getString("error")).isEqualTo("invalid_signature");
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = '900000001'")).isZero();
  }

  @Test
  void aTimestampMoreThanFiveMinutesAwayIsStale() {
    byte[] raw = bytes(Zoom.started("900000002", "stale==", "2026-11-02T09:00:00Z"));
    long now = System.currentTimeMillis() / 1000;
    assertThat(hub.post(raw, HubFixture.SECRET, now - 301).bodyAsJsonObject().getString("error")).isEqualTo("stale_timestamp");
    assertThat(hub.post(raw, HubFixture.SECRET, now + 301).statusCode()).isEqualTo(401);
    assertThat(hub.post(raw, HubFixture.SECRET, now - 250).statusCode()).isEqualTo(200);
  }

  @Test
  void theOtherConfiguredSecretVerifiesToo() {
    byte[] raw = bytes(Zoom.started("900000003", "rotation==", "2026-11-02T09:00:00Z"));
    assertThat(hub.post(raw, HubFixture.OLD_SECRET, System.currentTimeMillis() / 1000).statusCode()).isEqualTo(200);
  }

  @Test
  void aBodyOver256KiBIs413() {
    JsonObject big = Zoom.started("900000004", "big==", "2026-11-02T09:00:00Z").put("padding", "x".repeat(256 * 1024));
    HttpResponse<Buffer> r = hub.post(big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("payload_too_large");
  }

  @Test
  void notJsonOrNoEventIs400WithAMessage() {
    long now = System.currentTimeMillis() / 1000;
    HttpResponse<Buffer> notJson = hub.post("{oops".getBytes(StandardCharsets.UTF_8), HubFixture.SECRET, now);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.bodyAsJsonObject().getString("error")).isEqualTo("bad_request");
    assertThat(notJson.bodyAsJsonObject().getString("message")).contains("JSON");
    HttpResponse<Buffer> noEvent = hub.post(new JsonObject().put("payload", new JsonObject()));
    assertThat(noEvent.statusCode()).isEqualTo(400);
    assertThat(noEvent.bodyAsJsonObject().getString("message")).contains("event");
  }

  @Test
  void theEventIsStoredBeforeThe200AndADuplicateIsStoredOnce() {
    hub.insertMeeting("900000005");
    JsonObject body = Zoom.started("900000005", "dup==", "2026-11-02T09:00:00Z");
    assertThat(hub.post(body).statusCode()).isEqualTo(200);
    // no waiting: the 200 means the row is already there
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = '900000005'")).isEqualTo(1);
    HttpResponse<Buffer> again = hub.post(body);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("duplicate");
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = '900000005'")).isEqualTo(1);
  }

  @Test
  void anUnknownMeetingIsUnmatchedAndAnUnhandledEventIgnored() {
    HttpResponse<Buffer> unknown = hub.post(Zoom.started("900000006", "unknown==", "2026-11-02T09:00:00Z"));
    assertThat(unknown.statusCode()).isEqualTo(200);
    assertThat(hub.one("SELECT state FROM webhook_events WHERE zoom_meeting_id = '900000006'")).isEqualTo("unmatched");

    hub.insertMeeting("900000007");
    assertThat(hub.post(Zoom.event("meeting.participant_role_changed", Zoom.meeting("900000007", "role=="))).statusCode())
      .isEqualTo(200);
    assertThat(hub.one("SELECT state FROM webhook_events WHERE zoom_meeting_id = '900000007'")).isEqualTo("ignored");
  }

  @Test
  void aHandledEventWithoutMeetingIdIsStoredAsFailedWithTheReason() {
    JsonObject body = Zoom.started("x", "noid==", "2026-11-02T09:00:00Z");
    body.getJsonObject("payload").getJsonObject("object").remove("id");
    assertThat(hub.post(body).statusCode()).isEqualTo(200);
    assertThat(hub.rows("SELECT state, error FROM webhook_events WHERE zoom_uuid = 'noid=='"))
      .containsExactly(Map.of("state", "failed", "error", "payload.object.id is missing"));
  }

  @Test
  void meetingIdAsNumberOrStringFindsTheSameMeeting() {
    hub.insertMeeting("85393847045");
    assertThat(hub.post(Zoom.started(85393847045L, "num==", "2026-11-02T09:00:00Z")).statusCode()).isEqualTo(200);
    assertThat(hub.post(Zoom.started("85393847045", "str==", "2026-11-02T10:00:00Z")).statusCode()).isEqualTo(200);
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE zoom_meeting_id = '85393847045' AND state <> 'unmatched'"))
      .isEqualTo(2);
  }

  @Test
  void healthEndpointsAnswer() {
    assertThat(hub.get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> ready = hub.get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
  }

  @Test
  void whenTheDatabaseCannotBeReachedTheAnswerIs503WithRetryAfter() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    JsonObject conf = HubConfig.resolve(new JsonObject().put(ConfigKeys.HTTP_PORT, port)
      .put(ConfigKeys.ZOOM_WEBHOOK_SECRETS, new JsonArray().add(HubFixture.SECRET)), Map.of());
    Vertx vertx = Vertx.vertx();
    try {
      vertx.deployVerticle(new HttpVerticle(new DbTarget("127.0.0.1", deadPort, "none", "nobody", null)),
        new io.vertx.core.DeploymentOptions().setConfig(conf)).await();
      byte[] raw = bytes(Zoom.started("900000008", "down==", "2026-11-02T09:00:00Z"));
      String ts = Long.toString(System.currentTimeMillis() / 1000);
      HttpResponse<Buffer> r = WebClient.create(vertx).post(port, "localhost", WebhookEndpoint.PATH)
        .putHeader("x-zm-request-timestamp", ts).putHeader("x-zm-signature", ZoomSignature.sign(HubFixture.SECRET, ts, raw))
        .sendBuffer(Buffer.buffer(raw)).await();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.getHeader("Retry-After")).isNotBlank();
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
      assertThat(WebClient.create(vertx).get(port, "localhost", "/health/ready").send().await().statusCode()).isEqualTo(503);
    } finally {
      vertx.close().await();
    }
  }

  private static byte[] bytes(JsonObject body) {
    return body.encode().getBytes(StandardCharsets.UTF_8);
  }
}
