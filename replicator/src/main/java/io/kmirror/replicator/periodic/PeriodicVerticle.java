package io.kmirror.replicator.periodic;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;

/**
 * A verticle that does one piece of work again and again: each run, then a timer armed only once
 * that run has finished, so a slow run delays the next instead of overlapping it (which {@code
 * setPeriodic} would let happen).
 *
 * <p>A subclass says what a run is ({@link #runOnce()}), how long to wait after one ({@link
 * #delayAfterRun()}), and when the first one starts: from its {@code start()}, at once with {@link
 * #runNow()} or later with {@link #runAfter(Duration)}. A run's failure is the subclass's to log or
 * count; the base only re-arms, whatever the outcome.
 *
 * <p>Stop is bounded: no run starts after {@link #stop()}, and the returned future completes when
 * the run in flight, if any, has finished, or after the stop bound at the latest, so whoever
 * undeploys this verticle (and then closes the clients its runs use) neither closes them under a
 * run that is about to finish nor waits on one that hangs.
 *
 * <p>Everything here runs on this verticle's context.
 */
public abstract class PeriodicVerticle extends VerticleBase {

  /** The stop bound of kmirror's own periodic verticles. */
  public static final Duration STOP_BOUND = Duration.ofSeconds(5);

  private final Duration stopBound;
  private long timer = -1;
  private boolean stopped;
  private Future<?> inFlight;

  /**
   * @param stopBound how long {@link #stop()} waits for the run in flight at most
   */
  protected PeriodicVerticle(Duration stopBound) {
    this.stopBound = stopBound;
  }

  /** One run; its future completes when the run is over, successfully or not. */
  protected abstract Future<?> runOnce();

  /** How long to wait before the next run; asked each time a run has finished. */
  protected abstract Duration delayAfterRun();

  /** Starts a run now, unless stopped; the next one is armed when it finishes. */
  protected final void runNow() {
    timer = -1;
    if (stopped) {
      return;
    }
    Future<?> run = runOnce();
    inFlight = run;
    run.onComplete(
        done -> {
          inFlight = null;
          runAfter(delayAfterRun());
        });
  }

  /** Starts a run after {@code delay} (at least a millisecond), unless stopped by then. */
  protected final void runAfter(Duration delay) {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> runNow());
    }
  }

  /** Whether {@link #stop()} was called. */
  protected final boolean stopped() {
    return stopped;
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    Future<?> run = inFlight;
    if (run == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    long bound = vertx.setTimer(Math.max(1, stopBound.toMillis()), id -> done.tryComplete());
    run.onComplete(
        finished -> {
          vertx.cancelTimer(bound);
          done.tryComplete();
        });
    return done.future();
  }
}
