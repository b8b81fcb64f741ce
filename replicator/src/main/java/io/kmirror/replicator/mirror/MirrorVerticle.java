package io.kmirror.replicator.mirror;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs one {@link MirrorWorker} on its own thread for the lifetime of this deployment. The event
 * loop never blocks: start only starts the thread; stop asks for a drained stop and completes when
 * the thread has finished, or after {@code stopTimeout} at the latest (first aborting the drain,
 * then giving up on the thread, which is a daemon).
 *
 * <p>If the worker dies while deployed, {@code onCrash} is called on this verticle's context, so
 * the flow can restart with backoff; nothing else is affected.
 */
public final class MirrorVerticle extends VerticleBase {

  private final MirrorWorker worker;
  private final Duration stopTimeout;
  private final Handler<Throwable> onCrash;
  private Thread thread;
  private boolean stopping;

  public MirrorVerticle(MirrorWorker worker, Duration stopTimeout, Handler<Throwable> onCrash) {
    this.worker = worker;
    this.stopTimeout = stopTimeout;
    this.onCrash = onCrash;
  }

  @Override
  public Future<?> start() {
    thread = new Thread(worker, worker.threadName());
    thread.setDaemon(true);
    Future.fromCompletionStage(worker.finished(), context)
        .onFailure(
            error -> {
              if (!stopping) {
                onCrash.handle(error);
              }
            });
    thread.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    worker.requestStop();
    Promise<Void> done = Promise.promise();
    Future.fromCompletionStage(worker.finished(), context)
        .onComplete(ignored -> done.tryComplete());
    long total = stopTimeout.toMillis();
    long abortAfter = Math.max(1, total * 3 / 4);
    vertx.setTimer(abortAfter, id -> worker.abortDrain());
    vertx.setTimer(total, id -> done.tryComplete());
    return done.future();
  }

  /** Any thread: where mirroring stands on each partition the worker owns. */
  public Map<TopicPartition, PartitionPosition> positions() {
    return worker.positions();
  }

  /** Stops the worker as a crash would (no drain); the verticle can then be undeployed. */
  public void halt() {
    stopping = true;
    worker.halt();
  }
}
