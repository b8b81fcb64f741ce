package io.kmirror.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates the source topic and produces to it: the backlog as fast as it goes, then a paced run.
 */
final class SourceTraffic {

  private SourceTraffic() {}

  /**
   * Creates the topic and returns once {@code listOffsets} succeeds on every partition: an
   * idempotent producer on partitions without an elected leader can wedge on
   * OUT_OF_ORDER_SEQUENCE_NUMBER.
   */
  static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      IntStream.range(0, partitions)
          .forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try {
          admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
      }
    }
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMs) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, lingerMs == 0 ? "16384" : "524288");
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, "67108864");
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Produces ids {@code 0..count-1} as fast as the broker takes them; returns once all are acked.
   */
  static void backlog(String bootstrap, BenchRecords records, long count) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 20)) {
      for (long id = 0; id < count && failure.get() == null; id++) {
        producer.send(
            records.record(id, 0L),
            (m, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("backlog produce failed", failure.get());
    }
  }

  /**
   * Sends ids {@code firstId..firstId+count-1} at {@code rate} records/s, each stamped with its
   * send time, from a 1 ms timer that catches up on what the schedule owes; completes when all are
   * acked.
   */
  static CompletableFuture<Void> paced(
      KafkaProducer<byte[], byte[]> producer,
      BenchRecords records,
      long firstId,
      long count,
      int rate) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    long[] next = {firstId};
    long end = firstId + count;
    timer.scheduleAtFixedRate(
        () -> {
          try {
            long owed = firstId + (System.nanoTime() - start) * rate / 1_000_000_000L;
            for (; next[0] < Math.min(owed, end); next[0]++) {
              producer.send(records.record(next[0], System.nanoTime()));
            }
            if (next[0] >= end) {
              producer.flush();
              done.complete(null);
              timer.shutdown();
            }
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
            timer.shutdown();
          }
        },
        0,
        1,
        TimeUnit.MILLISECONDS);
    return done;
  }
}
