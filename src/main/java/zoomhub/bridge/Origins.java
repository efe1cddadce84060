package zoomhub.bridge;

import java.net.URI;
import java.util.List;

/**
 * The bridge's origin rule (SPEC section 8): a listed origin, or with no list the hub's own origin (an {@code Origin}
 * whose host equals the request's {@code Host}). A request without {@code Origin} is not a browser's and passes: it
 * still needs a valid token for everything.
 */
final class Origins {
  private Origins() {
  }

  static boolean allowed(String origin, String host, List<String> allowedOrigins) {
    if (origin == null || origin.isBlank()) {
      return true;
    }
    String o = origin.trim();
    if (!allowedOrigins.isEmpty()) {
      return allowedOrigins.stream().anyMatch(a -> a.equalsIgnoreCase(o) || a.equals("*"));
    }
    try {
      URI uri = URI.create(o);
      String authority = uri.getAuthority();
      return authority != null && host != null && authority.equalsIgnoreCase(host.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
