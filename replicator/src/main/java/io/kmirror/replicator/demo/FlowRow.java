package io.kmirror.replicator.demo;

import io.kmirror.topology.FlowId;
import java.util.OptionalDouble;

/**
 * One flow's line of the live table.
 *
 * @param topicsMirrored topics the flow's topic sync mirrors now
 * @param recordsCopied records the target acknowledged since the replicator started
 * @param lagRecords records on the source topics not yet on the target
 * @param p99Millis 99th percentile of end-to-end latency over the last seconds, empty before the
 *     first mirrored record arrives
 */
public record FlowRow(
    FlowId flow,
    long topicsMirrored,
    long recordsCopied,
    long lagRecords,
    OptionalDouble p99Millis) {}
