package io.kmirror.replicator.mirror;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The target acknowledged a record at an offset below one it had acknowledged before on the same
 * remote partition: the remote topic was deleted and created again (or emptied) under kmirror, so
 * records whose progress was stored are gone from the target.
 */
final class TargetLogResetException extends KafkaException {

  TargetLogResetException(
      TopicPartition source, String targetTopic, long targetOffset, long before) {
    super(
        "target "
            + targetTopic
            + " partition "
            + source.partition()
            + " acknowledged offset "
            + targetOffset
            + " after offset "
            + before
            + ": the remote topic was deleted or emptied under kmirror");
  }
}
