package io.kmirror.topology;

/**
 * Client settings for one flow, resolved once in MM2's order (flow, then cluster, then top level)
 * and without {@code bootstrap.servers}, which the replicator adds from the cluster's {@link
 * Bootstrap} (an embedded cluster's address is known only after it starts).
 *
 * @param sourceConsumer reads records and group offsets on the source
 * @param sourceAdmin lists topics, configs and groups on the source
 * @param targetProducer writes records, heartbeats and checkpoints on the target
 * @param targetAdmin creates and alters topics and group offsets on the target
 * @param targetConsumer reads back kmirror's own state on the target
 */
public record FlowClients(
    ClientConfig sourceConsumer,
    ClientConfig sourceAdmin,
    ClientConfig targetProducer,
    ClientConfig targetAdmin,
    ClientConfig targetConsumer) {}
