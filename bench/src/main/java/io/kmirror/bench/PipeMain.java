package io.kmirror.bench;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The practical ceiling: one consumer, one producer, one thread, nothing else. Reads the same
 * MM2-format file as the replicators ({@code A.bootstrap.servers}, {@code B.bootstrap.servers},
 * {@code A->B.topics} as literal names), creates {@code A.<topic>} on B with the source's partition
 * count, then copies key, value, headers, timestamp and partition with the same client tuning as
 * kmirror's defaults. No progress is stored: it has no guarantees to keep.
 */
public final class PipeMain {

  private PipeMain() {}

  public static void main(String[] args) throws Exception {
    Properties file = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      file.load(r);
    }
    String source = file.getProperty("A.bootstrap.servers");
    String target = file.getProperty("B.bootstrap.servers");
    List<String> topics = new ArrayList<>();
    for (String t : file.getProperty("A->B.topics").split(",")) {
      topics.add(t.trim());
    }
    List<TopicPartition> partitions = createRemoteTopics(source, target, topics);
    run(source, target, partitions);
  }

  private static List<TopicPartition> createRemoteTopics(
      String source, String target, List<String> topics) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    List<NewTopic> remote = new ArrayList<>();
    try (Admin a = Admin.create(Map.of("bootstrap.servers", source));
        Admin b = Admin.create(Map.of("bootstrap.servers", target))) {
      for (TopicDescription d : a.describeTopics(topics).allTopicNames().get().values()) {
        d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
        remote.add(new NewTopic("A." + d.name(), d.partitions().size(), (short) -1));
      }
      b.createTopics(remote).all().get();
    }
    return partitions;
  }

  private static void run(String source, String target, List<TopicPartition> partitions) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, source);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1048576");
    c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "16777216");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "4000");
    c.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, "1048576");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "524288");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, "67108864");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.put(ProducerConfig.SEND_BUFFER_CONFIG, "1048576");
    CountDownLatch stopped = new CountDownLatch(1);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  consumer.wakeup();
                  try {
                    stopped.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (true) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          producer.send(
              new ProducerRecord<>(
                  "A." + r.topic(), r.partition(), r.timestamp(), r.key(), r.value(), r.headers()));
        }
      }
    } catch (WakeupException e) {
      System.out.println("pipe stopped");
    } finally {
      consumer.close();
      stopped.countDown();
    }
  }
}
