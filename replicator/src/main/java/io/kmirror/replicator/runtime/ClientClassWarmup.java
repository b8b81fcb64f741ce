package io.kmirror.replicator.runtime;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Loads and initializes Kafka's client classes on a background thread while the main thread is
 * still parsing the command line, the topology and starting Vert.x.
 *
 * <p>Why: launch to first mirrored record is what every restart costs in lag, and about a third of
 * it was the main thread loading Kafka's protocol schemas (every request and response message), its
 * config definitions and the platform MBean server, one class at a time, on a machine whose other
 * core sat idle. Class initialization is thread-safe, so whichever thread gets to a class first
 * does the work and the other waits for it; nothing here changes what the clients do. A failure to
 * load is ignored: the client that needs the class will report it properly.
 */
public final class ClientClassWarmup {

  /** Entry points whose static initialization pulls in most of what a client's start needs. */
  private static final List<String> CLASSES =
      List.of(
          "org.apache.kafka.common.protocol.ApiKeys",
          "org.apache.kafka.clients.admin.AdminClientConfig",
          "org.apache.kafka.clients.consumer.ConsumerConfig",
          "org.apache.kafka.clients.producer.ProducerConfig",
          "org.apache.kafka.clients.admin.KafkaAdminClient",
          "org.apache.kafka.clients.consumer.KafkaConsumer",
          "org.apache.kafka.clients.consumer.internals.ClassicKafkaConsumer",
          "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
          "org.apache.kafka.clients.consumer.internals.Fetcher",
          "org.apache.kafka.clients.producer.KafkaProducer",
          "org.apache.kafka.clients.producer.internals.Sender",
          "org.apache.kafka.clients.producer.internals.RecordAccumulator",
          "org.apache.kafka.clients.NetworkClient",
          "org.apache.kafka.common.network.Selector",
          "org.apache.kafka.common.record.internal.MemoryRecordsBuilder",
          "org.apache.kafka.common.record.internal.DefaultRecordBatch",
          "org.apache.kafka.common.telemetry.internals.ClientTelemetryReporter");

  private ClientClassWarmup() {}

  /** Starts the warm-up on a daemon thread; returns at once. */
  public static void start() {
    Thread thread = new Thread(ClientClassWarmup::warm, "kmirror-class-warmup");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  private static void warm() {
    ClassLoader loader = ClientClassWarmup.class.getClassLoader();
    for (String name : CLASSES) {
      try {
        Class.forName(name, true, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // A renamed class in a newer Kafka only costs the time it would have saved.
      }
    }
    // Every Kafka client registers its metrics there; creating it takes a noticeable while.
    ManagementFactory.getPlatformMBeanServer();
  }
}
