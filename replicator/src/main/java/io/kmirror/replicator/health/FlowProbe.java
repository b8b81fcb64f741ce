package io.kmirror.replicator.health;

import io.kmirror.replicator.metrics.ClusterReachability;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.PartitionPosition;
import io.kmirror.replicator.periodic.PeriodicVerticle;
import io.kmirror.topology.Flow;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Every interval, asks both clusters of a flow whether they answer and the source for the end
 * offsets of the partitions this process mirrors, and turns the answers into {@code
 * kmirror_cluster_reachable}, lag in records and time, stalled partitions and the caught-up time
 * ({@link LagTracker}). Lag comes from {@code listOffsets}, not from records flowing, so it is
 * right on an idle flow and grows while the target is down. Each round re-arms the timer when it
 * ends, so a slow cluster never stacks rounds ({@link PeriodicVerticle}). The admin clients belong
 * to the flow.
 */
public final class FlowProbe extends PeriodicVerticle {

  private final Flow flow;
  private final Admin source;
  private final Admin target;
  private final Supplier<Map<TopicPartition, PartitionPosition>> positions;
  private final BooleanSupplier leading;
  private final FlowMetrics metrics;
  private final ClusterReachability clusters;
  private final Duration interval;
  private final LagTracker lag;

  /**
   * @param positions the owned partitions' positions, read at each round
   * @param leading whether this process does the flow's group work now
   */
  public FlowProbe(
      Flow flow,
      Admin source,
      Admin target,
      Supplier<Map<TopicPartition, PartitionPosition>> positions,
      BooleanSupplier leading,
      FlowMetrics metrics,
      ClusterReachability clusters,
      Duration interval) {
    super(STOP_BOUND);
    this.flow = flow;
    this.source = source;
    this.target = target;
    this.positions = positions;
    this.leading = leading;
    this.metrics = metrics;
    this.clusters = clusters;
    this.interval = interval;
    this.lag = new LagTracker(metrics.lag().stalledAfter());
  }

  @Override
  public Future<?> start() {
    runNow();
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> runOnce() {
    int timeout = (int) interval.multipliedBy(2).toMillis();
    return Future.join(
            probe(flow.source(), source, timeout),
            probe(flow.target(), target, timeout),
            lag(timeout))
        .onComplete(done -> metrics.leader(leading.getAsBoolean()));
  }

  @Override
  protected Duration delayAfterRun() {
    return interval;
  }

  private Future<Void> probe(String cluster, Admin admin, int timeoutMillis) {
    return convert(
            admin
                .describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
                .clusterId())
        .onSuccess(id -> clusters.answered(cluster, System.currentTimeMillis()))
        .onFailure(e -> clusters.unreachable(cluster))
        .mapEmpty();
  }

  private Future<Void> lag(int timeoutMillis) {
    Map<TopicPartition, PartitionPosition> owned = positions.get();
    long askedAt = System.currentTimeMillis();
    if (owned.isEmpty()) {
      metrics.lag().update(lag.update(askedAt, askedAt, owned, Map.of()));
      return Future.succeededFuture();
    }
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    owned.keySet().forEach(tp -> specs.put(tp, OffsetSpec.latest()));
    return convert(
            source
                .listOffsets(
                    specs,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(timeoutMillis))
                .all())
        .map(
            answers -> {
              Map<TopicPartition, Long> ends = new HashMap<>();
              answers.forEach((tp, info) -> ends.put(tp, info.offset()));
              return ends;
            })
        .recover(
            e -> {
              metrics.errors().record(ErrorMeters.Stage.ADMIN, e);
              return Future.succeededFuture(Map.of());
            })
        .map(
            ends -> {
              metrics.lag().update(lag.update(askedAt, System.currentTimeMillis(), owned, ends));
              return null;
            });
  }

  private <T> Future<T> convert(KafkaFuture<T> future) {
    return Future.fromCompletionStage(future.toCompletionStage(), context);
  }
}
