package io.kmirror.replicator.periodic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeriodicVerticleTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Each run waits for the test to finish it; the next is armed a millisecond after. */
  private static final class Runs extends PeriodicVerticle {

    final CopyOnWriteArrayList<Promise<Void>> started = new CopyOnWriteArrayList<>();

    Runs(Duration stopBound) {
      super(stopBound);
    }

    @Override
    public Future<?> start() {
      runNow();
      return Future.succeededFuture();
    }

    @Override
    protected Future<?> runOnce() {
      Promise<Void> run = Promise.promise();
      started.add(run);
      return run.future();
    }

    @Override
    protected Duration delayAfterRun() {
      return Duration.ofMillis(1);
    }

    /** Finishes the latest run on the verticle's context, as a real run would. */
    void finishLatest(boolean ok) {
      Promise<Void> run = started.get(started.size() - 1);
      context.runOnContext(
          v -> run.handle(ok ? Future.succeededFuture() : Future.failedFuture("x")));
    }
  }

  private String deployed(Runs runs) throws Exception {
    return vertx
        .deployVerticle(runs)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void theNextRunIsArmedOnlyOnceTheRunningOneHasFinishedWhateverItsOutcome() throws Exception {
    // Given a verticle whose first run is still going
    Runs runs = new Runs(Duration.ofSeconds(5));
    deployed(runs);

    // Then no second run starts meanwhile
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> runs.started.size() == 1);

    // When the run fails, the next one starts all the same
    runs.finishLatest(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> runs.started.size() == 2);

    // And when that one succeeds, so does the one after it
    runs.finishLatest(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> runs.started.size() == 3);
  }

  @Test
  void stopWaitsForTheRunInFlightAndStartsNoOtherOne() throws Exception {
    // Given a run in flight
    Runs runs = new Runs(Duration.ofMinutes(5));
    String id = deployed(runs);

    // When the verticle is undeployed
    Future<Void> undeployed = vertx.undeploy(id);

    // Then the undeploy waits for the run, completes once it finished, and no run follows
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !undeployed.isComplete());
    runs.finishLatest(true);
    assertThat(undeployed.toCompletionStage()).succeedsWithin(Duration.ofSeconds(5));
    assertThat(runs.started).hasSize(1);
  }

  @Test
  void stopGivesUpOnARunThatHangsAfterItsBound() throws Exception {
    // Given a run that never finishes and a stop bound of 200 ms
    Runs runs = new Runs(Duration.ofMillis(200));
    String id = deployed(runs);

    // When the verticle is undeployed, then it is gone after the bound
    long startedAt = System.nanoTime();
    assertThat(vertx.undeploy(id).toCompletionStage()).succeedsWithin(Duration.ofSeconds(5));
    assertThat(Duration.ofNanos(System.nanoTime() - startedAt))
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(runs.started).hasSize(1);
  }
}
