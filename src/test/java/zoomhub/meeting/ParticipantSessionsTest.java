package zoomhub.meeting;

import org.junit.jupiter.api.Test;
import zoomhub.meeting.ParticipantSessions.Session;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParticipantSessionsTest {
  private static Instant t(String hhmm) {
    return Instant.parse("2026-11-02T" + hhmm + ":00Z");
  }

  @Test
  void joinAndLeaveMakeOneSession() {
    assertThat(ParticipantSessions.pair(List.of(t("09:00")), List.of(t("09:20")), null))
      .containsExactly(new Session(t("09:00"), t("09:20")));
  }

  @Test
  void rejoinsMakeOneSessionEach() {
    assertThat(ParticipantSessions.pair(List.of(t("09:00"), t("09:30")), List.of(t("09:10"), t("09:40")), null))
      .containsExactly(new Session(t("09:00"), t("09:10")), new Session(t("09:30"), t("09:40")));
  }

  @Test
  void leaveWithNoJoinIsKeptWithNoMinutes() {
    List<Session> s = ParticipantSessions.pair(List.of(), List.of(t("09:10")), null);
    assertThat(s).containsExactly(new Session(null, t("09:10")));
    assertThat(s.get(0).seconds()).isZero();
  }

  @Test
  void twoDevicesOverlapFirstInFirstOut() {
    assertThat(ParticipantSessions.pair(List.of(t("09:00"), t("09:05")), List.of(t("09:30"), t("09:50")), null))
      .containsExactly(new Session(t("09:00"), t("09:30")), new Session(t("09:05"), t("09:50")));
  }

  @Test
  void openSessionsCloseAtTheEndAndJoinsAfterItCloseAtOnce() {
    assertThat(ParticipantSessions.pair(List.of(t("09:00"), t("10:30")), List.of(), t("10:00")))
      .containsExactly(new Session(t("09:00"), t("10:00")), new Session(t("10:30"), t("10:30")));
    assertThat(ParticipantSessions.pair(List.of(t("09:00")), List.of(), null))
      .containsExactly(new Session(t("09:00"), null));
  }

  @Test
  void leaveAtTheSecondOfARejoinClosesTheEarlierSession() {
    assertThat(ParticipantSessions.pair(List.of(t("09:00"), t("09:10")), List.of(t("09:10")), null))
      .containsExactly(new Session(t("09:00"), t("09:10")), new Session(t("09:10"), null));
  }

  @Test
  void aTimeSeenTwiceIsOneEvent() {
    assertThat(ParticipantSessions.pair(List.of(t("09:00"), t("09:00")), List.of(t("09:20"), t("09:20")), null))
      .containsExactly(new Session(t("09:00"), t("09:20")));
  }
}
