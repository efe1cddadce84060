package zoomhub;

/**
 * Every event-bus address of the hub. Browser-facing ones follow SPEC section 6; internal ones live under
 * {@code hub.internal.}, outside anything the bridge lets a browser touch.
 */
public final class Addresses {
  /** Tells the meeting supervisor that a Zoom meeting has pending inbox rows: {@code {"zoomMeetingId"}}. */
  public static final String MEETING_DISPATCH = "hub.internal.meetings.dispatch";
  /**
   * The seam to the attendance verticle: an occurrence ended, or changed after it ended:
   * {@code {"meetingId","instanceId"}}.
   */
  public static final String ATTENDANCE_RECOMPUTE = "hub.internal.attendance.recompute";

  /** Access may have been taken away: {@code {"kind":"user"|"meeting","id"}} or {@code {"kind":"all"}}. */
  public static final String ACCESS_CHANGED = "hub.internal.access.changed";
  /**
   * Where the bridge forwards an authorized {@code meetings.<id>.snapshot} request, with the verified decision in
   * its headers (a browser cannot address it: the bridge lets through only the public snapshot address).
   */
  public static final String SNAPSHOT = "hub.internal.snapshot";

  private static final String MEETINGS = "meetings.";

  private Addresses() {
  }

  /** {@code meetings.<meetingId>}: meeting.status messages. */
  public static String meeting(Object meetingId) {
    return MEETINGS + meetingId;
  }

  /** {@code meetings.<meetingId>.participants}: participant.joined / participant.left messages. */
  public static String participants(Object meetingId) {
    return MEETINGS + meetingId + ".participants";
  }

  /** {@code meetings.<meetingId>.attendance}: attendance.finalized messages. */
  public static String attendance(Object meetingId) {
    return MEETINGS + meetingId + ".attendance";
  }

  /** {@code meetings.<meetingId>.snapshot}: request-reply, the meeting's current state. */
  public static String snapshot(Object meetingId) {
    return MEETINGS + meetingId + ".snapshot";
  }
}
