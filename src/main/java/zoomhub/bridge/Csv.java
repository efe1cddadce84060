package zoomhub.bridge;

/** RFC 4180 rows, made safe to open in a spreadsheet (a cell that looks like a formula is quoted as text). */
final class Csv {
  private Csv() {
  }

  static String row(String... cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(cell(cells[i]));
    }
    return sb.append("\r\n").toString();
  }

  static String cell(String value) {
    if (value == null) {
      return "";
    }
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v; // a name or note such as =HYPERLINK(...) must stay text
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
