package io.kmirror.replicator.mirror;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.FlowMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On assignment, finds the partitions whose remote copy was deleted under kmirror: progress says
 * records were copied ({@code next} above the source's log start, so records below it that the
 * source still holds were on the target), yet the remote partition is empty (end offset 0; a log
 * end never goes back otherwise, retention only moves the start). Topic sync re-creates a deleted
 * remote topic empty, so without this check the stored progress would skip everything it says was
 * copied. Such a partition is mirrored again from the first offset the source still holds, counted
 * in {@code kmirror_target_resets_total} and said once at ERROR.
 *
 * <p>While a worker runs, the same loss shows differently: the target acknowledges an offset below
 * one it acknowledged before ({@link TargetLogResetException}), and {@link PartitionFailures} takes
 * the same way back to the log start.
 *
 * <p>A source partition whose records below the progress were all aborted or transaction markers
 * has an empty copy on purpose; it is mirrored again from its start too: nothing is sent, and the
 * only cost is the ERROR line. If either cluster does not answer, nothing is concluded.
 *
 * <p>Owned by the worker thread. Logs as {@link MirrorPartitions}, whose lines these are.
 */
final class TargetCopies {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorPartitions.class);

  private final FlowContext context;
  private final Consumer<byte[], byte[]> consumer;
  private final ProgressStore store;
  private final FlowMetrics metrics;
  private final Duration timeout;

  TargetCopies(
      FlowContext context,
      Consumer<byte[], byte[]> consumer,
      ProgressStore store,
      FlowMetrics metrics,
      Duration timeout) {
    this.context = context;
    this.consumer = consumer;
    this.store = store;
    this.metrics = metrics;
    this.timeout = timeout;
  }

  /** The partitions among {@code resumable} whose remote copy lost what their progress says. */
  Set<TopicPartition> lost(Map<TopicPartition, ProgressKey.Stored> resumable) {
    if (resumable.isEmpty()) {
      return Set.of();
    }
    Map<TopicPartition, TopicPartition> remote = new HashMap<>();
    resumable
        .keySet()
        .forEach(
            tp ->
                remote.put(
                    tp, new TopicPartition(context.remoteTopic(tp.topic()), tp.partition())));
    Map<TopicPartition, Long> logStarts;
    try {
      logStarts = consumer.beginningOffsets(resumable.keySet(), timeout);
    } catch (KafkaException e) {
      return Set.of();
    }
    Map<TopicPartition, Long> targetEnds = store.targetEndOffsets(remote.values(), timeout);
    Set<TopicPartition> lost = new HashSet<>();
    resumable.forEach(
        (tp, stored) -> {
          Long logStart = logStarts.get(tp);
          Long targetEnd = targetEnds.get(remote.get(tp));
          if (logStart != null
              && targetEnd != null
              && targetEnd == 0
              && stored.nextOffset() > logStart) {
            lost.add(tp);
            metrics.targetReset();
            LOG.error(
                "flow={} topic={} partition={} event=target-copy-lost stored-offset={}"
                    + " source-log-start={} reason=\"remote partition {}-{} is empty although"
                    + " progress says offsets {} to {} were copied: the remote topic was deleted"
                    + " under kmirror\" action=\"mirroring the partition again from offset {}\"",
                context.id(),
                tp.topic(),
                tp.partition(),
                stored.nextOffset(),
                logStart,
                remote.get(tp).topic(),
                tp.partition(),
                logStart,
                stored.nextOffset() - 1,
                logStart);
          }
        });
    return lost;
  }
}
