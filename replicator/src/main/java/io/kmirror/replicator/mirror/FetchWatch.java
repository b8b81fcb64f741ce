package io.kmirror.replicator.mirror;

import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the source stops answering a worker's fetches, which the consumer itself never reports:
 * a fetch that outlives {@code request.timeout.ms} is cancelled, the connection dropped and a full
 * fetch sent again, all inside {@code poll()}, which just returns nothing, and kmirror's logging
 * hides the client's own INFO lines about it. A backlog over thousands of partitions after a
 * restart does exactly this: one full fetch of 8,001 partitions took the (embedded, loaded) source
 * broker 26 s, the first one was cancelled at 30 s, and the worker sat silent in {@code poll()}
 * (docs/benchmark.md, spread scenario).
 *
 * <p>The signal: the consumer's {@code fetch-total} (fetch responses handled, counted only on
 * success) did not move, and no poll returned records, for {@code stalledAfter} while the worker
 * owned partitions it was not holding back. A healthy consumer completes a fetch at least every
 * {@code fetch.max.wait.ms} (500 ms) even with nothing to read, so this does not depend on lag.
 * Each episode is said once at WARN ({@code event=source-fetch-stalled}) and counted in {@code
 * kmirror_errors_total{stage="consume",error="TimeoutException"}}; while it lasts the task counts
 * in {@code kmirror_source_fetch_stalled} and in status ({@code lag.fetchStalledTasks}). Its end is
 * said once at INFO ({@code event=source-fetch-resumed}). Owned by the worker thread.
 */
final class FetchWatch {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorWorker.class);

  private final FlowId flow;
  private final int task;
  private final LongSupplier fetches;
  private final FlowMetrics metrics;
  private final long stalledAfterMillis;
  private long lastFetches = -1;
  private long movedAt;
  private boolean stalled;
  private boolean polledRecords;

  /**
   * @param fetches the consumer's count of completed fetches, -1 when unknown
   * @param stalledAfter how long no fetch may complete before it is said
   */
  FetchWatch(
      FlowId flow, int task, LongSupplier fetches, FlowMetrics metrics, Duration stalledAfter) {
    this.flow = flow;
    this.task = task;
    this.fetches = fetches;
    this.metrics = metrics;
    this.stalledAfterMillis = stalledAfter.toMillis();
  }

  /**
   * Worker thread, after each poll: records returned mean the consumer is not waiting on the
   * source, even when no fetch completed (every partition still has fetched records buffered while
   * a slow target holds the worker back).
   */
  void polled(int records) {
    if (records > 0) {
      polledRecords = true;
    }
  }

  /**
   * Worker thread, once a second.
   *
   * @param fetching partitions the worker owns and has not paused: the consumer should be fetching
   */
  void check(long nowMillis, int fetching) {
    long now = fetches.getAsLong();
    boolean handed = polledRecords;
    polledRecords = false;
    if (now != lastFetches || fetching == 0 || handed) {
      if (stalled) {
        metrics.sourceFetchStalled(false);
        LOG.info(
            "flow={} task={} event=source-fetch-resumed stalled-ms={}",
            flow,
            task,
            nowMillis - movedAt);
      }
      stalled = false;
      lastFetches = now;
      movedAt = nowMillis;
      return;
    }
    if (!stalled && nowMillis - movedAt >= stalledAfterMillis) {
      stalled = true;
      metrics.sourceFetchStalled(true);
      metrics
          .errors()
          .record(
              ErrorMeters.Stage.CONSUME,
              new TimeoutException("no fetch answered for " + (nowMillis - movedAt) + " ms"));
      LOG.warn(
          "flow={} task={} event=source-fetch-stalled partitions={} no-fetch-answered-ms={}"
              + " action=\"the source cluster does not answer this worker's fetches; the consumer"
              + " retries on its own. With thousands of partitions a first full fetch can take"
              + " longer than request.timeout.ms: raise {}.consumer.request.timeout.ms, or split"
              + " the partitions over more tasks (tasks.max)\"",
          flow,
          task,
          fetching,
          nowMillis - movedAt,
          flow);
    }
  }

  /** The worker stops: an episode still open no longer counts in the gauge. */
  void close() {
    if (stalled) {
      stalled = false;
      metrics.sourceFetchStalled(false);
    }
  }

  /** Whether the current episode was said; for tests. */
  boolean stalled() {
    return stalled;
  }
}
