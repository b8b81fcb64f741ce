package io.kmirror.replicator.demo;

import io.kmirror.topology.FlowId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The table the demo streams while it runs: a header, then every tick one line per flow with the
 * time since traffic started. Columns have fixed widths (the flow column fits the longest flow
 * name), so lines printed seconds apart stay aligned; the header is repeated every {@value
 * #HEADER_EVERY} ticks so it stays on screen.
 */
public final class LiveTable {

  static final int HEADER_EVERY = 15;
  private static final String[] NUMBER_HEADERS = {"topics", "copied", "lag", "p99 ms"};
  private static final int NUMBER_WIDTH = 10;

  private final int flowWidth;
  private int ticks;

  public LiveTable(List<FlowId> flows) {
    this.flowWidth =
        Math.max(
            "flow".length(), flows.stream().mapToInt(f -> f.toString().length()).max().orElse(0));
  }

  /** The lines of one tick: the header when due, then each flow's row. */
  public List<String> tick(long elapsedSeconds, List<FlowRow> rows) {
    List<String> lines = new ArrayList<>();
    if (ticks++ % HEADER_EVERY == 0) {
      lines.add(header());
    }
    for (FlowRow row : rows) {
      lines.add(
          line(
              String.format(Locale.ROOT, "%4d s", elapsedSeconds),
              row.flow().toString(),
              Long.toString(row.topicsMirrored()),
              Long.toString(row.recordsCopied()),
              Long.toString(row.lagRecords()),
              millis(row.p99Millis())));
    }
    return lines;
  }

  String header() {
    return line("  time", "flow", NUMBER_HEADERS);
  }

  private String line(String time, String flow, String... numbers) {
    StringBuilder line = new StringBuilder(time).append("  ").append(pad(flow, flowWidth));
    for (String number : numbers) {
      line.append(" ".repeat(Math.max(1, NUMBER_WIDTH - number.length()))).append(number);
    }
    return line.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  /** Milliseconds for people: one decimal below 10 ms, whole numbers above, "-" when unknown. */
  static String millis(OptionalDouble value) {
    if (value.isEmpty()) {
      return "-";
    }
    double v = value.getAsDouble();
    return v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v);
  }
}
