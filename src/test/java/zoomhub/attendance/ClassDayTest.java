package zoomhub.attendance;

import org.junit.jupiter.api.Test;
import zoomhub.attendance.AttendanceRule.Status;
import zoomhub.attendance.ClassDay.Occurrence;
import zoomhub.attendance.ClassDay.Result;
import zoomhub.attendance.ClassDay.Session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDayTest {
  private static final AttendanceRule RULE = new AttendanceRule(15, 0);
  private static final UUID MEETING = UUID.randomUUID();
  private static final UUID ANA = UUID.randomUUID();
  private static final UUID BEN = UUID.randomUUID();
  private final Occurrence nine = occurrence(MEETING, "09:00", "10:00");

  private static Instant t(String hhmm) {
    return Instant.parse("2026-11-02T" + hhmm + ":00Z");
  }

  private static Occurrence occurrence(UUID meeting, String start, String end) {
    return new Occurrence(UUID.randomUUID(), meeting, start == null ? null : t(start), t(end), null);
  }

  private static Session session(Occurrence o, UUID user, String join, String leave) {
    return new Session(o.instanceId(), user, join == null ? null : t(join), leave == null ? null : t(leave));
  }

  private static Result one(List<Occurrence> occurrences, List<Session> sessions, AttendanceRule rule) {
    return ClassDay.compute(occurrences, sessions, List.of(ANA), rule).get(0);
  }

  private static Result one(Occurrence o, Session... sessions) {
    return one(List.of(o), List.of(sessions), RULE);
  }

  @Test
  void twoDevicesAtOnceCountOnce() {
    Result r = one(nine, session(nine, ANA, "09:00", "09:10"), session(nine, ANA, "09:05", "09:14"));
    assertThat(r.minutes()).isEqualTo(14);
    assertThat(r.status()).isEqualTo(Status.PARTIAL);
  }

  @Test
  void waitingBeforeTheStartDoesNotCount() {
    Result r = one(nine, session(nine, ANA, "08:45", "09:14"));
    assertThat(r.minutes()).isEqualTo(14);
    assertThat(r.status()).isEqualTo(Status.PARTIAL);
  }

  @Test
  void stayingAfterTheEndDoesNotCount() {
    Result r = one(nine, session(nine, ANA, "09:50", "10:30"));
    assertThat(r.minutes()).isEqualTo(10);
  }

  @Test
  void exactlyFifteenMinutesOfSessionsIsPresentAndOneSecondShortIsPartial() {
    assertThat(one(nine, session(nine, ANA, "09:00", "09:05"), session(nine, ANA, "09:20", "09:30")).status())
      .isEqualTo(Status.PRESENT);
    Session short1 = new Session(nine.instanceId(), ANA, t("09:00"), Instant.parse("2026-11-02T09:14:59Z"));
    Result r = one(nine, short1);
    assertThat(r.status()).isEqualTo(Status.PARTIAL);
    assertThat(r.minutes()).isEqualTo(14);
  }

  @Test
  void aLeaveWithoutItsJoinIsPartialWithNoMinutes() {
    Result r = one(nine, session(nine, ANA, null, "09:40"));
    assertThat(r.status()).isEqualTo(Status.PARTIAL);
    assertThat(r.minutes()).isZero();
  }

  @Test
  void aSessionStillOpenCountsUntilTheEnd() {
    assertThat(one(nine, session(nine, ANA, "09:30", null)).minutes()).isEqualTo(30);
  }

  @Test
  void studentsWithoutSessionsAreAbsentAndOthersSessionsAreNotTheirs() {
    List<Result> rs = ClassDay.compute(List.of(nine), List.of(session(nine, BEN, "09:00", "10:00"),
      new Session(nine.instanceId(), null, t("09:00"), t("10:00"))), List.of(ANA, BEN), RULE);
    assertThat(rs).extracting(Result::studentId, Result::status, Result::minutes)
      .containsExactly(org.assertj.core.groups.Tuple.tuple(ANA, Status.ABSENT, 0),
        org.assertj.core.groups.Tuple.tuple(BEN, Status.PRESENT, 60));
    assertThat(rs).extracting(Result::meetingId).containsOnly(MEETING);
  }

  @Test
  void occurrencesOfOneDateCountTogetherEachClippedToItself() {
    Occurrence first = occurrence(MEETING, "09:00", "09:20");
    UUID otherMeeting = UUID.randomUUID();
    Occurrence second = occurrence(otherMeeting, "09:25", "10:00");
    // 09:10-09:20 in the first (then the host dropped); 09:20-09:25 is between occurrences; 09:25-09:30 in the second
    Result r = one(List.of(second, first), List.of(session(first, ANA, "09:10", "09:30"), session(second, ANA, "09:25", "09:30")),
      RULE);
    assertThat(r.minutes()).isEqualTo(15);
    assertThat(r.status()).isEqualTo(Status.PRESENT);
    assertThat(r.meetingId()).isEqualTo(MEETING);
  }

  @Test
  void withoutAStartTheOccurrenceStartsAtItsFirstJoin() {
    Occurrence noStart = new Occurrence(UUID.randomUUID(), MEETING, null, t("10:00"), t("09:30"));
    assertThat(noStart.start()).isEqualTo(t("09:30"));
    assertThat(one(noStart, session(noStart, ANA, "09:40", "10:00")).minutes()).isEqualTo(20);
  }

  @Test
  void lateCountsFromTheFirstStartOfTheDayOnlyWhenSwitchedOn() {
    AttendanceRule late = new AttendanceRule(15, 10);
    assertThat(one(List.of(nine), List.of(session(nine, ANA, "09:10", "10:00")), late).status()).isEqualTo(Status.PRESENT);
    assertThat(one(List.of(nine), List.of(session(nine, ANA, "09:11", "10:00")), late).status()).isEqualTo(Status.LATE);
    assertThat(one(List.of(nine), List.of(session(nine, ANA, "09:11", "10:00")), RULE).status()).isEqualTo(Status.PRESENT);
    // in before the start (waiting, then through it) is on time
    assertThat(one(List.of(nine), List.of(session(nine, ANA, "08:50", "10:00")), late).status()).isEqualTo(Status.PRESENT);
    // an earlier occurrence the student missed still set the time they were due
    Occurrence first = occurrence(MEETING, "08:00", "08:30");
    assertThat(one(List.of(first, nine), List.of(session(nine, ANA, "09:00", "10:00")), late).status()).isEqualTo(Status.LATE);
  }

  @Test
  void aMeetingThatCrossesMidnightCountsOnTheDateItStartedInItsOwnZone() {
    ZoneId losAngeles = ClassDay.zone("America/Los_Angeles", ZoneId.of("UTC"));
    // 21:30 to 00:30 in Los Angeles: 05:30Z to 08:30Z on the next UTC day
    Occurrence evening = new Occurrence(UUID.randomUUID(), MEETING, Instant.parse("2026-11-03T05:30:00Z"),
      Instant.parse("2026-11-03T08:30:00Z"), null);
    assertThat(ClassDay.dateOf(evening, losAngeles)).isEqualTo(LocalDate.parse("2026-11-02"));
    assertThat(ClassDay.dateOf(evening, ZoneId.of("UTC"))).isEqualTo(LocalDate.parse("2026-11-03"));
    // Paris: 23:30 on the 2nd to 00:30 on the 3rd
    Occurrence late = new Occurrence(UUID.randomUUID(), MEETING, Instant.parse("2026-11-02T22:30:00Z"),
      Instant.parse("2026-11-02T23:30:00Z"), null);
    assertThat(ClassDay.dateOf(late, ZoneId.of("Europe/Paris"))).isEqualTo(LocalDate.parse("2026-11-02"));
  }

  @Test
  void aMeetingWithoutAUsableZoneIsDatedInTheSchoolsZone() {
    ZoneId school = ZoneId.of("Asia/Tokyo");
    assertThat(ClassDay.zone(null, school)).isEqualTo(school);
    assertThat(ClassDay.zone(" ", school)).isEqualTo(school);
    assertThat(ClassDay.zone("Mars/Olympus_Mons", school)).isEqualTo(school);
    assertThat(ClassDay.zone("Europe/Paris", school)).isEqualTo(ZoneId.of("Europe/Paris"));
  }
}
