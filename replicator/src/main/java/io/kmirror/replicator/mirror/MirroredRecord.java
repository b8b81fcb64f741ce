package io.kmirror.replicator.mirror;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A source record on its way to the target, and its own completion callback: one allocation per
 * record instead of two. Key, value, headers, partition and timestamp are the source's; the
 * timestamp is sent as the record's create time, so a source topic with {@code LogAppendTime} still
 * yields the source's timestamp on the target (Kafka has no way to send a record's timestamp type;
 * it is a topic setting).
 */
final class MirroredRecord extends ProducerRecord<byte[], byte[]> implements Callback {

  private final PartitionProgress progress;
  private final long sourceOffset;
  private long previousSent = -1;

  MirroredRecord(PartitionProgress progress, ConsumerRecord<byte[], byte[]> source) {
    super(
        progress.targetTopic(),
        source.partition(),
        source.timestamp() < 0 ? null : source.timestamp(),
        source.key(),
        source.value(),
        source.headers());
    this.progress = progress;
    this.sourceOffset = source.offset();
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
    progress.completed(
        sourceOffset, previousSent, metadata == null ? -1 : metadata.offset(), exception);
  }
}
