package io.kmirror.topology;

import java.util.Objects;

/**
 * Client settings for one flow, resolved once in MM2's order (flow, then cluster, then top level)
 * and without {@code bootstrap.servers}, which the replicator adds from the cluster's {@link
 * Bootstrap} (an embedded cluster's address is known only after it starts). Each config is the
 * cluster's common keys, then its role keys, then the flow's role keys, later layers winning:
 *
 * @param sourceConsumer reads records and group offsets on the source: A common, {@code
 *     A.consumer.*}, {@code A->B.consumer.*}
 * @param sourceAdmin lists topics, configs and groups on the source: A common, {@code A.admin.*},
 *     {@code A->B.admin.*}, {@code A->B.source.admin.*}
 * @param sourceProducer writes heartbeats on the source: A common, {@code A.producer.*} ({@code
 *     A->B.producer.*} is the target producer's)
 * @param targetProducer writes records, heartbeats and checkpoints on the target: B common, {@code
 *     B.producer.*}, {@code A->B.producer.*}
 * @param targetAdmin creates and alters topics and group offsets on the target: B common, {@code
 *     B.admin.*}, {@code A->B.admin.*}, {@code A->B.target.admin.*}
 * @param targetConsumer reads back kmirror's own state on the target: B common, {@code
 *     B.consumer.*}
 */
public record FlowClients(
    ClientConfig sourceConsumer,
    ClientConfig sourceAdmin,
    ClientConfig sourceProducer,
    ClientConfig targetProducer,
    ClientConfig targetAdmin,
    ClientConfig targetConsumer) {

  public FlowClients {
    Objects.requireNonNull(sourceConsumer, "sourceConsumer");
    Objects.requireNonNull(sourceAdmin, "sourceAdmin");
    Objects.requireNonNull(sourceProducer, "sourceProducer");
    Objects.requireNonNull(targetProducer, "targetProducer");
    Objects.requireNonNull(targetAdmin, "targetAdmin");
    Objects.requireNonNull(targetConsumer, "targetConsumer");
  }
}
