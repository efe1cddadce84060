package zoomhub.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU and memory read from {@code /proc} (Linux): one process's CPU time and resident set, and the whole machine's
 * busy share, so a figure can be read against what the two cores could give.
 */
final class ProcStats {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private ProcStats() {
  }

  /** CPU seconds (user + system) the process has used, or NaN when it cannot be read. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // fields 14 and 15 of stat
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** CPU seconds of every process named {@code postgres} on the machine (the database the hub uses, when local). */
  static double postgresCpuSeconds() {
    double total = 0;
    java.io.File[] procs = new java.io.File("/proc").listFiles((d, name) -> name.chars().allMatch(Character::isDigit));
    if (procs == null) {
      return Double.NaN;
    }
    for (java.io.File p : procs) {
      try {
        if ("postgres".equals(Files.readString(p.toPath().resolve("comm")).trim())) {
          total += cpuSeconds(Long.parseLong(p.getName()));
        }
      } catch (IOException | RuntimeException e) {
        // the process ended meanwhile
      }
    }
    return total;
  }

  /** Resident set in MiB, or NaN. */
  static double rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return Double.NaN;
  }

  /** Machine-wide {busy, total} jiffies from {@code /proc/stat}. */
  static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** One phase's CPU reading: start it, run the phase, then {@link #stop}. */
  static final class Window {
    private final long pid;
    private final long startNanos = System.nanoTime();
    private final double startCpu;
    private final long[] startMachine = machineTicks();
    private final double startOwnCpu;
    private final double startPgCpu = postgresCpuSeconds();

    Window(long pid) {
      this.pid = pid;
      this.startCpu = pid > 0 ? cpuSeconds(pid) : Double.NaN;
      this.startOwnCpu = cpuSeconds(ProcessHandle.current().pid());
    }

    /** {hub cores, machine busy share 0..1, load tool cores, PostgreSQL cores}. */
    double[] stop() {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      long[] m = machineTicks();
      double busy = m[1] == startMachine[1] ? Double.NaN : (double) (m[0] - startMachine[0]) / (m[1] - startMachine[1]);
      double hub = pid > 0 ? (cpuSeconds(pid) - startCpu) / seconds : Double.NaN;
      double own = (cpuSeconds(ProcessHandle.current().pid()) - startOwnCpu) / seconds;
      double pg = (postgresCpuSeconds() - startPgCpu) / seconds;
      return new double[] {hub, busy, own, pg};
    }
  }
}
