package io.kmirror.replicator.mirror;

import io.kmirror.replicator.metrics.FlowMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * A source record on its way to the target, and its own completion callback: one allocation per
 * record instead of two. Key, value, headers, partition and timestamp are the source's; the
 * timestamp is sent as the record's create time, so a source topic with {@code LogAppendTime} still
 * yields the source's timestamp on the target (Kafka has no way to send a record's timestamp type;
 * it is a topic setting).
 *
 * <p>Its completion feeds the latency histogram (acknowledgement time minus the record's timestamp)
 * and, for a heartbeat, the flow's newest heartbeat seen on the target.
 */
final class MirroredRecord extends ProducerRecord<byte[], byte[]> implements Callback {

  private final PartitionProgress progress;
  private final long sourceOffset;
  private final int bytes;
  private final FlowMetrics metrics;
  private final boolean heartbeat;
  private long previousSent = -1;

  /**
   * @param heartbeat whether the record is an MM2 heartbeat, whose timestamp is its origin time
   */
  MirroredRecord(
      PartitionProgress progress,
      ConsumerRecord<byte[], byte[]> source,
      FlowMetrics metrics,
      boolean heartbeat) {
    super(
        progress.targetTopic(),
        source.partition(),
        source.timestamp() < 0 ? null : source.timestamp(),
        source.key(),
        source.value(),
        source.headers());
    this.progress = progress;
    this.sourceOffset = source.offset();
    this.bytes = size(source);
    this.metrics = metrics;
    this.heartbeat = heartbeat;
  }

  /** Key, value and header bytes of the source record (before any provenance header). */
  private static int size(ConsumerRecord<byte[], byte[]> source) {
    int size = Math.max(0, source.serializedKeySize()) + Math.max(0, source.serializedValueSize());
    for (Header header : source.headers()) {
      size += header.key().length() + (header.value() == null ? 0 : header.value().length);
    }
    return size;
  }

  long sourceOffset() {
    return sourceOffset;
  }

  /** Worker thread, right before {@code send()}: counts the record as sent in its epoch. */
  void sending() {
    previousSent = progress.sending(sourceOffset);
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    Long timestamp = timestamp();
    if (exception == null && timestamp != null) {
      metrics.latency(System.currentTimeMillis(), timestamp);
      if (heartbeat) {
        metrics.heartbeat(timestamp);
      }
    }
    progress.completed(
        sourceOffset, previousSent, metadata == null ? -1 : metadata.offset(), bytes, exception);
  }
}
