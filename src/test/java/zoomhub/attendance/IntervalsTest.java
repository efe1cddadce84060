package zoomhub.attendance;

import org.junit.jupiter.api.Test;
import zoomhub.attendance.Intervals.Interval;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntervalsTest {
  private static Instant t(String hhmmss) {
    return Instant.parse("2026-11-02T" + hhmmss + "Z");
  }

  private static Interval i(String from, String to) {
    return new Interval(t(from), t(to));
  }

  @Test
  void overlappingAndTouchingIntervalsMergeAndGapsStay() {
    assertThat(Intervals.union(List.of(i("09:30:00", "09:45:00"), i("09:00:00", "09:20:00"), i("09:10:00", "09:30:00"),
      i("10:00:00", "10:05:00"))))
      .containsExactly(i("09:00:00", "09:45:00"), i("10:00:00", "10:05:00"));
  }

  @Test
  void anIntervalInsideAnotherAddsNothing() {
    assertThat(Intervals.seconds(List.of(i("09:00:00", "10:00:00"), i("09:10:00", "09:20:00")))).isEqualTo(3600);
  }

  @Test
  void clippingKeepsOnlyTheTimeInsideTheBounds() {
    assertThat(Intervals.clip(t("08:50:00"), t("10:10:00"), t("09:00:00"), t("10:00:00")))
      .contains(i("09:00:00", "10:00:00"));
    assertThat(Intervals.clip(t("08:40:00"), t("08:55:00"), t("09:00:00"), t("10:00:00"))).isEmpty();
    assertThat(Intervals.clip(t("10:00:00"), t("10:30:00"), t("09:00:00"), t("10:00:00"))).isEmpty();
    assertThat(Intervals.clip(t("09:30:00"), t("09:20:00"), t("09:00:00"), t("10:00:00"))).isEmpty();
  }

  @Test
  void timesCountToTheWholeSecond() {
    Interval i = new Interval(Instant.parse("2026-11-02T09:00:00.900Z"), Instant.parse("2026-11-02T09:00:59.100Z"));
    assertThat(i.seconds()).isEqualTo(59);
  }

  @Test
  void anIntervalCannotEndBeforeItStarts() {
    assertThatThrownBy(() -> i("09:10:00", "09:00:00")).isInstanceOf(IllegalArgumentException.class);
  }
}
