package io.kmirror.replicator.testing;

import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.replicator.mirror.ProgressKey;
import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;

/** Producing, reading and topic set-up for integration tests, with string keys and values. */
public final class Records {

  private static final Comparator<ConsumerRecord<String, String>> BY_PARTITION_AND_OFFSET =
      Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition)
          .thenComparingLong(ConsumerRecord::offset);

  /**
   * Per-flow bookkeeping on a cluster, by exact shape: kmirror's {@code kmirror-offsets.A.internal}
   * and {@code kmirror-offset-index.A.internal}, MM2's {@code A.checkpoints.internal} and {@code
   * mm2-offset-syncs.B.internal}.
   */
  private static final Pattern BOOKKEEPING =
      Pattern.compile(
          "kmirror-[a-z-]+\\.[^.]+\\.internal|[^.]+\\.checkpoints\\.internal"
              + "|mm2-offset-syncs\\.[^.]+\\.internal");

  /** How stale a test reader's view of a topic's partitions may get. */
  private static final int READER_METADATA_AGE_MILLIS = 500;

  private static final Pattern HEARTBEATS = Pattern.compile("([^.]+\\.)*heartbeats");

  private Records() {}

  public static KafkaProducer<String, String> producer(KafkaCluster cluster) {
    Map<String, Object> config = new HashMap<>(cluster.clientProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 262144);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return new KafkaProducer<>(config);
  }

  public static void createTopic(
      Admin admin, String topic, int partitions, Map<String, String> configs)
      throws InterruptedException, ExecutionException, TimeoutException {
    createTopic(admin, topic, partitions, 1, configs);
  }

  public static void createTopic(
      Admin admin, String topic, int partitions, int replicationFactor, Map<String, String> configs)
      throws InterruptedException, ExecutionException, TimeoutException {
    NewTopic newTopic = new NewTopic(topic, partitions, (short) replicationFactor).configs(configs);
    admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
    awaitLeaders(admin, topic, partitions);
  }

  /** The ID of {@code topic}; fails when the cluster does not answer. */
  public static String topicId(Admin admin, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(topic)
        .topicId()
        .toString();
  }

  /** The offsets {@code group} has committed, by partition. */
  public static Map<TopicPartition, Long> committed(Admin admin, String group)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, om) -> offsets.put(tp, om.offset()));
    return offsets;
  }

  /** Commits {@code offsets} for {@code group}, as a consumer of that group would. */
  public static void commit(Admin admin, String group, Map<TopicPartition, Long> offsets)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
    admin.alterConsumerGroupOffsets(group, commits).all().get(30, TimeUnit.SECONDS);
  }

  /**
   * Returns once every partition answers a ListOffsets, which only its leader does: an idempotent
   * producer that meets a partition its broker is still creating can have its first batch refused
   * and the next one appended, and then retries the first until it expires (KAFKA-15591), two
   * minutes in which a test waits for nothing.
   */
  public static void awaitLeaders(Admin admin, String topic, int partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
              return true;
            });
  }

  /**
   * A base for explicit record timestamps: an hour ago, so they differ from the producer's clock
   * yet stay inside a topic's default 7-day retention. Older ones (a date in 2023, say) are deleted
   * by the broker's retention check, which runs 30 s after a broker starts and every 5 minutes
   * after that, so records would vanish from both ends in the middle of a test.
   */
  public static long explicitTimestampBase() {
    return System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
  }

  /**
   * Produces records {@code from .. from+count-1} on {@code topic}: partition {@code i %
   * partitions}, key {@code k<i>} (null for every seventh), value {@code <origin>/<topic>/<i>}, an
   * explicit timestamp, and headers of every shape (a repeated name, a null value). Returns once
   * all are acknowledged.
   */
  public static void produceSample(
      KafkaCluster cluster, String origin, String topic, int partitions, int from, int count)
      throws InterruptedException, ExecutionException, TimeoutException {
    long t0 = explicitTimestampBase();
    try (KafkaProducer<String, String> producer = producer(cluster)) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (int i = from; i < from + count; i++) {
        List<Header> headers =
            List.of(
                new RecordHeader("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("seq", "again".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("empty", null));
        String key = i % 7 == 0 ? null : "k" + i;
        String value = origin + "/" + topic + "/" + i;
        acks.add(
            producer.send(
                new ProducerRecord<>(topic, i % partitions, t0 + i * 1000L, key, value, headers)));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Reads every partition of {@code topic} from the beginning until {@code expected} records have
   * arrived (failing after {@code timeout}), then for one more short while, so extra records would
   * show. Records come grouped by partition, each partition in offset order.
   */
  public static List<ConsumerRecord<String, String>> readExactly(
      KafkaCluster cluster, String topic, int expected, Duration timeout) {
    return readExactly(consumer(cluster), cluster, topic, expected, timeout);
  }

  /** As {@link #readExactly(KafkaCluster, String, int, Duration)}, with {@code read_committed}. */
  public static List<ConsumerRecord<String, String>> readCommitted(
      KafkaCluster cluster, String topic, int expected, Duration timeout) {
    return readExactly(committedConsumer(cluster), cluster, topic, expected, timeout);
  }

  private static List<ConsumerRecord<String, String>> readExactly(
      KafkaConsumer<String, String> reader,
      KafkaCluster cluster,
      String topic,
      int expected,
      Duration timeout) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = reader) {
      await()
          .atMost(timeout)
          .pollInSameThread()
          .until(() -> !consumer.partitionsFor(topic, Duration.ofSeconds(5)).isEmpty());
      List<TopicPartition> partitions = new ArrayList<>();
      followNewPartitions(consumer, topic, partitions);
      try {
        await()
            .atMost(timeout)
            .pollInSameThread()
            .pollInterval(Duration.ofMillis(10))
            .until(
                () -> {
                  // A remote topic can grow while we wait (a second aggregating flow, a source
                  // that added partitions): read those partitions too, from their start.
                  followNewPartitions(consumer, topic, partitions);
                  consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                  return records.size() >= expected;
                });
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            String.format(
                Locale.ROOT,
                "%s on cluster %s: read %d of %d records within %s; end offsets %s",
                topic,
                cluster.name(),
                records.size(),
                expected,
                timeout,
                consumer.endOffsets(partitions)),
            e);
      }
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    records.sort(BY_PARTITION_AND_OFFSET);
    return records;
  }

  /** Everything in the topic now, up to its end offsets, grouped by partition in offset order. */
  /**
   * The next source offset kmirror last stored on {@code target} for a source partition of {@code
   * flow}, or -1 when none is stored.
   */
  public static long storedProgress(KafkaCluster target, FlowId flow, TopicPartition tp) {
    String key = new String(ProgressKey.key(flow, tp), StandardCharsets.UTF_8);
    long value = -1;
    for (ConsumerRecord<String, String> r :
        readAll(target, "kmirror-offsets." + flow.source() + ".internal")) {
      if (key.equals(r.key())) {
        value =
            ProgressKey.parseValue(
                    r.value() == null ? null : r.value().getBytes(StandardCharsets.UTF_8))
                .map(ProgressKey.Stored::nextOffset)
                .orElse(-1L);
      }
    }
    return value;
  }

  /** Adds the partitions of {@code topic} not yet in {@code assigned}, read from their start. */
  private static void followNewPartitions(
      KafkaConsumer<String, String> consumer, String topic, List<TopicPartition> assigned) {
    List<TopicPartition> added = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(5))) {
      TopicPartition tp = new TopicPartition(topic, p.partition());
      if (!assigned.contains(tp)) {
        added.add(tp);
      }
    }
    if (!added.isEmpty()) {
      assigned.addAll(added);
      consumer.assign(assigned);
      consumer.seekToBeginning(added);
    }
  }

  public static List<ConsumerRecord<String, String>> readAll(KafkaCluster cluster, String topic) {
    return readAll(cluster, topic, false);
  }

  /**
   * As {@link #readAll(KafkaCluster, String)}; {@code committed}: with {@code read_committed}, up
   * to the last stable offset.
   */
  public static List<ConsumerRecord<String, String>> readAll(
      KafkaCluster cluster, String topic, boolean committed) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        committed ? committedConsumer(cluster) : consumer(cluster)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(10))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    records.sort(BY_PARTITION_AND_OFFSET);
    return records;
  }

  /** The partitions of {@code topic} as the cluster describes them: leader, replicas, ISR. */
  public static List<TopicPartitionInfo> partitions(KafkaCluster cluster, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(cluster.clientProperties())) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .get(topic)
          .partitions();
    }
  }

  /** The sum of the end offsets of every partition of {@code topic}. */
  public static long endOffsetTotal(KafkaCluster cluster, String topic) {
    try (KafkaConsumer<String, String> consumer = consumer(cluster)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Every user topic of the cluster, each with the sum of its end offsets: what a test expects to
   * find, and nothing else. Left out are Kafka's own topics, the bookkeeping topics kmirror and MM2
   * keep per flow on a cluster (progress, offset index, checkpoints, offset syncs: only their own
   * names, so a copy of one under a prefix still shows) and heartbeat topics, which grow for as
   * long as flows run ({@link #heartbeatTopics}).
   */
  public static Map<String, Long> topicCounts(KafkaCluster cluster)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(cluster.clientProperties())) {
      Set<String> topics = new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
      topics.removeIf(t -> BOOKKEEPING.matcher(t).matches() || HEARTBEATS.matcher(t).matches());
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicDescription d :
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
        d.partitions()
            .forEach(
                p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
      }
      Map<String, Long> counts = new TreeMap<>();
      topics.forEach(t -> counts.put(t, 0L));
      admin
          .listOffsets(latest)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> counts.merge(tp.topic(), info.offset(), Long::sum));
      return counts;
    }
  }

  /**
   * The heartbeat topics of the cluster: {@code heartbeats} and its copies, {@code A.heartbeats}.
   */
  public static Set<String> heartbeatTopics(KafkaCluster cluster)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(cluster.clientProperties())) {
      Set<String> topics = new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
      topics.removeIf(t -> !HEARTBEATS.matcher(t).matches());
      return topics;
    }
  }

  /**
   * Reads without a group, and never asks the broker to auto-create a topic it looks up: a reader
   * waiting for a remote topic must not create it with broker defaults before kmirror does.
   */
  /** As {@link #consumer}, reading only committed transactions ({@code read_committed}). */
  public static KafkaConsumer<String, String> committedConsumer(KafkaCluster cluster) {
    return consumer(cluster, "read_committed");
  }

  public static KafkaConsumer<String, String> consumer(KafkaCluster cluster) {
    return consumer(cluster, "read_uncommitted");
  }

  private static KafkaConsumer<String, String> consumer(KafkaCluster cluster, String isolation) {
    Map<String, Object> config = new HashMap<>(cluster.clientProperties());
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    // partitionsFor answers from the metadata cache once a topic is assigned, and the cache is
    // refreshed only every metadata.max.age.ms (5 min by default): without this, a reader that
    // started while a remote topic had two partitions never sees the third an aggregating flow
    // adds.
    config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, READER_METADATA_AGE_MILLIS);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    return new KafkaConsumer<>(config);
  }
}
