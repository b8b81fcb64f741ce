package io.kmirror.replicator.failover;

import java.util.Locale;

/**
 * Seconds as a drill shows them, in its progress lines, summary and Markdown alike: one decimal,
 * and {@code ?} for an age that could not be measured (NaN).
 */
final class Seconds {

  private Seconds() {}

  static String format(double seconds) {
    return Double.isNaN(seconds) ? "?" : String.format(Locale.ROOT, "%.1f", seconds);
  }
}
