package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Flow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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

/** One worker's partitions on mock clients: progress writes and consumer position resets. */
class MirrorPartitionsTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);
  private static final String PROGRESS_TOPIC = "kmirror-offsets.A.internal";
  private static final Node NODE = new Node(0, "localhost", 9092);

  private final AtomicReference<String> currentId = new AtomicReference<>("old");
  private final MockProducer<byte[], byte[]> target = producer();
  private final RecordedRuns runs = new RecordedRuns();
  private final MockConsumer<byte[], byte[]> source = new MockConsumer<>("none");
  private FlowMetrics metrics;
  private MirrorPartitions partitions;

  /** {@link #TP} assigned with no stored progress, under topic ID "old". */
  @BeforeEach
  void assign() {
    Flow flow = TestFlows.flow("A", "B").build();
    source.assign(List.of(TP));
    source.updateBeginningOffsets(Map.of(TP, 0L));
    ProgressStore store =
        new ProgressStore(
            flow.id(),
            PROGRESS_TOPIC,
            progressReader(),
            target,
            topics -> Map.of(TP.topic(), currentId.get()));
    metrics = FlowMetrics.unregistered(flow.id());
    partitions =
        new MirrorPartitions(
            FlowContext.of(flow),
            source,
            target,
            store,
            new RecordCopier(target, null, metrics, "heartbeats"),
            metrics,
            runs,
            Replicators.FAST.mirror());
    partitions.ready(new ReadyTopics.Snapshot(1, Map.of(TP.topic(), 1)));
    partitions.onPartitionsAssigned(List.of(TP));
  }

  @Test
  void progressIsStoredOnlyOnceTheIndexAcknowledgedItAndMirroringGoesOnMeanwhile() {
    // Given 0..9 mirrored and a periodic progress write whose index records are not acknowledged
    partitions.handOver(batch(0, 10));
    runs.gate = ProgressGate.State.PENDING;
    partitions.persistAll();

    // When mirroring goes on meanwhile, and the next interval comes
    partitions.handOver(batch(10, 5));
    partitions.settleProgress();
    partitions.persistAll();

    // Then nothing is stored yet, and no second round starts while the first waits
    assertThat(lastProgress(target)).isNull();
    assertThat(runs.gatesOpened).isEqualTo(1);

    // And once the index acknowledges, the progress captured with it is stored: 10, not 15
    runs.gate = ProgressGate.State.ACKNOWLEDGED;
    partitions.settleProgress();
    assertThat(lastProgress(target)).isEqualTo(new ProgressKey.Stored(10, "old", 9));
    partitions.persistAll();
    assertThat(lastProgress(target)).isEqualTo(new ProgressKey.Stored(15, "old", 14));
  }

  @Test
  void progressWhoseIndexWriteFailedIsNotStoredAndIsCapturedAgainNextTime() {
    partitions.handOver(batch(0, 10));
    runs.gate = ProgressGate.State.FAILED;
    partitions.persistAll();
    assertThat(lastProgress(target)).isNull();

    runs.gate = ProgressGate.State.ACKNOWLEDGED;
    partitions.persistAll();
    assertThat(runs.gatesOpened).isEqualTo(2);
    assertThat(lastProgress(target)).isEqualTo(new ProgressKey.Stored(10, "old", 9));
  }

  @Test
  void handingPartitionsOverWaitsForTheIndexAndDropsAPendingPeriodicRound() {
    partitions.handOver(batch(0, 10));
    runs.gate = ProgressGate.State.PENDING;
    partitions.persistAll();
    partitions.handOver(batch(10, 5));

    runs.gate = ProgressGate.State.ACKNOWLEDGED;
    partitions.onPartitionsRevoked(List.of(TP));

    assertThat(lastProgress(target)).isEqualTo(new ProgressKey.Stored(15, "old", 14));
    assertThat(runs.gatesOpened).isEqualTo(2);
  }

  @Test
  void recordsBelowThePositionReadAreANewStretchUnderTheTopicsCurrentId() {
    // Given 0..9 mirrored under topic ID "old"
    partitions.handOver(batch(0, 10));
    partitions.persistAll();
    assertThat(lastProgress(target)).isEqualTo(new ProgressKey.Stored(10, "old", 9));

    // When the topic is deleted and created again (ID "new") while the partition stays assigned,
    // and the consumer, reset to the new log's start, returns 0..3
    currentId.set("new");
    partitions.handOver(batch(0, 4));
    partitions.persistAll();

    // Then they are a new stretch starting at 0, filed under the new ID, and the stored progress
    // is the new topic's 4, not the old topic's 10
    assertThat(runs.runs).containsExactly("old 0 0->0", "new 0 0->10");
    assertThat(lastProgress(target)).isEqualTo(new ProgressKey.Stored(4, "new", 3));
  }

  @Test
  void aPositionRetentionDeletedIsReportedAsAnExactGapAndMirroringGoesOnFromTheLogStart() {
    // Given 0..9 mirrored, and retention then deleting 10..49 before they were read
    partitions.handOver(batch(0, 10));
    source.updateBeginningOffsets(Map.of(TP, 50L));

    // When the consumer cannot fetch from 10
    partitions.outOfRange(Map.of(TP, 10L));

    // Then the gap 10..49 is counted and listed, and reading goes on at 50
    assertThat(source.position(TP)).isEqualTo(50);
    assertThat(metrics.recordsSkippedByRetention()).isEqualTo(40);
    assertThat(metrics.incidents().gaps())
        .extracting(g -> g.topic() + "/" + g.partition() + " " + g.from() + ".." + g.to())
        .containsExactly("orders/0 10..49");

    // And the progress stored before anything new arrives already stands past the gap, so a
    // restart does not report it again
    partitions.persistAll();
    assertThat(lastProgress(target)).isEqualTo(new ProgressKey.Stored(50, "old", 9));

    // And the records after the gap start a run whose from is the position before the gap: a
    // group committed inside the gap translates to the first record after it
    partitions.handOver(batch(50, 5));
    partitions.persistAll();
    assertThat(runs.runs).containsExactly("old 0 0->0", "old 10 50->10");
    assertThat(lastProgress(target)).isEqualTo(new ProgressKey.Stored(55, "old", 54));
  }

  @Test
  void aPositionAboveTheLogEndReadsAgainFromTheLogStartWithoutReportingAGap() {
    partitions.handOver(batch(0, 10));

    partitions.outOfRange(Map.of(TP, 10L));

    assertThat(source.position(TP)).isZero();
    assertThat(metrics.recordsSkippedByRetention()).isZero();
    assertThat(metrics.incidents().gaps()).isEmpty();
  }

  @Test
  void aProducerThatCannotSendAnyMoreEndsTheWorkerInsteadOfRetryingForEver() {
    // Given a producer closed under the worker (a fatal state: every send throws)
    target.close();

    // When a batch is handed over and the failure is checked
    partitions.handOver(batch(0, 3));

    // Then the worker ends with the fatal error, naming the partition and the offset
    assertThatThrownBy(() -> partitions.check(System.currentTimeMillis()))
        .isInstanceOf(FatalProducerException.class)
        .hasMessageStartingWith(
            "flow=A->B topic=orders partition=0 offset=0 event=producer-fatal reason=");
    assertThat(metrics.errors().count(ErrorMeters.Stage.PRODUCE)).isEqualTo(1);
  }

  @Test
  void aSendThatBlockedForMaxBlockMsIsCountedAtOnceAndOnlyOnce() {
    // Given 0..2 mirrored, and then the target gone: send() blocks for max.block.ms and fails
    partitions.handOver(batch(0, 3));
    target.sendException =
        new org.apache.kafka.common.errors.TimeoutException(
            "Topic A.orders not present in metadata after 5000 ms.");

    // When the next batch is handed over
    partitions.handOver(batch(3, 2));

    // Then the blocked send is a retriable produce error at once, before any check
    assertThat(metrics.errors().count(ErrorMeters.Stage.PRODUCE)).isEqualTo(1);

    // And deciding on the partition's failure later does not count it again
    long now = System.currentTimeMillis();
    partitions.check(now);
    partitions.check(now + 1);
    assertThat(metrics.errors().count(ErrorMeters.Stage.PRODUCE)).isEqualTo(1);
  }

  @Test
  void recordsSentAfterAFailedOneAreAbortedAndSentAgainAfterItOnANewProducer() throws Exception {
    // Given a worker whose producer completes records only when told, 0..4 sent, 0 acknowledged
    List<MockProducer<byte[], byte[]>> opened = new java.util.ArrayList<>();
    WorkerProducer producer =
        new WorkerProducer(
            new io.kmirror.topology.FlowId("A", "B"),
            0,
            () -> {
              MockProducer<byte[], byte[]> p = producer(false);
              opened.add(p);
              return p;
            });
    MirrorPartitions worker = partitionsOn(producer);
    worker.handOver(batch(0, 5));
    MockProducer<byte[], byte[]> first = opened.get(0);
    first.completeNext();

    // When 1 expires on the producer's I/O thread while 2..4 are still inside the producer
    java.util.concurrent.CompletableFuture.runAsync(
            () -> first.errorNext(new org.apache.kafka.common.errors.TimeoutException("Expiring")))
        .get(10, java.util.concurrent.TimeUnit.SECONDS);

    // Then the producer is closed at once: 2..4 never reach the target, they are aborted
    assertThat(first.closed()).isTrue();
    java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              while (first.errorNext(new KafkaException("Producer is closed forcefully."))) {
                // every record the closed producer held
              }
            })
        .get(10, java.util.concurrent.TimeUnit.SECONDS);

    // And the worker builds a new producer, counts the one real failure, and after the backoff
    // sends again from 1, the failed record, before anything after it
    assertThat(producer.rebuildIfClosed()).isTrue();
    long now = System.currentTimeMillis();
    worker.check(now);
    worker.check(now + 60_000);
    assertThat(metrics.errors().count(ErrorMeters.Stage.PRODUCE)).isEqualTo(1);
    assertThat(source.position(TP)).isEqualTo(1);
    worker.handOver(batch(1, 4));
    assertThat(opened.get(1).history())
        .extracting(ProducerRecord::topic)
        .containsExactly("A.orders", "A.orders", "A.orders", "A.orders");
  }

  @Test
  void aProducerLeftUnusableIsReplacedAndThePartitionGoesOnWithoutEndingTheWorker() {
    // Given a worker whose first producer has become unusable (every send throws)
    List<MockProducer<byte[], byte[]>> opened = new java.util.ArrayList<>();
    WorkerProducer producer =
        new WorkerProducer(
            new io.kmirror.topology.FlowId("A", "B"),
            0,
            () -> {
              MockProducer<byte[], byte[]> p = producer(true);
              opened.add(p);
              return p;
            });
    MirrorPartitions worker = partitionsOn(producer);
    opened.get(0).close();

    // When a batch is handed over, the worker takes its step, and the failure is decided
    worker.handOver(batch(0, 3));
    assertThat(producer.rebuildIfClosed()).isTrue();
    long now = System.currentTimeMillis();
    worker.check(now);

    // Then the error is counted once, nothing is thrown, and after the backoff the records go to
    // the new producer from the first one not acknowledged
    assertThat(metrics.errors().count(ErrorMeters.Stage.PRODUCE)).isEqualTo(1);
    worker.check(now + 60_000);
    assertThat(source.position(TP)).isZero();
    worker.handOver(batch(0, 3));
    assertThat(opened).hasSize(2);
    assertThat(opened.get(1).history())
        .extracting(ProducerRecord::topic)
        .containsExactly("A.orders", "A.orders", "A.orders");
  }

  private MirrorPartitions partitionsOn(WorkerProducer producer) {
    Flow flow = TestFlows.flow("A", "B").build();
    ProgressStore store =
        new ProgressStore(
            flow.id(),
            PROGRESS_TOPIC,
            progressReader(),
            producer,
            topics -> Map.of(TP.topic(), currentId.get()));
    MirrorPartitions worker =
        new MirrorPartitions(
            FlowContext.of(flow),
            source,
            producer,
            store,
            new RecordCopier(producer, null, metrics, "heartbeats"),
            metrics,
            runs,
            Replicators.FAST.mirror());
    worker.fencedBy(producer);
    worker.ready(new ReadyTopics.Snapshot(1, Map.of(TP.topic(), 1)));
    worker.onPartitionsAssigned(List.of(TP));
    return worker;
  }

  private static ConsumerRecords<byte[], byte[]> batch(long from, long count) {
    List<ConsumerRecord<byte[], byte[]>> records =
        LongStream.range(from, from + count)
            .mapToObj(
                o -> new ConsumerRecord<>(TP.topic(), TP.partition(), o, new byte[0], new byte[0]))
            .toList();
    return new ConsumerRecords<>(
        Map.of(TP, records), Map.of(TP, new OffsetAndMetadata(from + count)));
  }

  private static MockProducer<byte[], byte[]> producer() {
    return producer(true);
  }

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    Cluster cluster =
        new Cluster(
            "target",
            List.of(NODE),
            List.of(
                new PartitionInfo(PROGRESS_TOPIC, 0, NODE, new Node[] {NODE}, new Node[] {NODE}),
                new PartitionInfo("A.orders", 0, NODE, new Node[] {NODE}, new Node[] {NODE})),
            Set.of(),
            Set.of());
    return new MockProducer<>(
        cluster, autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** An empty progress topic. */
  private static MockConsumer<byte[], byte[]> progressReader() {
    MockConsumer<byte[], byte[]> reader = new MockConsumer<>("earliest");
    TopicPartition progress = new TopicPartition(PROGRESS_TOPIC, 0);
    reader.updatePartitions(
        PROGRESS_TOPIC,
        List.of(new PartitionInfo(PROGRESS_TOPIC, 0, NODE, new Node[] {NODE}, new Node[] {NODE})));
    reader.updateBeginningOffsets(Map.of(progress, 0L));
    reader.updateEndOffsets(Map.of(progress, 0L));
    return reader;
  }

  private static ProgressKey.Stored lastProgress(MockProducer<byte[], byte[]> target) {
    Map<String, ProgressKey.Stored> byTopic = new HashMap<>();
    for (ProducerRecord<byte[], byte[]> record : target.history()) {
      if (record.topic().equals(PROGRESS_TOPIC)) {
        Optional<ProgressKey.Stored> value = ProgressKey.parseValue(record.value());
        value.ifPresent(v -> byTopic.put(record.topic(), v));
      }
    }
    return byTopic.get(PROGRESS_TOPIC);
  }
}
