package io.kmirror.replicator.mirror;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The target acknowledged a record before the record sent just before it to the same partition, so
 * the target may hold a gap: the partition is treated as failed at the earlier record and re-sent
 * from the last record acknowledged in order.
 */
public final class OutOfOrderAcknowledgementException extends KafkaException {

  public OutOfOrderAcknowledgementException(
      TopicPartition source, long acknowledged, long notYetAcknowledged) {
    super(
        "the target acknowledged the copy of "
            + source
            + " offset "
            + acknowledged
            + " before the copy of offset "
            + notYetAcknowledged
            + " sent just before it, so the target may hold a gap (KAFKA-15591);"
            + " re-sending from the last offset acknowledged in order");
  }
}
