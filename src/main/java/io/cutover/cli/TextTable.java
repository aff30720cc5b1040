package io.cutover.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table in kubectl's style: upper-case headers, columns padded with three spaces. */
final class TextTable {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = List.of(headers);
  }

  TextTable row(Object... cells) {
    rows.add(Arrays.stream(cells).map(c -> c == null || c.toString().isEmpty() ? "-" : c.toString()).toList());
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void print(PrintWriter out, String indent, String whenEmpty) {
    if (rows.isEmpty()) {
      out.println(indent + whenEmpty);
      return;
    }
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    line(out, indent, widths, headers.stream().map(String::toUpperCase).toList());
    rows.forEach(r -> line(out, indent, widths, r));
  }

  private static void line(PrintWriter out, String indent, int[] widths, List<String> cells) {
    StringBuilder b = new StringBuilder(indent);
    for (int i = 0; i < cells.size(); i++) {
      b.append(cells.get(i));
      if (i < cells.size() - 1) {
        b.append(" ".repeat(widths[i] - cells.get(i).length() + 3));
      }
    }
    out.println(b.toString().stripTrailing());
  }
}
