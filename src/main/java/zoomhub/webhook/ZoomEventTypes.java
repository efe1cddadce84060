package zoomhub.webhook;

import java.util.Set;

/** The Zoom event names the hub handles (SPEC section 3); every other verified event is stored as {@code ignored}. */
public final class ZoomEventTypes {
  public static final String URL_VALIDATION = "endpoint.url_validation";
  public static final String MEETING_STARTED = "meeting.started";
  public static final String MEETING_ENDED = "meeting.ended";
  public static final String PARTICIPANT_JOINED = "meeting.participant_joined";
  public static final String PARTICIPANT_LEFT = "meeting.participant_left";
  public static final String MEETING_DELETED = "meeting.deleted";
  public static final String MEETING_UPDATED = "meeting.updated";

  public static final Set<String> HANDLED = Set.of(
    MEETING_STARTED, MEETING_ENDED, PARTICIPANT_JOINED, PARTICIPANT_LEFT, MEETING_DELETED, MEETING_UPDATED);

  private ZoomEventTypes() {
  }
}
