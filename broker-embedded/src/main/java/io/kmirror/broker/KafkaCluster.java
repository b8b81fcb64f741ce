package io.kmirror.broker;

import java.util.Map;

/**
 * A Kafka cluster that tests and the command line can start, reach and close, whatever runs it.
 *
 * <p>Implementations: {@link EmbeddedKafkaCluster} (brokers in this JVM) and, in this module's
 * test-jar, a Testcontainers one. Callers depend on this interface only, so the same integration
 * test runs on either. {@link #clientProperties()} is the whole contract for reaching the cluster:
 * bootstrap servers plus any security settings, ready for an admin client, producer or consumer.
 *
 * <p>{@link #close()} is idempotent and stops everything {@link #start()} started.
 */
public interface KafkaCluster extends AutoCloseable {

  /** The name the cluster was given; it appears in logs. */
  String name();

  /** Starts the cluster and returns once clients can use it. */
  void start();

  /** Comma-separated {@code host:port} list; stable for the cluster's life. */
  String bootstrapServers();

  /**
   * What a Kafka client needs to reach this cluster: {@code bootstrap.servers} and, where the
   * cluster requires it, security settings. Immutable; copy it to add client settings.
   */
  Map<String, Object> clientProperties();

  /** Stops the cluster and frees what it used. Safe to call more than once. */
  @Override
  void close();
}
