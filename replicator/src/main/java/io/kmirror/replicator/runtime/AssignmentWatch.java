package io.kmirror.replicator.runtime;

import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.topology.FlowId;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, once per start, when the workers run but own no partition while there are topics to mirror:
 * after a process was killed, the consumer group keeps its partitions for the dead member until
 * that member's session times out, and without this line the wait looks like a hang. Checked every
 * two health intervals (the assignment is measured every one).
 */
final class AssignmentWatch {

  /** The flow's lines keep one logger name, whichever class writes them. */
  private static final Logger LOG = LoggerFactory.getLogger(FlowVerticle.class);

  private final Vertx vertx;
  private final FlowId flow;
  private final FlowMetrics metrics;
  private final Duration interval;

  AssignmentWatch(Vertx vertx, FlowId flow, FlowMetrics metrics, Duration healthInterval) {
    this.vertx = vertx;
    this.flow = flow;
    this.metrics = metrics;
    this.interval = healthInterval.multipliedBy(2);
  }

  /** Watches until partitions are assigned or {@code current} turns false (a newer attempt). */
  void start(BooleanSupplier current) {
    check(current, false);
  }

  private void check(BooleanSupplier current, boolean said) {
    vertx.setTimer(
        interval.toMillis(),
        id -> {
          if (!current.getAsBoolean()) {
            return;
          }
          long assigned = metrics.lag().partitionsAssigned();
          if (assigned > 0) {
            if (said) {
              LOG.info("flow={} event=partitions-assigned partitions={}", flow, assigned);
            }
            return;
          }
          boolean waiting = metrics.topicsMirrored() > 0;
          if (waiting && !said) {
            LOG.info(
                "flow={} event=waiting-for-partitions topics={} reason=\"the consumer group has"
                    + " not assigned this process any partition yet; after a crash Kafka holds"
                    + " them for the dead member until its session times out (consumer"
                    + " session.timeout.ms, 10 s unless set); with more processes than partitions,"
                    + " this one may get none at all\"",
                flow,
                metrics.topicsMirrored());
          }
          check(current, said || waiting);
        });
  }
}
