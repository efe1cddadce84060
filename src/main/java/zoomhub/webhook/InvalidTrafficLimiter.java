package zoomhub.webhook;

import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per remote address, consulted only for requests that fail verification: a flood of forged or
 * unsigned posts gets 429, while Zoom's signed deliveries never touch it (they must never be throttled into loss).
 * One per HTTP verticle instance, used on its event loop.
 */
final class InvalidTrafficLimiter {
  private static final int MAX_ADDRESSES = 10_000;

  private static final class Bucket {
    double tokens;
    long last;
  }

  private final double perSecond;
  private final double burst;
  private final Map<String, Bucket> buckets = new HashMap<>();

  InvalidTrafficLimiter(int perSecond) {
    this.perSecond = Math.max(0.1, perSecond);
    this.burst = Math.max(1, perSecond * 4.0);
  }

  /** @return false when this address has used up its allowance of failed requests */
  boolean allow(String address, long nowNanos) {
    if (buckets.size() > MAX_ADDRESSES) {
      // forget addresses whose bucket has refilled: they are indistinguishable from new ones
      buckets.values().removeIf(b -> b.tokens + (nowNanos - b.last) / 1e9 * perSecond >= burst);
    }
    Bucket b = buckets.computeIfAbsent(address, a -> {
      Bucket fresh = new Bucket();
      fresh.tokens = burst;
      fresh.last = nowNanos;
      return fresh;
    });
    b.tokens = Math.min(burst, b.tokens + (nowNanos - b.last) / 1e9 * perSecond);
    b.last = nowNanos;
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }
}
