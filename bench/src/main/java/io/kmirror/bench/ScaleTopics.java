package io.kmirror.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The scale scenario's source side: many topics created in batches, each partition given the same
 * few records. Topics are created {@value #BATCH} per CreateTopics call and the records produced
 * only once {@code listOffsets} answers for every partition (an idempotent producer on a partition
 * without a leader can wedge on OUT_OF_ORDER_SEQUENCE_NUMBER).
 */
final class ScaleTopics {

  static final int BATCH = 200;
  static final int VALUE_BYTES = 100;
  private static final int SENDERS = 32;

  private ScaleTopics() {}

  /** {@code prefix-00000} to {@code prefix-(count-1)}. */
  static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(String.format(Locale.ROOT, "%s-%05d", prefix, i));
    }
    return List.copyOf(names);
  }

  static List<TopicPartition> partitions(List<String> topics, int partitions) {
    List<TopicPartition> all = new ArrayList<>(topics.size() * partitions);
    for (String t : topics) {
      for (int p = 0; p < partitions; p++) {
        all.add(new TopicPartition(t, p));
      }
    }
    return all;
  }

  /** Creates the topics and returns once every partition has a leader. */
  static void create(Admin admin, List<String> topics, int partitions) throws Exception {
    for (int from = 0; from < topics.size(); from += BATCH) {
      List<NewTopic> batch =
          topics.subList(from, Math.min(topics.size(), from + BATCH)).stream()
              .map(t -> new NewTopic(t, partitions, (short) 1))
              .toList();
      admin.createTopics(batch).all().get(2, TimeUnit.MINUTES);
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions(topics, partitions).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      try {
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /**
   * Small batches: a producer allocates a whole {@code batch.size} buffer for every partition it
   * has a record for, so 512 KiB batches over 8,000 partitions would wait on {@code buffer.memory}.
   */
  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-scale-producer");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, "4096");
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, "134217728");
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Writes {@code perPartition} records to every partition; returns once all are acknowledged.
   * Topics are sent from {@value #SENDERS} threads: a producer's first send to a topic waits for
   * that topic's metadata, so one thread would wait one round trip per topic.
   */
  static void fill(String bootstrap, List<String> topics, int partitions, int perPartition)
      throws InterruptedException {
    AtomicReference<Exception> failure = new AtomicReference<>();
    byte[] value = new byte[VALUE_BYTES];
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (String topic : topics) {
        senders.execute(() -> send(producer, topic, partitions, perPartition, value, failure));
      }
      senders.shutdown();
      if (!senders.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("scale records not sent within 10 minutes");
      }
      producer.flush();
    } finally {
      senders.shutdownNow();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("scale records produce failed", failure.get());
    }
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      int partitions,
      int perPartition,
      byte[] value,
      AtomicReference<Exception> failure) {
    for (int i = 0; i < perPartition && failure.get() == null; i++) {
      for (int p = 0; p < partitions; p++) {
        byte[] key = String.format(Locale.ROOT, "%s/%d/%d", topic, p, i).getBytes();
        producer.send(
            new ProducerRecord<>(topic, p, key, value),
            (m, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
    }
  }
}
