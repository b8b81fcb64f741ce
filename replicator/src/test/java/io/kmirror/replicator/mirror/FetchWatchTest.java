package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FetchWatchTest {

  private static final Duration STALLED_AFTER = Duration.ofSeconds(30);

  private final FlowId flow = TestFlows.flow("A", "B").build().id();
  private final FlowMetrics metrics = FlowMetrics.unregistered(flow);
  private final AtomicLong fetches = new AtomicLong(5);
  private final FetchWatch watch = new FetchWatch(flow, 0, fetches::get, metrics, STALLED_AFTER);

  private long consumeErrors() {
    return metrics.errors().count(ErrorMeters.Stage.CONSUME);
  }

  @Test
  void noFetchAnsweredForTheThresholdIsCountedOnceAndClearsWhenFetchesMoveAgain() {
    // Given: a worker fetching 8,001 partitions whose source stops answering at t=0
    watch.check(0, 8001);

    // When: just below the threshold, then at it, then long after
    watch.check(29_999, 8001);
    assertThat(watch.stalled()).isFalse();
    assertThat(consumeErrors()).isZero();
    watch.check(30_000, 8001);
    watch.check(90_000, 8001);

    // Then: one episode, counted once, and the task counts as stalled while it lasts
    assertThat(watch.stalled()).isTrue();
    assertThat(consumeErrors()).isEqualTo(1);
    assertThat(metrics.sourceFetchStalledTasks()).isEqualTo(1);

    // When: a fetch completes again
    fetches.incrementAndGet();
    watch.check(91_000, 8001);

    // Then: the episode is over, and a new silence counts anew
    assertThat(watch.stalled()).isFalse();
    assertThat(metrics.sourceFetchStalledTasks()).isZero();
    watch.check(121_000, 8001);
    assertThat(consumeErrors()).isEqualTo(2);

    // When: the worker stops during that episode
    watch.close();

    // Then: it no longer counts
    assertThat(metrics.sourceFetchStalledTasks()).isZero();
  }

  @Test
  void aWorkerWithEveryPartitionPausedOrNoneOwnedIsNotStalled() {
    watch.check(0, 8001);
    watch.check(20_000, 0);
    watch.check(45_000, 8001);

    assertThat(watch.stalled()).isFalse();
    assertThat(consumeErrors()).isZero();
  }

  @Test
  void recordsStillBufferedFromEarlierFetchesAreNotAStall() {
    // Given: no fetch completes because every partition still holds fetched records
    watch.check(0, 8001);

    // When: each poll keeps returning records for 60 s
    for (long t = 1000; t <= 60_000; t += 1000) {
      watch.polled(4000);
      watch.check(t, 8001);
    }

    // Then
    assertThat(watch.stalled()).isFalse();
    assertThat(consumeErrors()).isZero();
  }

  @Test
  void fetchesAnsweredEverySecondNeverCount() {
    for (long t = 0; t <= 120_000; t += 1000) {
      fetches.incrementAndGet();
      watch.check(t, 8001);
    }

    assertThat(consumeErrors()).isZero();
  }
}
