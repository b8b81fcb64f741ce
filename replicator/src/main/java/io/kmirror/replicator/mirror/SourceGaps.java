package io.kmirror.replicator.mirror;

import io.kmirror.replicator.metrics.FlowIncidents;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one worker does when the source no longer holds the offset a partition reads from. kmirror
 * owns the source consumer's reset policy ({@code auto.offset.reset=none}), so the consumer never
 * moves on its own: it throws, and the worker brings the error here.
 *
 * <ul>
 *   <li><b>Below the log start</b> (retention deleted records kmirror had not read, typically while
 *       kmirror was stopped or far behind): the records are gone for good. One ERROR line names
 *       topic, partition and the exact gap ({@code from} to {@code to}, both included, and how many
 *       offsets), {@code kmirror_records_skipped_total{reason="retention"}} counts it, status lists
 *       it, and reading goes on at the log start.
 *   <li><b>Above the log end</b> (the topic was deleted and created again while the partition
 *       stayed assigned, or an unclean election truncated the log): reading starts again at the log
 *       start; the records come back below the position read and {@link MirrorPartitions} starts a
 *       new stretch, as it did when the consumer reset by itself (duplicates, never a gap).
 *   <li><b>A truncation the consumer detected</b> (it knows the divergent offset): reading goes on
 *       there, the same way.
 * </ul>
 *
 * <p>The offset index needs no record of its own for a gap: the epoch goes on, and the first record
 * acknowledged after the gap starts a run whose {@code from} is the position before the gap, so a
 * group committed inside the gap translates to the first record after it, the record the same group
 * would read next on the source, whose log now starts there (PartitionIndex: nothing in {@code
 * [from, sourceStart)} was mirrored by that stretch). The epoch is moved past the gap as if it had
 * read up to the log start, so progress stored afterwards says the gap is settled, and a restart
 * does not report it again.
 *
 * <p>Owned by the worker thread. Logs as {@link MirrorPartitions}, whose lines these are.
 */
final class SourceGaps {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorPartitions.class);

  private final FlowId flow;
  private final Consumer<byte[], byte[]> consumer;
  private final Epochs epochs;
  private final FlowMetrics metrics;
  private final Duration timeout;
  // The end of the gap last counted per partition, so a rewind into a reported gap (records in
  // flight before it failed) counts only offsets not counted yet.
  private final Map<TopicPartition, Long> countedUpTo = new HashMap<>();

  SourceGaps(
      FlowId flow,
      Consumer<byte[], byte[]> consumer,
      Epochs epochs,
      FlowMetrics metrics,
      Duration timeout) {
    this.flow = flow;
    this.consumer = consumer;
    this.epochs = epochs;
    this.metrics = metrics;
    this.timeout = timeout;
  }

  /** The consumer could not fetch from these positions: the source no longer holds them. */
  void outOfRange(Map<TopicPartition, Long> positions) {
    List<TopicPartition> owned = new ArrayList<>();
    positions.keySet().stream().filter(tp -> epochs.get(tp) != null).forEach(owned::add);
    if (owned.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> logStarts;
    try {
      logStarts = consumer.beginningOffsets(owned, timeout);
    } catch (TimeoutException e) {
      // The next fetch fails the same way and brings the partitions back here.
      LOG.warn(
          "flow={} event=source-log-start-unknown partitions={} reason=\"{}\"", flow, owned, e);
      return;
    }
    List<TopicPartition> restart = new ArrayList<>();
    for (TopicPartition tp : owned) {
      long position = positions.get(tp);
      Long logStart = logStarts.get(tp);
      if (logStart != null && position < logStart) {
        skip(tp, position, logStart);
      } else {
        restart.add(tp);
      }
    }
    if (!restart.isEmpty()) {
      LOG.warn(
          "flow={} event=source-position-out-of-range partitions={} positions={}"
              + " action=\"reading again from the log start\"",
          flow,
          restart,
          positions);
      consumer.seekToBeginning(restart);
    }
  }

  /** The consumer found the source log truncated below its position: read on from the split. */
  void truncated(Map<TopicPartition, OffsetAndMetadata> divergent) {
    List<TopicPartition> unknown = new ArrayList<>();
    divergent.forEach(
        (tp, at) -> {
          if (epochs.get(tp) == null) {
            return;
          }
          if (at == null) {
            unknown.add(tp);
          } else {
            consumer.seek(tp, at.offset());
          }
        });
    if (!unknown.isEmpty()) {
      consumer.seekToBeginning(unknown);
    }
    LOG.warn(
        "flow={} event=source-log-truncated divergent={} action=\"reading again from there\"",
        flow,
        divergent);
  }

  private void skip(TopicPartition tp, long from, long logStart) {
    long to = logStart - 1;
    long counted = countedUpTo.getOrDefault(tp, -1L);
    long fresh = logStart - Math.max(from, counted + 1);
    if (fresh > 0) {
      metrics.skippedByRetention(tp.topic(), fresh);
      countedUpTo.put(tp, to);
    }
    metrics
        .incidents()
        .gap(
            new FlowIncidents.Gap(
                tp.topic(), tp.partition(), from, to, System.currentTimeMillis()));
    PartitionProgress epoch = epochs.get(tp);
    if (epoch.polledNext() < logStart) {
      epoch.polledUpTo(logStart);
    }
    consumer.seek(tp, logStart);
    LOG.error(
        "flow={} topic={} partition={} event=records-lost-to-retention from={} to={} count={}"
            + " reason=\"the source deleted offsets {} to {} before kmirror read them\""
            + " action=\"mirroring on from the log start {}\"",
        flow,
        tp.topic(),
        tp.partition(),
        from,
        to,
        logStart - from,
        from,
        to,
        logStart);
  }

  /** The partition was given up. */
  void forget(TopicPartition tp) {
    countedUpTo.remove(tp);
  }
}
