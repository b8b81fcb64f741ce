package io.kmirror.replicator.mirror;

import org.apache.kafka.common.TopicPartition;

/**
 * Receives (source offset, target offset) pairs of acknowledged records, once per partition each
 * time the distance between the two changes; the basis of exact offset translation.
 *
 * <p>Called on the producer's I/O thread, in offset order per partition: an implementation must be
 * thread-safe and must not block.
 */
@FunctionalInterface
public interface OffsetMappingSink {

  OffsetMappingSink NONE = (source, sourceOffset, targetOffset) -> {};

  void mapped(TopicPartition source, long sourceOffset, long targetOffset);
}
