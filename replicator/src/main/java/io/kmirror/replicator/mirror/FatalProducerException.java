package io.kmirror.replicator.mirror;

import io.kmirror.topology.FlowId;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A worker's producer can no longer send (fenced, out of sequence, closed, not authenticated): the
 * worker ends with this error, and the flow tears its workers down and starts them again with
 * capped backoff, with new clients, resuming every partition from its stored progress (records in
 * flight are sent again: duplicates, never a gap).
 */
public final class FatalProducerException extends KafkaException {

  FatalProducerException(FlowId flow, TopicPartition tp, PartitionProgress.Failure reason) {
    super(
        "flow="
            + flow
            + " topic="
            + tp.topic()
            + " partition="
            + tp.partition()
            + " offset="
            + reason.offset()
            + " event=producer-fatal reason=\""
            + reason.cause()
            + "\" action=\"rebuilding the flow's mirroring clients, resuming from stored"
            + " progress\"",
        reason.cause());
  }
}
