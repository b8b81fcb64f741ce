package io.kmirror.replicator.topics;

import io.kmirror.replicator.flow.Causes;
import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.ReadyTopics;
import io.kmirror.replicator.periodic.PeriodicVerticle;
import io.kmirror.topology.Flow;
import io.vertx.core.Future;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link TopicSync} for one flow: a first pass at once, then one pass per refresh interval,
 * the timer re-armed only after a pass has finished so passes never overlap ({@link
 * PeriodicVerticle}). A pass that fails (a cluster unreachable) is logged once per distinct reason
 * and simply tried again next time. The admin clients and the copied-config store belong to the
 * caller, which closes them after this verticle is undeployed.
 */
public final class TopicSyncVerticle extends PeriodicVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSyncVerticle.class);

  private final FlowContext flowContext;
  private final Flow flow;
  private final Admin source;
  private final Admin target;
  private final ReadyTopics ready;
  private final CopiedConfigs copied;
  private final FlowMetrics metrics;
  private TopicSync sync;
  private String lastFailure;
  private volatile boolean firstPassDone;

  public TopicSyncVerticle(
      FlowContext flowContext,
      Admin source,
      Admin target,
      ReadyTopics ready,
      CopiedConfigs copied,
      FlowMetrics metrics) {
    super(STOP_BOUND);
    this.flowContext = flowContext;
    this.flow = flowContext.flow();
    this.source = source;
    this.target = target;
    this.ready = ready;
    this.copied = copied;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    sync =
        new TopicSync(
            flowContext,
            source,
            target,
            ready,
            copied,
            metrics,
            context,
            PartitionLeaders.PATIENCE);
    runNow();
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> runOnce() {
    return sync.runOnce()
        .onComplete(
            result -> {
              if (result.failed()) {
                metrics
                    .errors()
                    .record(ErrorMeters.Stage.TOPIC_SYNC, Causes.unwrap(result.cause()));
                String reason = String.valueOf(Causes.unwrap(result.cause()));
                if (!reason.equals(lastFailure)) {
                  LOG.warn(
                      "flow={} event=topic-sync-failed reason=\"{}\" retry-in={}s",
                      flow.id(),
                      reason,
                      flow.topics().refreshInterval().toSeconds());
                }
                lastFailure = reason;
              } else {
                lastFailure = null;
                firstPassDone = true;
              }
            });
  }

  @Override
  protected Duration delayAfterRun() {
    return flow.topics().refreshInterval();
  }

  /** Any thread: whether a pass has completed, so the ready topics are known. */
  public boolean firstPassDone() {
    return firstPassDone;
  }
}
