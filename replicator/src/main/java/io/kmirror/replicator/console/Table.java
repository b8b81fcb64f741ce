package io.kmirror.replicator.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: left-aligned text columns, right-aligned number columns, two spaces apart, no
 * trailing blanks, so the commands' output (the demo's verdict, failover's plan, the drill's
 * report) reads well in a terminal and diffs cleanly in docs.
 */
public final class Table {

  private final List<String> headers;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /** Headers; a header starting with {@code >} is a right-aligned column (the mark is dropped). */
  public Table(String... headers) {
    this.headers = new ArrayList<>();
    this.rightAligned = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      rightAligned[i] = headers[i].startsWith(">");
      this.headers.add(rightAligned[i] ? headers[i].substring(1) : headers[i]);
    }
  }

  public Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  /** The header line, then one line per row, each indented by {@code indent}. */
  public List<String> lines(String indent) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(line(indent, headers, widths));
    rows.forEach(row -> lines.add(line(indent, row, widths)));
    return lines;
  }

  private String line(String indent, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder(indent);
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append("  ");
      }
      String cell = cells.get(i);
      String padding = " ".repeat(widths[i] - cell.length());
      line.append(rightAligned[i] ? padding + cell : cell + padding);
    }
    return line.toString().stripTrailing();
  }
}
