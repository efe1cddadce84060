package zoomhub.bridge;

import zoomhub.access.MeetingAccess;
import zoomhub.access.Principal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the bridge knows about one socket: who it acts for (one user per socket), until when, what it registered and
 * the rules' answers per meeting (asked once, then re-asked only when the database signals a change). Delivery checks
 * read only this, never SQL. Lives on its verticle's event loop.
 */
final class SocketState {
  static final int MAX_REGISTRATIONS = 64;
  private static final int FRAMES_PER_SECOND = 30;
  // a page that opens with its full 64 registrations must pass in one burst
  private static final int BURST = 100;

  /** How long a socket may stay unable to take more before it is closed. */
  static final long SLOW_READER_NANOS = 5_000_000_000L;

  Principal principal;
  /** When the socket's write queue was first seen full (0: it is not). */
  long fullSince;
  String token;
  long expiryTimer = -1;
  boolean expired;
  final Map<String, BridgeAddress> registered = new HashMap<>();
  /** Registrations being authorized now: they count against the limit too. */
  int pendingRegistrations;
  final Map<UUID, MeetingAccess> access = new HashMap<>();
  /** Questions to the rules under way, by meeting: a page registering a meeting's addresses asks once. */
  final Map<UUID, io.vertx.core.Future<MeetingAccess>> asking = new HashMap<>();
  /** A token being checked now, and that check: the frames right behind the first one wait for it. */
  String checkingToken;
  io.vertx.core.Future<Principal> checking;
  /** Addresses revoked since registration: deliveries to them stop until access returns. */
  final Set<String> revoked = new HashSet<>();
  final Set<String> awaitingReplies = new HashSet<>();
  private double allowance = BURST;
  private long lastFrame = System.nanoTime();

  boolean deliverable(String address) {
    if (awaitingReplies.remove(address)) {
      return true;
    }
    return !expired && registered.containsKey(address) && !revoked.contains(address);
  }

  boolean allows(BridgeAddress a) {
    MeetingAccess m = access.get(a.meetingId());
    return m != null && (a.kind().needsParticipants() ? m.participants() : m.view());
  }

  /** A token bucket over inbound frames: false when this frame is over the socket's rate. */
  boolean takeFrame() {
    long now = System.nanoTime();
    allowance = Math.min(BURST, allowance + (now - lastFrame) / 1e9 * FRAMES_PER_SECOND);
    lastFrame = now;
    if (allowance < 1) {
      return false;
    }
    allowance -= 1;
    return true;
  }
}
