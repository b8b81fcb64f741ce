package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LifecycleIT {

  private static final Path TEMP = Paths.get(System.getProperty("java.io.tmpdir"));

  /** Unique to this JVM, so folders of other runs (or crashed ones) never count. */
  private static final String RUN = Long.toString(ProcessHandle.current().pid());

  @Test
  void startingAndClosingFiveTimesLeavesNoThreadsPortsOrFoldersBehind() throws Exception {
    // Given a JVM that has run one cluster already, so that Kafka's JVM-wide singletons
    // (metrics registries, JMX) exist before the baseline is taken
    startAndClose(3);
    Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
    long descriptorsBefore = openFileDescriptors();

    // When five clusters are started and closed one after the other
    List<Integer> ports = new ArrayList<>();
    List<Path> dataDirectories = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      try (EmbeddedKafkaCluster cluster = cluster("cycle-" + RUN + "-" + i, 3)) {
        cluster.start();
        ports.addAll(cluster.ports());
        dataDirectories.add(cluster.dataDirectory());
      }
    }

    // Then no thread they started is alive,
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInSameThread()
        .untilAsserted(() -> assertThat(threadsStartedSince(threadsBefore)).isEmpty());
    // every port they held can be bound again,
    // (the system may hand a port freed by one cycle to the next: not a leak)
    assertThat(ports).hasSize(5 * 4);
    for (int port : ports) {
      assertThat(canBind(port)).as("port %d is free", port).isTrue();
    }
    // their data directories are gone,
    assertThat(dataDirectories).allSatisfy(dir -> assertThat(dir).doesNotExist());
    assertThat(tempFoldersOf("cycle-" + RUN + "-")).isEmpty();
    // and they hold no files or sockets open (a little slack for the JVM's own lazy opens)
    assertThat(openFileDescriptors()).isLessThanOrEqualTo(descriptorsBefore + 5);
  }

  @Test
  void closeIsIdempotentAndAClosedClusterRefusesUse() {
    // Given a cluster that ran and was closed
    EmbeddedKafkaCluster cluster = cluster("closed", 1);
    cluster.start();
    cluster.close();

    // When it is closed again, nothing happens; when it is used, it says it is closed
    cluster.close();
    assertThatThrownBy(cluster::bootstrapServers)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cluster closed is closed");
    assertThatThrownBy(cluster::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cluster closed is closed");
    assertThatThrownBy(() -> cluster.killBroker(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cluster closed is closed");
  }

  @Test
  void aClusterThatFailsToStartSaysWhyAndLeavesNothingBehind() throws Exception {
    // Given a broker setting Kafka rejects
    EmbeddedKafkaCluster cluster =
        EmbeddedKafkaCluster.builder()
            .name("broken-" + RUN)
            .brokerConfig("num.io.threads", "not-a-number")
            .build();

    // When it starts, it fails naming the cluster and the cause, and cleans up
    assertThatThrownBy(cluster::start)
        .isInstanceOf(EmbeddedClusterException.class)
        .hasMessageStartingWith("cluster broken-" + RUN + " failed to start: ")
        .hasMessageContaining("num.io.threads");
    assertThat(tempFoldersOf("broken-" + RUN)).isEmpty();
    assertThatThrownBy(cluster::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cluster broken-" + RUN + " is closed");
    cluster.close();
  }

  private static void startAndClose(int brokers) {
    try (EmbeddedKafkaCluster cluster = cluster("warm-up", brokers)) {
      cluster.start();
    }
  }

  private static EmbeddedKafkaCluster cluster(String name, int brokers) {
    return EmbeddedKafkaCluster.builder().name(name).brokers(brokers).build();
  }

  private static List<String> threadsStartedSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
        .sorted()
        .toList();
  }

  private static boolean canBind(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(ClusterLayout.HOST, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Folders of clusters whose names start so; other builds may run clusters on this machine. */
  private static Set<Path> tempFoldersOf(String clusterNamePrefix) throws IOException {
    try (Stream<Path> entries = Files.list(TEMP)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("kmirror-" + clusterNamePrefix))
          .collect(Collectors.toSet());
    }
  }

  private static long openFileDescriptors() {
    return ((com.sun.management.UnixOperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean())
        .getOpenFileDescriptorCount();
  }
}
