package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A smaller version of the scale benchmark ({@code bench --scenario scale}): 100 topics of 4 to 8
 * partitions (600 in all) with records before the replicator starts, one in-process replicator, and
 * every remote topic must exist with its partition count and every partition must end at exactly
 * the source's end offset. The target is read with batched ListOffsets, as the benchmark does, not
 * with a consumer per topic.
 */
@ExtendWith(KafkaClusterExtension.class)
class ScaleIT {

  private static final int TOPICS = 100;
  private static final Duration WAIT = Duration.ofSeconds(75);

  @AutoClose private ClusterPair clusters;
  @AutoClose private Replicators replicator;

  @Test
  void hundredTopicsOfFourToEightPartitionsAreMirroredExactly(
      KafkaCluster first, KafkaCluster second) throws Exception {
    clusters = ClusterPair.open(first, second);
    Map<String, Integer> topics = new HashMap<>();
    for (int i = 0; i < TOPICS; i++) {
      topics.put(String.format(Locale.ROOT, "many-%03d", i), 4 + i % 5);
    }
    create(clusters.adminA(), topics);
    Map<TopicPartition, Long> sourceEnds = produce(first, topics);
    assertThat(sourceEnds).hasSize(600);

    Flow flow = TestFlows.flow("A", "B").topics("many-.*").refresh(Duration.ofSeconds(2)).build();
    replicator = Replicators.start(TestFlows.topology(flow), clusters);

    Map<TopicPartition, Long> expected = new HashMap<>();
    sourceEnds.forEach(
        (tp, end) -> expected.put(new TopicPartition("A." + tp.topic(), tp.partition()), end));
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(ends(clusters.adminB(), expected)).isEqualTo(expected));
    Map<String, Integer> remotePartitions = new HashMap<>();
    clusters
        .adminB()
        .describeTopics(expected.keySet().stream().map(TopicPartition::topic).distinct().toList())
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .forEach((name, d) -> remotePartitions.put(name.substring(2), d.partitions().size()));
    assertThat(remotePartitions).isEqualTo(topics);
  }

  private static void create(Admin admin, Map<String, Integer> topics) throws Exception {
    List<NewTopic> all = new ArrayList<>();
    topics.forEach((name, partitions) -> all.add(new NewTopic(name, partitions, (short) 1)));
    admin.createTopics(all).all().get(60, TimeUnit.SECONDS);
    Map<TopicPartition, Long> none = new HashMap<>();
    topics.forEach(
        (name, partitions) -> {
          for (int p = 0; p < partitions; p++) {
            none.put(new TopicPartition(name, p), 0L);
          }
        });
    // Leaders first: an idempotent producer on a leaderless partition can wedge.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(ends(admin, none)).isEqualTo(none));
  }

  /** 2 to 4 records per partition, by topic; returns the source's end offsets. */
  private Map<TopicPartition, Long> produce(KafkaCluster cluster, Map<String, Integer> topics)
      throws Exception {
    Map<String, Object> config = new HashMap<>(cluster.clientProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Small batches: a producer takes a whole batch.size buffer per partition it writes to.
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 4096);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    Map<TopicPartition, Long> ends = new HashMap<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      int t = 0;
      for (Map.Entry<String, Integer> topic : topics.entrySet()) {
        int records = 2 + t++ % 3;
        for (int p = 0; p < topic.getValue(); p++) {
          for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(topic.getKey(), p, "k" + i, "v" + i));
          }
          ends.put(new TopicPartition(topic.getKey(), p), (long) records);
        }
      }
      producer.flush();
    }
    assertThat(ends(clusters.adminA(), ends)).isEqualTo(ends);
    return ends;
  }

  /** End offsets of {@code partitions} in one batched ListOffsets; a failed partition is -1. */
  static Map<TopicPartition, Long> ends(Admin admin, Map<TopicPartition, Long> partitions)
      throws InterruptedException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    ListOffsetsResult result = admin.listOffsets(latest);
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (TopicPartition tp : latest.keySet()) {
      try {
        ends.put(tp, result.partitionResult(tp).get().offset());
      } catch (ExecutionException e) {
        ends.put(tp, -1L);
      }
    }
    return ends;
  }
}
