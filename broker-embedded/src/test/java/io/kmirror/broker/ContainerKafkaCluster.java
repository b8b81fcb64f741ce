package io.kmirror.broker;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One Kafka broker (combined with its controller) in the official {@code apache/kafka} image, at
 * the same version as the kafka-clients on the class path, through Testcontainers.
 *
 * <p>It gets the same default broker settings as {@link EmbeddedKafkaCluster} so tests behave alike
 * on both; broker settings reach the image as {@code KAFKA_*} environment variables. It cannot have
 * more than one broker or a SCRAM listener: {@link #whyUnsupported} says so before a test starts,
 * and {@link KafkaClusterExtension} skips such tests in container mode.
 */
public final class ContainerKafkaCluster implements KafkaCluster {

  public static final String IMAGE = "apache/kafka:" + AppInfoParser.getVersion();

  private static final Logger LOG = LoggerFactory.getLogger(ContainerKafkaCluster.class);
  private static volatile Boolean dockerAvailable;

  private final String name;
  private final Map<String, String> brokerConfig;
  private KafkaContainer container;
  private boolean closed;

  public ContainerKafkaCluster(String name, Map<String, String> brokerConfig) {
    ClusterLayout.rejectManagedKeys(brokerConfig);
    this.name = name;
    this.brokerConfig = Map.copyOf(brokerConfig);
  }

  /** Why a cluster of this shape cannot run in a container here, or empty if it can. */
  public static Optional<String> whyUnsupported(int brokers, boolean scram) {
    if (brokers != 1) {
      return Optional.of("it asks for " + brokers + " brokers; the container cluster has one");
    }
    if (scram) {
      return Optional.of("it asks for a SCRAM listener; the container cluster is PLAINTEXT only");
    }
    if (!isDockerAvailable()) {
      return Optional.of(
          "no Docker engine is reachable (Testcontainers found no working Docker environment;"
              + " start one or set DOCKER_HOST)");
    }
    return Optional.empty();
  }

  static boolean isDockerAvailable() {
    if (dockerAvailable == null) {
      dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
    }
    return dockerAvailable;
  }

  /**
   * The image's environment variable for a broker setting: the image maps {@code _} to {@code .},
   * {@code __} to {@code _} and {@code ___} to {@code -}, so this is the inverse.
   */
  static String environmentVariable(String key) {
    StringBuilder env = new StringBuilder("KAFKA_");
    for (char c : key.toCharArray()) {
      switch (c) {
        case '.' -> env.append('_');
        case '_' -> env.append("__");
        case '-' -> env.append("___");
        default -> env.append(c);
      }
    }
    return env.toString().toUpperCase(Locale.ROOT);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void start() {
    if (container != null || closed) {
      throw new IllegalStateException("cluster " + name + " was already started");
    }
    Map<String, String> config = new LinkedHashMap<>(ClusterLayout.defaults(1));
    config.putAll(brokerConfig);
    container = new KafkaContainer(DockerImageName.parse(IMAGE));
    config.forEach((key, value) -> container.withEnv(environmentVariable(key), value));
    container.start();
    LOG.info("cluster {} ready at {} (container {})", name, bootstrapServers(), IMAGE);
  }

  @Override
  public synchronized String bootstrapServers() {
    if (container == null || closed) {
      throw new IllegalStateException("cluster " + name + " is not running");
    }
    return container.getBootstrapServers();
  }

  @Override
  public Map<String, Object> clientProperties() {
    return Map.of("bootstrap.servers", bootstrapServers());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (container != null) {
      container.stop();
    }
  }

  @Override
  public String toString() {
    return "ContainerKafkaCluster[" + name + ", " + IMAGE + "]";
  }
}
