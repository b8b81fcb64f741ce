package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One worker's transactions on a transactional mock producer: commit, abort, fenced. */
class TransactionalMirrorTest {

  private static final FlowId FLOW = new FlowId("A", "B");
  private static final TopicPartition TP = new TopicPartition("orders", 0);
  private static final String PROGRESS_TOPIC = "kmirror-offsets.A.internal";
  private static final String ID = "kmirror-A-B.tx.host-0";
  private static final Node NODE = new Node(0, "localhost", 9092);

  private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
  private final FlowMetrics metrics = FlowMetrics.unregistered(FLOW);
  private final Epochs epochs = new Epochs(metrics);
  private WorkerProducer producer;
  private ProgressStore store;
  private TransactionalMirror tx;

  @BeforeEach
  void open() {
    producer =
        new WorkerProducer(
            FLOW,
            0,
            () -> {
              MockProducer<byte[], byte[]> p = mock();
              p.initTransactions();
              producers.add(p);
              return p;
            });
    store =
        new ProgressStore(
            FLOW, PROGRESS_TOPIC, new MockConsumer<>("earliest"), producer, t -> Map.of());
    tx = new TransactionalMirror(FLOW, ID, producer, store, OffsetMappingSink.NONE, metrics);
    tx.open();
    epochs.fencedBy(tx);
    epochs.start(TP, new PartitionProgress(TP, "", "A.orders", 0, OffsetMappingSink.NONE));
    tx.claim(TP);
  }

  private MockProducer<byte[], byte[]> current() {
    return producers.get(producers.size() - 1);
  }

  @Test
  void aCommitHoldsTheCopiesAndTheProgressThatCoversThemNamingTheWriter() {
    copy(0, 10);

    assertThat(tx.commit(epochs, List.of())).isEqualTo(TransactionalMirror.Outcome.COMMITTED);

    assertThat(current().commitCount()).isEqualTo(1);
    assertThat(current().transactionInFlight()).as("the next one is open").isTrue();
    assertThat(progressValues(current())).containsExactly("10;last=9;by=" + ID);
    assertThat(current().history()).hasSize(11);
    assertThat(tx.lastCommit().get(TP).offset()).isEqualTo(10);
  }

  @Test
  void aPartitionBeingReleasedSaysSoEvenIfItDidNotMove() {
    copy(0, 10);
    tx.commit(epochs, List.of());

    assertThat(tx.commit(epochs, List.of(TP))).isEqualTo(TransactionalMirror.Outcome.COMMITTED);

    assertThat(progressValues(current()))
        .containsExactly("10;last=9;by=" + ID, "10;last=9;by=" + ID + ";released");
  }

  @Test
  void nothingMovedNothingClaimedWritesNoProgress() {
    copy(0, 10);
    tx.commit(epochs, List.of());

    tx.commit(epochs, List.of());

    assertThat(progressValues(current())).hasSize(1);
  }

  @Test
  void aFailedSendAbortsTheWholeTransactionAndCountsOneProduceError() {
    copy(0, 10);
    tx.failed(new KafkaException("the target refused"));

    assertThat(tx.commit(epochs, List.of())).isEqualTo(TransactionalMirror.Outcome.ABORTED);

    assertThat(current().commitCount()).isZero();
    assertThat(current().history()).as("nothing of the aborted transaction is visible").isEmpty();
    assertThat(current().transactionInFlight()).as("the next one is open").isTrue();
    assertThat(tx.doomed()).isFalse();
    assertThat(metrics.errors().count(ErrorMeters.Stage.PRODUCE)).isEqualTo(1);
  }

  @Test
  void aFencedProducerWritesNothingMoreAndIsReplaced() {
    copy(0, 10);
    current().fenceProducer();

    assertThat(tx.commit(epochs, List.of())).isEqualTo(TransactionalMirror.Outcome.FENCED);

    assertThat(producers).hasSize(2);
    assertThat(producers.get(0).commitCount()).isZero();
    assertThat(producers.get(0).history()).isEmpty();
    assertThat(current().transactionInFlight()).isTrue();
  }

  private void copy(long from, long count) {
    PartitionProgress epoch = epochs.get(TP);
    List<ConsumerRecord<byte[], byte[]>> batch =
        LongStream.range(from, from + count)
            .mapToObj(
                o -> new ConsumerRecord<>(TP.topic(), TP.partition(), o, new byte[0], new byte[0]))
            .toList();
    epoch.beginBatch(from);
    new RecordCopier(producer, null, metrics, "heartbeats").copy(epoch, batch);
    epoch.polledUpTo(from + count);
  }

  private static List<String> progressValues(MockProducer<byte[], byte[]> producer) {
    List<String> values = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> r : producer.history()) {
      if (r.topic().equals(PROGRESS_TOPIC)) {
        values.add(new String(r.value(), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static MockProducer<byte[], byte[]> mock() {
    Cluster cluster =
        new Cluster(
            "target",
            List.of(NODE),
            List.of(
                new PartitionInfo(PROGRESS_TOPIC, 0, NODE, new Node[] {NODE}, new Node[] {NODE}),
                new PartitionInfo("A.orders", 0, NODE, new Node[] {NODE}, new Node[] {NODE})),
            java.util.Set.of(),
            java.util.Set.of());
    return new MockProducer<>(
        cluster, true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
