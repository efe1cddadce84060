package zoomhub.bridge;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Open bridge sockets per user, across every HTTP verticle instance of this process. */
final class UserSockets {
  private static final ConcurrentHashMap<UUID, Integer> OPEN = new ConcurrentHashMap<>();

  private UserSockets() {
  }

  /** @return false (and nothing counted) when the user already has {@code max} sockets */
  static boolean claim(UUID user, int max) {
    boolean[] granted = {false};
    OPEN.compute(user, (u, n) -> {
      int open = n == null ? 0 : n;
      if (open >= max) {
        return n;
      }
      granted[0] = true;
      return open + 1;
    });
    return granted[0];
  }

  static void release(UUID user) {
    OPEN.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
  }
}
