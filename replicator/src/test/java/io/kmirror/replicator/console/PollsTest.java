package io.kmirror.replicator.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bounded waits on a condition, as the demo and the drill wait for clusters. */
class PollsTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  @Test
  void aConditionThatHoldsOnTheThirdCheckEndsTheWaitWithTrue() throws Exception {
    // Given a condition that throws once (not yet), is false once, then holds
    AtomicInteger checks = new AtomicInteger();
    // When waited on, then the wait reports that it held (a check that threw was "not yet")
    boolean held =
        Polls.until(
            scheduler,
            () -> {
              int n = checks.incrementAndGet();
              if (n == 1) {
                throw new IllegalStateException("cluster not up yet");
              }
              return n >= 3;
            },
            Duration.ofSeconds(10),
            Duration.ofMillis(5));

    assertThat(held).isTrue();
    assertThat(checks.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aConditionThatNeverHoldsEndsTheWaitWithFalseAtTheDeadline() throws Exception {
    boolean held =
        Polls.until(scheduler, () -> false, Duration.ofMillis(100), Duration.ofMillis(10));

    assertThat(held).isFalse();
  }
}
