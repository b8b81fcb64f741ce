package io.kmirror.replicator.offsets;

import io.kmirror.replicator.offsets.index.ReverseTranslation;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumer group's position on one partition of a flow's remote copy (on the target), carried
 * back to the original partition (on the source): what failback commits for a group that consumed
 * the failed-over copy.
 *
 * @param group the consumer group
 * @param copy the remote partition on the target the group committed on ({@code A.orders}-p)
 * @param origin the source partition it copies ({@code orders}-p), where the group resumes
 * @param committed the group's committed offset on the copy
 * @param metadata the committed offset's metadata, carried over unchanged
 * @param translation the source offset to resume from, or why there is none exactly
 */
public record ReversePlan(
    String group,
    TopicPartition copy,
    TopicPartition origin,
    long committed,
    String metadata,
    ReverseTranslation translation) {}
