package zoomhub;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code token} command's {@code --ttl}: seconds, or a number with m, h or d; anything else is refused (-1). */
class TokenCommandTest {
  @Test
  void aTtlIsSecondsOrMinutesHoursDays() {
    assertThat(TokenCommand.seconds("90")).isEqualTo(90);
    assertThat(TokenCommand.seconds("90s")).isEqualTo(90);
    assertThat(TokenCommand.seconds("15m")).isEqualTo(15 * 60);
    assertThat(TokenCommand.seconds("1h")).isEqualTo(3600);
    assertThat(TokenCommand.seconds("7d")).isEqualTo(7 * 86400);
    assertThat(TokenCommand.seconds(" 2h ")).isEqualTo(7200);
  }

  @Test
  void anythingElseIsRefused() {
    for (String bad : new String[]{"", "h", "1w", "-5", "1.5h", "1h30m", "ten", "7 days", "0x10",
      "99999999999999999999", "9999999999999999d", "100000d"}) {
      assertThat(TokenCommand.seconds(bad)).as("--ttl %s", bad).isEqualTo(-1);
    }
  }
}
