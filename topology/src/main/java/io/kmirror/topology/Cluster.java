package io.kmirror.topology;

/**
 * One cluster of the topology. {@code common} holds every Kafka client key written for the cluster
 * ({@code A.security.protocol}, ...) and inherited from top level, without {@code
 * bootstrap.servers}, which {@link #bootstrap()} carries; the role configs hold only {@code
 * A.consumer.*}, {@code A.producer.*} and {@code A.admin.*} keys with the prefix stripped.
 */
public record Cluster(
    String name,
    Bootstrap bootstrap,
    ClientConfig common,
    ClientConfig consumer,
    ClientConfig producer,
    ClientConfig admin) {

  public boolean embedded() {
    return bootstrap instanceof Bootstrap.Embedded;
  }
}
