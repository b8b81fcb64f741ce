package io.kmirror.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What one contender did in one round.
 *
 * @param recordsPerSecond backlog records over the time from first to last backlog record on B
 * @param megabytesPerSecond the same in MB (10^6 bytes) of key plus value
 * @param startupSeconds launch to first record on B
 * @param p50 latency-phase p50 in ms (send on A to arrival on B)
 * @param p99 latency-phase p99 in ms
 * @param max latency-phase max in ms
 * @param peakRssMib peak resident memory of the contender's process over its life
 * @param cpuSeconds CPU seconds of the contender from launch to the end of the drain
 * @param duplicates records that arrived more than once
 * @param missing records that never arrived
 */
record RunResult(
    String contender,
    double recordsPerSecond,
    double megabytesPerSecond,
    double startupSeconds,
    double p50,
    double p99,
    double max,
    double peakRssMib,
    double cpuSeconds,
    long duplicates,
    long missing) {

  /** Per-metric median of several rounds of one contender. */
  static RunResult median(List<RunResult> rounds) {
    return new RunResult(
        rounds.get(0).contender(),
        median(rounds, RunResult::recordsPerSecond),
        median(rounds, RunResult::megabytesPerSecond),
        median(rounds, RunResult::startupSeconds),
        median(rounds, RunResult::p50),
        median(rounds, RunResult::p99),
        median(rounds, RunResult::max),
        median(rounds, RunResult::peakRssMib),
        median(rounds, RunResult::cpuSeconds),
        (long) median(rounds, r -> r.duplicates()),
        (long) median(rounds, r -> r.missing()));
  }

  private static double median(List<RunResult> rounds, ToDoubleFunction<RunResult> metric) {
    List<Double> values = new ArrayList<>();
    rounds.forEach(r -> values.add(metric.applyAsDouble(r)));
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** CPU seconds per million backlog records. */
  double cpuPerMillion(long records) {
    return cpuSeconds * 1_000_000.0 / records;
  }

  @Override
  public String toString() {
    return contender + " " + Arrays.asList(recordsPerSecond, startupSeconds, p99, peakRssMib);
  }
}
