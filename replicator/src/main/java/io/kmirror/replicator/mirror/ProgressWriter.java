package io.kmirror.replicator.mirror;

import io.kmirror.topology.FlowId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures, stores and commits the progress of the partitions one worker owns.
 *
 * <p>Only a partition's {@link PartitionProgress#committable()} mark is ever captured, so a stored
 * value never runs past a record the target has not acknowledged ({@link ProgressStore} states the
 * invariant). A captured mark is stored only once the offset index acknowledged the runs and the
 * mark it relies on ({@link OffsetMappingSink#beginProgress}): exact translation needs them durable
 * before progress says the records are there. And it is stored only for a partition still in the
 * epoch it was captured in: a partition rewound, reset or given up meanwhile has a newer truth, and
 * the old mark would move its progress back or file it under the wrong topic.
 *
 * <p>The periodic round does not block the worker: it starts the index write and goes on, storing
 * once the gate opens; a round still waiting skips the next one. Before partitions are handed over
 * or the worker stops, {@link #persistNow} waits for the index instead.
 *
 * <p>Owned by the worker thread. Logs as {@link MirrorPartitions}, whose lines these are.
 */
final class ProgressWriter {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorPartitions.class);

  private final FlowId flow;
  private final Consumer<byte[], byte[]> consumer;
  private final ProgressStore store;
  private final Epochs epochs;
  private final OffsetMappingSink mappings;
  private final MirrorSettings settings;
  private final Map<TopicPartition, Long> persisted = new HashMap<>();
  private PendingProgress pendingProgress;

  ProgressWriter(
      FlowId flow,
      Consumer<byte[], byte[]> consumer,
      ProgressStore store,
      Epochs epochs,
      OffsetMappingSink mappings,
      MirrorSettings settings) {
    this.flow = flow;
    this.consumer = consumer;
    this.store = store;
    this.epochs = epochs;
    this.mappings = mappings;
    this.settings = settings;
  }

  /**
   * Progress captured for partitions whose committable offset moved: each partition's mark, the
   * last mirrored offset below it, and the epoch it came from (a partition rewound, reset or
   * revoked since then is left out when the progress is written).
   */
  private record Captured(
      Map<TopicPartition, HighWater> marks,
      Map<TopicPartition, Long> lastBelow,
      Map<TopicPartition, PartitionProgress> epochs) {}

  /** A periodic progress write, waiting for its offset-index records to be acknowledged. */
  private record PendingProgress(ProgressGate gate, Captured captured) {}

  /** The partition resumes from its stored {@code next}: nothing to write until it moves. */
  void resumedAt(TopicPartition tp, long next) {
    persisted.put(tp, next);
  }

  /** The partition starts a new stretch: whatever was stored before says nothing about it. */
  void restarted(TopicPartition tp) {
    persisted.remove(tp);
  }

  /** The partition was given up. */
  void forget(TopicPartition tp) {
    persisted.remove(tp);
  }

  /**
   * Periodic: starts writing the progress of every owned partition whose committable offset moved.
   * The worker goes on polling and sending while the offset index acknowledges what the progress
   * relies on ({@link #settle()} stores it then); a round still waiting skips this one.
   */
  void persistAll() {
    if (pendingProgress != null) {
      return;
    }
    Captured captured = capture(epochs.partitions());
    if (captured != null) {
      pendingProgress = new PendingProgress(mappings.beginProgress(captured.marks()), captured);
      settle();
    }
  }

  /** Every step, without blocking: stores the pending progress once the index acknowledged it. */
  void settle() {
    PendingProgress pending = pendingProgress;
    if (pending == null) {
      return;
    }
    ProgressGate.State state = pending.gate().state();
    if (state != ProgressGate.State.PENDING) {
      pendingProgress = null;
      if (state == ProgressGate.State.ACKNOWLEDGED) {
        store(pending.captured(), false);
      }
    }
  }

  /**
   * Before partitions are handed over or the worker stops: writes their progress now, waiting for
   * the index. A periodic round still pending is dropped; its runs are still queued and go with
   * this write.
   */
  void persistNow(Collection<TopicPartition> partitions) {
    pendingProgress = null;
    Captured captured = capture(partitions);
    if (captured != null
        && mappings.beginProgress(captured.marks()).await() == ProgressGate.State.ACKNOWLEDGED) {
      store(captured, true);
    }
  }

  /** The progress of the partitions whose committable offset moved, or null when none did. */
  private Captured capture(Collection<TopicPartition> partitions) {
    Map<TopicPartition, HighWater> moved = new HashMap<>();
    Map<TopicPartition, Long> lastBelow = new HashMap<>();
    Map<TopicPartition, PartitionProgress> captured = new HashMap<>();
    for (TopicPartition tp : partitions) {
      PartitionProgress progress = epochs.get(tp);
      if (progress == null) {
        continue;
      }
      HighWater mark = progress.highWater();
      Long last = persisted.get(tp);
      if (mark.next() >= 0 && (last == null || last != mark.next())) {
        moved.put(tp, mark);
        lastBelow.put(tp, progress.lastSourceBelow(mark));
        captured.put(tp, progress);
      }
    }
    return moved.isEmpty() ? null : new Captured(moved, lastBelow, captured);
  }

  /**
   * Stores captured progress whose offset-index records were acknowledged (exact translation needs
   * them durable first), for the partitions still in the epoch it was captured in.
   */
  private void store(Captured captured, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    captured
        .marks()
        .forEach(
            (tp, mark) -> {
              if (epochs.get(tp) == captured.epochs().get(tp)) {
                // The mark just written for this same HighWater says the same lastSource.
                store.write(tp, mark.next(), captured.lastBelow().get(tp));
                persisted.put(tp, mark.next());
                commits.put(tp, new OffsetAndMetadata(mark.next()));
              }
            });
    commitToSourceGroup(commits, sync);
  }

  /**
   * Mirrors progress into the source group too, only so that standard lag tools work; kmirror never
   * reads it back (the target's copy is the truth), so a failed commit is just logged.
   */
  private void commitToSourceGroup(Map<TopicPartition, OffsetAndMetadata> commits, boolean sync) {
    if (commits.isEmpty()) {
      return;
    }
    if (!sync) {
      consumer.commitAsync(
          commits,
          (offsets, error) -> {
            if (error != null) {
              LOG.debug("flow={} event=source-group-commit-failed reason=\"{}\"", flow, error);
            }
          });
      return;
    }
    try {
      consumer.commitSync(commits, settings.closeTimeout());
    } catch (KafkaException e) {
      LOG.debug("flow={} event=source-group-commit-failed reason=\"{}\"", flow, e.toString());
    }
  }
}
