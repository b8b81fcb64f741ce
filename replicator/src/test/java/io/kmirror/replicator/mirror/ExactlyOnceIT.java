package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.Mirrored;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.replicator.testing.Transactions;
import io.kmirror.topology.Flow;
import io.kmirror.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kmirror.exactly.once.enabled = true} on one A->B flow: a {@code read_committed} reader of
 * the target sees every committed source record exactly once, with key, value, headers, timestamp
 * and partition, in order, and no record of an aborted source transaction; also across a crash of
 * the replicator in the middle of a stream, after which the uncommitted copies it left on the
 * target stay invisible and the restarted one resumes exactly at the committed progress.
 */
@ExtendWith(KafkaClusterExtension.class)
class ExactlyOnceIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @AutoClose private static ClusterPair clusters;
  private static Replicators replicator;
  private static Topology topology;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) throws Exception {
    clusters = ClusterPair.open(first, second);
    Flow flow = TestFlows.flow("A", "B").refresh(Duration.ofSeconds(1)).build();
    topology = TestFlows.exactlyOnce(TestFlows.topology(flow), true);
    replicator = Replicators.start(topology, clusters);
  }

  @AfterAll
  static void stop() throws Exception {
    if (replicator != null) {
      replicator.close();
    }
  }

  @Test
  void everyRecordWithNullKeysAndHeadersIsVisibleOnceToReadCommitted() throws Exception {
    // Given records with null keys, repeated and null headers on three partitions
    Records.createTopic(clusters.adminA(), "plain", 3, Map.of());
    long t0 = Records.explicitTimestampBase();
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (int i = 0; i < 600; i++) {
        List<Header> headers =
            List.of(
                new RecordHeader("h", ("v" + i).getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("h", "dup".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("empty", null));
        producer.send(
            new ProducerRecord<>(
                "plain", i % 3, t0 + i, i % 7 == 0 ? null : "k" + i, "v" + i, headers));
      }
    }

    // Then read_committed on the target shows exactly the source's records, once, in order
    Mirrored.assertSameRecordsAtAnyOffsets(
        Records.readExactly(clusters.a(), "plain", 600, WAIT),
        Records.readCommitted(clusters.b(), "A.plain", 600, WAIT));
  }

  @Test
  void sourceTransactionsArriveCommittedOnlyAndAbortedOnesNever() throws Exception {
    // Given 12 source transactions of 5 records per partition, every third one aborted
    Transactions.write(
        clusters.a(),
        clusters.adminA(),
        "tx-source",
        2,
        new Transactions.Pattern(12, 5, t -> t % 3 == 1));
    int committed = 8 * 5 * 2;

    // Then the target shows the 80 committed records once each, and none of the aborted ones
    List<ConsumerRecord<String, String>> source =
        Records.readCommitted(clusters.a(), "tx-source", committed, WAIT);
    List<ConsumerRecord<String, String>> target =
        Records.readCommitted(clusters.b(), "A.tx-source", committed, WAIT);
    Mirrored.assertSameRecordsAtAnyOffsets(source, target);
    assertThat(target)
        .noneMatch(r -> r.value().startsWith("tx-1-") || r.value().startsWith("tx-4-"));
  }

  @Test
  void aCompactedTopicIsMirroredOnceWithItsTombstones() throws Exception {
    Records.createTopic(clusters.adminA(), "compacted", 1, Map.of("cleanup.policy", "compact"));
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (int i = 0; i < 200; i++) {
        producer.send(
            new ProducerRecord<>("compacted", 0, "key-" + (i % 20), i % 10 == 9 ? null : "v" + i));
      }
    }

    Mirrored.assertSameRecordsAtAnyOffsets(
        Records.readExactly(clusters.a(), "compacted", 200, WAIT),
        Records.readCommitted(clusters.b(), "A.compacted", 200, WAIT));
  }

  @Test
  void aCrashInTheMiddleOfAStreamLeavesNoDuplicateVisible() throws Exception {
    // Given a stream being mirrored
    Records.createTopic(clusters.adminA(), "stream", 2, Map.of());
    produce("stream", 0, 3000);
    Records.readCommitted(clusters.b(), "A.stream", 1000, WAIT);

    // When the replicator crashes (no drain, no commit) while more records arrive, and restarts
    produce("stream", 3000, 6000);
    replicator.crash();
    replicator = null;
    produce("stream", 6000, 8000);
    replicator = Replicators.start(topology, clusters);

    // Then read_committed shows each of the 8000 records exactly once, in source order
    List<ConsumerRecord<String, String>> target =
        Records.readCommitted(clusters.b(), "A.stream", 8000, WAIT);
    assertThat(duplicates(target)).isEmpty();
    Mirrored.assertSameRecordsAtAnyOffsets(
        Records.readExactly(clusters.a(), "stream", 8000, WAIT), target);
  }

  private void produce(String topic, int from, int to) throws Exception {
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (int i = from; i < to; i++) {
        producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "v" + i));
      }
    }
  }

  private static List<String> duplicates(List<ConsumerRecord<String, String>> records) {
    Set<String> seen = new HashSet<>();
    List<String> twice = new ArrayList<>();
    for (ConsumerRecord<String, String> r : records) {
      if (!seen.add(r.value())) {
        twice.add(r.value());
      }
    }
    return twice;
  }
}
