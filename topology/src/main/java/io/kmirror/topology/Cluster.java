package io.kmirror.topology;

import java.util.Objects;

/**
 * One cluster of the topology. {@code common} holds every Kafka client key written for the cluster
 * ({@code A.security.protocol}, ...) laid over the top-level ones ({@code security.protocol}),
 * without {@code bootstrap.servers}, which {@link #bootstrap()} carries; the role configs hold the
 * top-level {@code consumer.*}, {@code producer.*} and {@code admin.*} keys overlaid by {@code
 * A.consumer.*}, {@code A.producer.*} and {@code A.admin.*}, with the prefix stripped.
 */
public record Cluster(
    String name,
    Bootstrap bootstrap,
    ClientConfig common,
    ClientConfig consumer,
    ClientConfig producer,
    ClientConfig admin) {

  public Cluster {
    Rules.clusterAlias(Objects.requireNonNull(name, "name"));
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(common, "common");
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(admin, "admin");
  }

  public boolean embedded() {
    return bootstrap instanceof Bootstrap.Embedded;
  }
}
