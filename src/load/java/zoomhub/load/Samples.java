package zoomhub.load;

import java.util.Arrays;

/** Latency samples in nanoseconds, thread-safe to add, read as percentiles in milliseconds. */
final class Samples {
  private long[] values = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  synchronized int count() {
    return size;
  }

  /** The q-quantile in milliseconds, or NaN without samples. */
  synchronized double ms(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(size - 1, Math.round(q * (size - 1)))] / 1e6;
  }
}
