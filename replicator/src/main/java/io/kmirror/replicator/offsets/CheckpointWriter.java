package io.kmirror.replicator.offsets;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.offsets.index.Translation;
import io.kmirror.topology.Flow;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.Checkpoint;
import org.apache.kafka.connect.mirror.KmirrorRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes MM2 {@link Checkpoint}s, serialized by connect-mirror-client itself, to {@code
 * <source>.checkpoints.internal} on the target (partition 0, where MM2's {@code MirrorClient} reads
 * them): key (group, remote topic, partition), value (source offset, target offset, metadata). A
 * checkpoint is written when a group's translation changed since the last one this process wrote,
 * so an idle group costs nothing. Partitions kmirror cannot translate exactly and has no target
 * offset for are not checkpointed; each is logged once when it enters that state.
 *
 * <p>Used on one verticle's context only.
 */
final class CheckpointWriter {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

  private final Flow flow;
  private final String topic;
  private final Producer<byte[], byte[]> producer;
  private final Map<String, Map<TopicPartition, long[]>> written = new HashMap<>();
  private final Map<String, Map<TopicPartition, Translation.Kind>> reported = new HashMap<>();
  private long count;

  CheckpointWriter(FlowContext flowContext, Producer<byte[], byte[]> producer) {
    this.flow = flowContext.flow();
    this.topic = flowContext.checkpointsTopic();
    this.producer = producer;
  }

  long written() {
    return count;
  }

  /**
   * Writes the checkpoints that changed; {@code stillLeading} is asked right before each one, and
   * once it says no, nothing more is written this cycle (the new leader writes from its own read).
   */
  Future<Void> write(
      Map<String, List<PartitionPlan>> plans, Context context, BooleanSupplier stillLeading) {
    List<Future<Void>> sends = new ArrayList<>();
    for (Map.Entry<String, List<PartitionPlan>> group : plans.entrySet()) {
      for (PartitionPlan plan : group.getValue()) {
        reportKind(plan);
        if (plan.targetOffset().isPresent() && changed(plan)) {
          if (!stillLeading.getAsBoolean()) {
            LOG.info(
                "flow={} event=checkpoints-stopped reason=\"this process stopped leading the"
                    + " flow's group work during the cycle\" unwritten-from-group={}",
                flow.id(),
                group.getKey());
            return Future.all(sends).mapEmpty();
          }
          sends.add(send(plan, context));
        }
      }
    }
    return Future.all(sends).mapEmpty();
  }

  private boolean changed(PartitionPlan plan) {
    long[] last = written.getOrDefault(plan.group(), Map.of()).get(plan.source());
    return last == null
        || last[0] != plan.committed()
        || last[1] != plan.targetOffset().getAsLong();
  }

  private Future<Void> send(PartitionPlan plan, Context context) {
    long downstream = plan.targetOffset().getAsLong();
    Checkpoint checkpoint =
        new Checkpoint(plan.group(), plan.target(), plan.committed(), downstream, plan.metadata());
    Promise<Void> done = Promise.promise();
    producer.send(
        new ProducerRecord<>(
            topic, 0, KmirrorRecords.key(checkpoint), KmirrorRecords.value(checkpoint)),
        (metadata, error) ->
            context.runOnContext(
                v -> {
                  if (error != null) {
                    done.fail(error);
                    return;
                  }
                  written
                      .computeIfAbsent(plan.group(), g -> new HashMap<>())
                      .put(plan.source(), new long[] {plan.committed(), downstream});
                  count++;
                  done.complete();
                }));
    return done.future();
  }

  private void reportKind(PartitionPlan plan) {
    Translation.Kind kind = plan.translation().kind();
    Translation.Kind before =
        reported.computeIfAbsent(plan.group(), g -> new HashMap<>()).put(plan.source(), kind);
    if (kind == before || (before == null && kind == Translation.Kind.EXACT)) {
      return;
    }
    if (kind == Translation.Kind.EXACT) {
      LOG.info(
          "flow={} group={} topic={} partition={} event=offset-translated-exactly committed={}"
              + " target-offset={}",
          flow.id(),
          plan.group(),
          plan.source().topic(),
          plan.source().partition(),
          plan.committed(),
          plan.targetOffset().getAsLong());
    } else {
      LOG.info(
          "flow={} group={} topic={} partition={} event=offset-not-exact kind={} committed={}"
              + " reason=\"{}\"",
          flow.id(),
          plan.group(),
          plan.source().topic(),
          plan.source().partition(),
          kind,
          plan.committed(),
          plan.translation().reason());
    }
  }
}
