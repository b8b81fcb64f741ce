package io.kmirror.replicator.offsets;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.OffsetMappingSink;
import io.kmirror.replicator.topics.TopicCreation;
import io.kmirror.topology.Flow;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Everything one start attempt of a flow needs for consumer-group positions: the target topics
 * (offset index, checkpoints, leader), the {@link FlowLeader} election, a producer to the target
 * shared by the workers' {@link OffsetJournal}s, the checkpoint writer and the index pruner, a
 * producer to the source for heartbeats, and the verticles that run checkpoints, group sync, index
 * pruning and heartbeats. The flow closes it on teardown, after its verticles and workers have
 * stopped.
 */
public final class FlowOffsets {

  private final FlowEndpoints endpoints;
  private final Duration writeTimeout;
  private final Duration pruneInterval;
  private volatile OffsetStatus status = OffsetStatus.NONE;
  private Producer<byte[], byte[]> targetProducer;
  private Producer<byte[], byte[]> sourceProducer;
  private OffsetTranslator translator;
  private volatile FlowLeader leader;

  /**
   * @param writeTimeout how long a worker waits for its runs and marks before storing progress
   * @param pruneInterval how often the offset index is pruned below the source's log start
   */
  public FlowOffsets(FlowEndpoints endpoints, Duration writeTimeout, Duration pruneInterval) {
    this.endpoints = endpoints;
    this.writeTimeout = writeTimeout;
    this.pruneInterval = pruneInterval;
  }

  private Flow flow() {
    return endpoints.flow();
  }

  private FlowContext context() {
    return endpoints.context();
  }

  /** Offset index, checkpoints and leader topics, compacted, one partition each. */
  private List<NewTopic> topicsOnTarget() {
    FlowContext names = context();
    return List.of(
        names.compactedOnTarget(names.indexTopic()),
        names.compactedOnTarget(names.checkpointsTopic()),
        names.compactedOnTarget(names.leaderTopic()));
  }

  /** Creates the target topics (existing ones are fine) and the producers. */
  public Future<Void> open(Vertx vertx, Context context, Admin target) {
    return TopicCreation.createIfAbsent(
            target, topicsOnTarget(), context, "offset topics", flow().target())
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      Map<String, Object> config = endpoints.targetProducer(0);
                      config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId("offsets"));
                      targetProducer = new KafkaProducer<>(config);
                      translator = OffsetTranslator.open(endpoints);
                      if (groupWork()) {
                        leader = new FlowLeader(endpoints);
                        leader.start();
                      }
                      if (flow().heartbeats().enabled()) {
                        sourceProducer = new KafkaProducer<>(endpoints.heartbeatProducer());
                      }
                      return null;
                    },
                    false))
        .mapEmpty();
  }

  private boolean groupWork() {
    return flow().groups().checkpoints().enabled() || flow().groups().offsetSync().enabled();
  }

  /** Whether this process does the flow's checkpoints and group sync right now. */
  public boolean leading() {
    FlowLeader l = leader;
    return l != null && l.leading();
  }

  /** The current leadership term of this process for the flow, -1 when not leading. */
  public long leaderTerm() {
    FlowLeader l = leader;
    return l == null ? -1 : l.term();
  }

  private String clientId(String role) {
    return context().groupId() + "-" + role;
  }

  /** A journal for one mirroring worker. */
  public OffsetMappingSink journal() {
    return new OffsetJournal(flow().id(), context().indexTopic(), targetProducer, writeTimeout);
  }

  /**
   * The verticles to deploy for this flow: checkpoints, group sync and index pruning (always: the
   * workers write the index whether or not groups are carried), heartbeats.
   */
  public List<Deployable> verticles(Admin source, Admin target, FlowMetrics metrics) {
    List<Deployable> verticles = new ArrayList<>();
    verticles.add(
        new CheckpointVerticle(
            context(),
            source,
            target,
            translator,
            targetProducer,
            this::leaderTerm,
            new CheckpointVerticle.Reports(s -> status = s, metrics),
            pruneInterval));
    if (flow().heartbeats().enabled()) {
      verticles.add(new HeartbeatVerticle(context(), source, sourceProducer));
    }
    return verticles;
  }

  /** The last checkpoint cycle's status; safe from any thread. */
  public OffsetStatus status() {
    return status.withLeading(leading());
  }

  /** Any thread: the coming close is a simulated crash; the election is left as a crash would. */
  public void halt() {
    FlowLeader l = leader;
    if (l != null) {
      l.halt();
    }
  }

  /** Blocking: closes the clients. Call after the verticles and workers have stopped. */
  public void close() {
    Duration timeout = Duration.ofSeconds(5);
    if (leader != null) {
      try {
        leader.stop(timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (translator != null) {
      translator.close();
    }
    if (targetProducer != null) {
      targetProducer.close(timeout);
    }
    if (sourceProducer != null) {
      sourceProducer.close(timeout);
    }
  }
}
