package zoomhub.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of every run, printed as one table of medians (with each run's value beside) in text or Markdown. */
final class Report {
  /** One line of the table: what, its unit, the goal as text and as a test on the median (null: no goal). */
  record Line(String what, String unit, String goal, java.util.function.DoublePredicate met) {
  }

  private final Map<String, Line> lines = new LinkedHashMap<>();
  private final Map<String, List<Double>> values = new LinkedHashMap<>();

  void line(String key, String what, String unit, String goal, java.util.function.DoublePredicate met) {
    lines.putIfAbsent(key, new Line(what, unit, goal, met));
    values.putIfAbsent(key, new ArrayList<>());
  }

  void add(String key, double value) {
    values.get(key).add(value);
  }

  double last(String key) {
    List<Double> v = values.get(key);
    return v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
  }

  double median(String key) {
    double[] v = values.get(key).stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  String text() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-70s %12s  %-14s %-5s %s%n", "figure", "median", "goal", "met", "runs"));
    lines.forEach((key, line) -> b.append(String.format("%-70s %12s  %-14s %-5s %s%n", line.what() + " (" + line.unit() + ")",
      format(median(key)), line.goal() == null ? "" : line.goal(), verdict(key, line), runs(key))));
    return b.toString();
  }

  String markdown() {
    StringBuilder b = new StringBuilder("| figure | unit | median | goal | met | each run |\n|---|---|---:|---|---|---|\n");
    lines.forEach((key, line) -> b.append("| ").append(line.what()).append(" | ").append(line.unit()).append(" | ")
      .append(format(median(key))).append(" | ").append(line.goal() == null ? "" : line.goal()).append(" | ")
      .append(verdict(key, line)).append(" | ").append(runs(key)).append(" |\n"));
    return b.toString();
  }

  private String verdict(String key, Line line) {
    double m = median(key);
    if (line.met() == null || Double.isNaN(m)) {
      return "";
    }
    return line.met().test(m) ? "yes" : "NO";
  }

  private String runs(String key) {
    return String.join(" / ", values.get(key).stream().map(Report::format).toList());
  }

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return String.format("%,.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format("%.1f", v);
    }
    return String.format("%.2f", v);
  }
}
