package io.kmirror.replicator.mirror;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Monotonic counters of one flow in this process, cheap to update from any thread and read by the
 * metrics and status code. The hot path adds once per polled batch, never once per record.
 */
public final class FlowCounters {

  private final LongAdder recordsSent = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder recordsAcknowledged = new LongAdder();
  private final LongAdder recordsDroppedByProvenance = new LongAdder();
  private final LongAdder sendFailures = new LongAdder();
  private final LongAdder partitionsStopped = new LongAdder();
  private final LongAdder topicsCreated = new LongAdder();
  private final LongAdder topicsDeletedOnSource = new LongAdder();
  private final LongAdder topicRefusals = new LongAdder();
  private final LongAdder partitionsAdded = new LongAdder();
  private final LongAdder configSyncs = new LongAdder();
  private final AtomicLong topicsMirrored = new AtomicLong();

  public void sent(long records, long bytes) {
    recordsSent.add(records);
    bytesSent.add(bytes);
  }

  void acknowledged(long records) {
    recordsAcknowledged.add(records);
  }

  void droppedByProvenance(long records) {
    recordsDroppedByProvenance.add(records);
  }

  void sendFailed() {
    sendFailures.increment();
  }

  void partitionStopped() {
    partitionsStopped.increment();
  }

  public void topicCreated() {
    topicsCreated.increment();
  }

  public void topicDeletedOnSource() {
    topicsDeletedOnSource.increment();
  }

  public void topicRefused() {
    topicRefusals.increment();
  }

  public void partitionsAdded(long count) {
    partitionsAdded.add(count);
  }

  public void configSynced() {
    configSyncs.increment();
  }

  public void topicsMirrored(long count) {
    topicsMirrored.set(count);
  }

  public long recordsSent() {
    return recordsSent.sum();
  }

  public long bytesSent() {
    return bytesSent.sum();
  }

  public long recordsAcknowledged() {
    return recordsAcknowledged.sum();
  }

  public long recordsDroppedByProvenance() {
    return recordsDroppedByProvenance.sum();
  }

  public long sendFailures() {
    return sendFailures.sum();
  }

  public long partitionsStopped() {
    return partitionsStopped.sum();
  }

  public long topicsCreated() {
    return topicsCreated.sum();
  }

  public long topicsDeletedOnSource() {
    return topicsDeletedOnSource.sum();
  }

  public long topicRefusals() {
    return topicRefusals.sum();
  }

  public long partitionsAdded() {
    return partitionsAdded.sum();
  }

  public long configSyncs() {
    return configSyncs.sum();
  }

  public long topicsMirrored() {
    return topicsMirrored.get();
  }
}
