package zoomhub.attendance;

import org.junit.jupiter.api.Test;
import zoomhub.attendance.AttendanceRule.Status;

import static org.assertj.core.api.Assertions.assertThat;

class AttendanceRuleTest {
  private final AttendanceRule fifteen = new AttendanceRule(15, 0);

  @Test
  void exactlyFifteenMinutesIsPresentAndOneSecondLessIsPartial() {
    assertThat(fifteen.statusFor(15 * 60, true, 0)).isEqualTo(Status.PRESENT);
    assertThat(fifteen.statusFor(15 * 60 - 1, true, 0)).isEqualTo(Status.PARTIAL);
    assertThat(AttendanceRule.minutes(15 * 60 - 1)).isEqualTo(14);
  }

  @Test
  void joiningWithoutAttendedTimeIsPartialAndNeverJoiningIsAbsent() {
    assertThat(fifteen.statusFor(0, true, 0)).isEqualTo(Status.PARTIAL);
    assertThat(fifteen.statusFor(0, false, 0)).isEqualTo(Status.ABSENT);
    // with no threshold at all, a student who never joined is still absent
    assertThat(new AttendanceRule(0, 0).statusFor(0, false, 0)).isEqualTo(Status.ABSENT);
  }

  @Test
  void lateIsOffByDefaultAndOnlyForPresentStudentsArrivingPastTheWindow() {
    assertThat(fifteen.statusFor(40 * 60, true, 30 * 60)).isEqualTo(Status.PRESENT);
    AttendanceRule fiveLate = new AttendanceRule(15, 5);
    assertThat(fiveLate.statusFor(40 * 60, true, 5 * 60)).isEqualTo(Status.PRESENT);
    assertThat(fiveLate.statusFor(40 * 60, true, 5 * 60 + 1)).isEqualTo(Status.LATE);
    assertThat(fiveLate.statusFor(10 * 60, true, 30 * 60)).isEqualTo(Status.PARTIAL);
  }

  @Test
  void minutesAreRoundedDown() {
    assertThat(AttendanceRule.minutes(0)).isZero();
    assertThat(AttendanceRule.minutes(59)).isZero();
    assertThat(AttendanceRule.minutes(3599)).isEqualTo(59);
  }

  @Test
  void storedValuesAreReadBackAndUnknownOnesAreNotGuessed() {
    assertThat(Status.of("excused")).contains(Status.EXCUSED);
    assertThat(Status.of("tardy")).isEmpty();
  }
}
