package zoomhub.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Zoom's published signature vectors (../shared/zoom/WEBHOOKS.md section 1, from ZoomNet's tests). */
class ZoomSignatureTest {
  private static final String SECRET = "4fv1RkqGQUq5sWbEz6hA5A";
  private static final String URL_VALIDATION_BODY =
    "{\"payload\":{\"plainToken\":\"xys8n8PGS7mAU0m5-YJjRA\"},\"event_ts\":1720705455858,\"event\":\"endpoint.url_validation\"}";
  // a real delivery: the emoji arrive as \\uD83D escapes, the quote and dash as raw UTF-8; the raw bytes are signed
  private static final String MEETING_STARTED_BODY =
    "{\"event\":\"meeting.started\",\"payload\":{\"account_id\":\"VjZoEArIT5y-HlWxkV-tVA\",\"object\":{\"duration\":60,"
      + "\"start_time\":\"2024-07-11T14:12:55Z\",\"timezone\":\"America/New_York\",\"topic\":\"Test \\uD83D\\uDE92\\uD83D\\uDE92 ? - ’ - – "
      + "\\uD83D\\uDE97 HOLA\",\"id\":\"85393847045\",\"type\":2,\"uuid\":\"jUh5o3dKQIytvcsfTtKBlg==\","
      + "\"host_id\":\"8lzIwvZTSOqjndWPbPqzuA\"}},\"event_ts\":1720707175904}";

  @Test
  void urlValidationVectorVerifies() {
    assertThat(ZoomSignature.sign(SECRET, "1720705455", bytes(URL_VALIDATION_BODY)))
      .isEqualTo("v0=93a1a675965ceb9c5a50c5dfb31f20e50f763be37a54ef74cd2d16a1a8e5c0d6");
  }

  @Test
  void realMeetingStartedWithEmojiVerifiesOverRawBytes() {
    assertThat(ZoomSignature.sign(SECRET, "1720707175", bytes(MEETING_STARTED_BODY)))
      .isEqualTo("v0=1a14e79349318fa1bead50ebbd3c185ae078e182d3bbd30ab8010fcb7f4357c7");
  }

  @Test
  void encryptedTokenIsHmacOfThePlainTokenAlone() {
    assertThat(ZoomSignature.encryptedToken(SECRET, "xys8n8PGS7mAU0m5-YJjRA"))
      .isEqualTo("2fffc6a967dde4f68024025a5bd991c5ae1e5313b4e6365be4883e3e81d479b3");
  }

  @Test
  void anyConfiguredSecretVerifiesDuringRotation() {
    String header = "v0=1a14e79349318fa1bead50ebbd3c185ae078e182d3bbd30ab8010fcb7f4357c7";
    assertThat(ZoomSignature.verifyingSecret(List.of("new-secret", SECRET), "1720707175", bytes(MEETING_STARTED_BODY), header))
      .contains(SECRET);
    assertThat(ZoomSignature.verifyingSecret(List.of("new-secret"), "1720707175", bytes(MEETING_STARTED_BODY), header))
      .isEmpty();
  }

  @Test
  void alteredBodyTimestampOrMissingHeaderIsRefused() {
    String header = ZoomSignature.sign(SECRET, "1720705455", bytes(URL_VALIDATION_BODY));
    assertThat(ZoomSignature.verifyingSecret(List.of(SECRET), "1720705456", bytes(URL_VALIDATION_BODY), header)).isEmpty();
    assertThat(ZoomSignature.verifyingSecret(List.of(SECRET), "1720705455", bytes(URL_VALIDATION_BODY + " "), header)).isEmpty();
    assertThat(ZoomSignature.verifyingSecret(List.of(SECRET), "1720705455", bytes(URL_VALIDATION_BODY), null)).isEmpty();
    assertThat(ZoomSignature.verifyingSecret(List.of(SECRET), null, bytes(URL_VALIDATION_BODY), header)).isEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
