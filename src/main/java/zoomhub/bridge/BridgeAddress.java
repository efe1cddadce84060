package zoomhub.bridge;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser-facing address of SPEC section 6, read: which meeting, and which of its four addresses. */
record BridgeAddress(UUID meetingId, Kind kind) {
  enum Kind {
    STATUS, PARTICIPANTS, ATTENDANCE, SNAPSHOT;

    /** Whether the view-participants rule (rather than view-meeting) guards it. */
    boolean needsParticipants() {
      return this == PARTICIPANTS || this == ATTENDANCE;
    }
  }

  static final String OUTBOUND_REGEX =
    "meetings\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\\.participants|\\.attendance)?";
  private static final Pattern SHAPE = Pattern.compile(
    "meetings\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\\.participants|\\.attendance|\\.snapshot)?");

  /** @return null when the address is none of the meeting addresses */
  static BridgeAddress parse(String address) {
    if (address == null || address.length() > 100) {
      return null;
    }
    Matcher m = SHAPE.matcher(address);
    if (!m.matches()) {
      return null;
    }
    Kind kind = m.group(2) == null ? Kind.STATUS : switch (m.group(2)) {
      case ".participants" -> Kind.PARTICIPANTS;
      case ".attendance" -> Kind.ATTENDANCE;
      default -> Kind.SNAPSHOT;
    };
    return new BridgeAddress(UUID.fromString(m.group(1)), kind);
  }
}
