package io.kmirror.replicator.console;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting for a condition with a bounded deadline, checked on a scheduler, never by sleeping; the
 * demo and the drill both wait this way. The log event keeps its {@code demo-} name so existing log
 * searches still find it.
 */
public final class Polls {

  private static final Logger LOG = LoggerFactory.getLogger(Polls.class);

  private Polls() {}

  /**
   * Checks {@code condition} on {@code scheduler} every {@code interval} until it holds or {@code
   * timeout} passes; a check that throws counts as "not yet".
   *
   * @return whether the condition held in time
   */
  public static boolean until(
      ScheduledExecutorService scheduler,
      Callable<Boolean> condition,
      Duration timeout,
      Duration interval)
      throws InterruptedException {
    CompletableFuture<Void> met = new CompletableFuture<>();
    ScheduledFuture<?> checks =
        scheduler.scheduleWithFixedDelay(
            () -> {
              try {
                if (condition.call()) {
                  met.complete(null);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                LOG.debug("event=demo-condition-not-yet reason=\"{}\"", e.toString());
              }
            },
            0,
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      met.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a condition check failed", e.getCause());
    } finally {
      checks.cancel(false);
    }
  }
}
