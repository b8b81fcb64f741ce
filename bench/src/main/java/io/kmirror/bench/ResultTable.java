package io.kmirror.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders results as a Markdown table (readable in a terminal, pasteable into docs) and ratios. */
final class ResultTable {

  static final String FLOOR = "latency floor (1 hop)";

  private static final String HEADER =
      "| contender | records/s | MB/s | startup s | p50 ms | p99 ms | max ms | peak RSS MiB | CPU s "
          + "| dupes | missing |\n"
          + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";

  private ResultTable() {}

  static String row(RunResult r) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
        r.contender(),
        num(r.recordsPerSecond(), "%,.0f"),
        num(r.megabytesPerSecond(), "%.1f"),
        num(r.startupSeconds(), "%.2f"),
        num(r.p50(), "%.1f"),
        num(r.p99(), "%.1f"),
        num(r.max(), "%.1f"),
        num(r.peakRssMib(), "%.0f"),
        num(r.cpuSeconds(), "%.1f"),
        FLOOR.equals(r.contender()) ? "" : Long.toString(r.duplicates()),
        FLOOR.equals(r.contender()) ? "" : Long.toString(r.missing()));
  }

  private static String num(double v, String format) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
  }

  static String render(List<RunResult> results, BenchOptions options) {
    StringBuilder out = new StringBuilder();
    out.append(options.rounds() > 1 ? "\nmedians of " + options.rounds() + " rounds\n\n" : "\n");
    out.append(HEADER);
    results.forEach(r -> out.append(row(r)).append('\n'));
    out.append('\n');
    Optional<RunResult> kmirror = find(results, Contender.KMIRROR.label());
    Optional<RunResult> tuned = find(results, Contender.MM2_TUNED.label());
    Optional<RunResult> pipe = find(results, Contender.PIPE.label());
    Optional<RunResult> floor = find(results, FLOOR);
    if (kmirror.isEmpty()) {
      return out.toString();
    }
    RunResult k = kmirror.get();
    long n = options.records();
    tuned.ifPresent(
        t ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "kmirror / MM2 tuned: drain %.2fx (target >= 1.5x), p99 added %s vs %s ms%n",
                    k.recordsPerSecond() / t.recordsPerSecond(),
                    added(k, floor),
                    added(t, floor))));
    pipe.ifPresent(
        p ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "kmirror / pipe: drain %.0f %% (target >= 95 %%), CPU s per million records "
                        + "%.2f vs %.2f = %.2fx (target <= 1.1x)%n",
                    100 * k.recordsPerSecond() / p.recordsPerSecond(),
                    k.cpuPerMillion(n),
                    p.cpuPerMillion(n),
                    k.cpuPerMillion(n) / p.cpuPerMillion(n))));
    find(results, Contender.KMIRROR_EOS.label())
        .ifPresent(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "kmirror exactly-once / kmirror: drain %.2fx (target >= 0.8x), p99 added %s"
                            + " vs %s ms, CPU s per million records %.2f vs %.2f%n",
                        e.recordsPerSecond() / k.recordsPerSecond(),
                        added(e, floor),
                        added(k, floor),
                        e.cpuPerMillion(n),
                        k.cpuPerMillion(n))));
    out.append(
        String.format(
            Locale.ROOT,
            "kmirror: peak RSS %.0f MiB (target <= 400), launch to first record %.2f s (target <= 2)%n",
            k.peakRssMib(),
            k.startupSeconds()));
    return out.toString();
  }

  private static String added(RunResult r, Optional<RunResult> floor) {
    return floor.map(f -> String.format(Locale.ROOT, "%.1f", r.p99() - f.p99())).orElse("n/a");
  }

  private static Optional<RunResult> find(List<RunResult> results, String contender) {
    return results.stream().filter(r -> r.contender().equals(contender)).findFirst();
  }
}
