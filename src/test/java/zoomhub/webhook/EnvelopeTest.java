package zoomhub.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeTest {
  @Test
  void meetingIdAsNumberAndAsStringAreTheSame() {
    Envelope number = Envelope.parse(bytes("{\"event\":\"meeting.started\",\"payload\":{\"object\":{\"id\":85393847045,\"uuid\":\"u==\"}}}"));
    Envelope string = Envelope.parse(bytes("{\"event\":\"meeting.started\",\"payload\":{\"object\":{\"id\":\"85393847045\",\"uuid\":\"u==\"}}}"));
    assertThat(number.zoomMeetingId()).isEqualTo("85393847045").isEqualTo(string.zoomMeetingId());
    assertThat(number.zoomUuid()).isEqualTo("u==");
  }

  @Test
  void notJsonOrNoEventIsRefusedWithAReason() {
    assertThatThrownBy(() -> Envelope.parse(bytes("not json"))).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> Envelope.parse(bytes("[1,2]"))).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> Envelope.parse(bytes("{\"payload\":{}}"))).hasMessageContaining("\"event\"");
    assertThatThrownBy(() -> Envelope.parse(bytes("{\"event\":42}"))).hasMessageContaining("\"event\"");
  }

  @Test
  void eventWithoutObjectHasNoKeys() {
    Envelope e = Envelope.parse(bytes("{\"event\":\"meeting.ended\",\"payload\":\"x\"}"));
    assertThat(e.zoomMeetingId()).isNull();
    assertThat(e.zoomUuid()).isNull();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
