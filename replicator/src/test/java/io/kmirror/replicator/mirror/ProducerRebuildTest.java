package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Flow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A producer in a fatal state, on mock clients: a state only that producer lost is cured by a new
 * producer inside the worker, one a new producer would hit again ends the worker, and the worker
 * that replaces it resumes from the stored progress; in both cases every record reaches the target
 * exactly from where the last acknowledged one left off, none skipped.
 */
class ProducerRebuildTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);
  private static final TopicPartition PROGRESS =
      new TopicPartition("kmirror-offsets.A.internal", 0);
  private static final Node NODE = new Node(0, "localhost", 9092);
  private static final byte[] PRELOADED = "preloaded".getBytes(StandardCharsets.UTF_8);

  private final Flow flow = TestFlows.flow("A", "B").build();
  private final FlowMetrics metrics = FlowMetrics.unregistered(flow.id());
  private final List<MockProducer<byte[], byte[]>> opened = new ArrayList<>();

  /**
   * What the remote partition holds when the next producer opens: one mock producer's offsets do
   * not carry over to the next, so each new one is filled up to here first (as the real target's
   * log would be), or the worker would take the offsets starting again for a deleted remote topic.
   */
  private long remoteEnd;

  @Test
  void aSequenceLostOnTheIoThreadReplacesTheProducerAndResumesFromTheLastAcknowledgedRecord()
      throws Exception {
    // Given a worker whose producer completes records only when told: 0..4 sent, 0 and 1 acked
    WorkerProducer producer = workerProducer(false);
    MockConsumer<byte[], byte[]> source = source();
    MirrorPartitions worker = worker(source, producer, progressReader(List.of(), 0));
    worker.handOver(batch(0, 5));
    MockProducer<byte[], byte[]> first = opened.get(0);
    first.completeNext();
    first.completeNext();

    // When 2 fails with a sequence error only this producer has, on the producer's I/O thread
    remoteEnd = 2;
    onIoThread(() -> first.errorNext(new OutOfOrderSequenceException("out of order at 2")));
    onIoThread(
        () -> {
          while (first.errorNext(new KafkaException("Producer is closed forcefully."))) {
            // 3 and 4, which the closed producer held
          }
        });

    // Then the worker does not end: it opens a new producer, counts the one failure, rewinds to 2
    // and sends 2, 3, 4 again on the new producer, in order
    assertThat(first.closed()).isTrue();
    assertThat(producer.rebuildIfClosed()).isTrue();
    long now = System.currentTimeMillis();
    worker.check(now);
    worker.check(now + 60_000);
    assertThat(metrics.errors().count(ErrorMeters.Stage.PRODUCE)).isEqualTo(1);
    assertThat(source.position(TP)).isEqualTo(2);
    worker.handOver(batch(2, 3));
    MockProducer<byte[], byte[]> second = opened.get(1);
    while (second.completeNext()) {
      // every re-sent record acknowledged
    }

    // And the target got 0..4 with none missing, the progress stored after them is 5
    assertThat(mirrored(first.history().subList(0, 2))).containsExactly("v0", "v1");
    assertThat(mirrored(second.history())).containsExactly("v2", "v3", "v4");
    worker.check(now + 60_001);
    worker.persistAll();
    while (second.completeNext()) {
      // the progress record
    }
    assertThat(storedProgress(second)).containsExactly(5L);
  }

  @Test
  void aFatalErrorANewProducerWouldHitAgainEndsTheWorkerAndTheNextResumesFromStoredProgress() {
    // Given a worker that mirrored 0..2 and stored its progress
    WorkerProducer producer = workerProducer(true);
    MirrorPartitions worker = worker(source(), producer, progressReader(List.of(), 0));
    worker.handOver(batch(0, 3));
    worker.persistAll();
    MockProducer<byte[], byte[]> first = opened.get(0);
    assertThat(storedProgress(first)).containsExactly(3L);

    // When the target refuses the producer itself (a new producer would be refused the same way)
    first.sendException = new ClusterAuthorizationException("IdempotentWrite denied");
    worker.handOver(batch(3, 2));

    // Then the worker ends with the fatal error, without a second producer
    assertThatThrownBy(() -> worker.check(System.currentTimeMillis()))
        .isInstanceOf(FatalProducerException.class)
        .hasMessageContaining("offset=3 event=producer-fatal");
    assertThat(producer.rebuildIfClosed()).isFalse();
    assertThat(opened).hasSize(1);

    // And the worker the flow starts next reads the stored progress and sends from 3, the first
    // record not acknowledged
    MockConsumer<byte[], byte[]> nextSource = source();
    remoteEnd = 3;
    WorkerProducer nextProducer = workerProducer(true);
    MirrorPartitions next =
        worker(nextSource, nextProducer, progressReader(progressRecords(first), 3));
    assertThat(nextSource.position(TP)).isEqualTo(3);
    next.handOver(batch(3, 2));
    assertThat(mirrored(opened.get(1).history())).containsExactly("v3", "v4");
  }

  private WorkerProducer workerProducer(boolean autoComplete) {
    return new WorkerProducer(
        flow.id(),
        0,
        () -> {
          MockProducer<byte[], byte[]> p = producer(autoComplete);
          for (long i = 0; i < remoteEnd; i++) {
            p.send(new ProducerRecord<>("A.orders", 0, new byte[0], PRELOADED));
            if (!autoComplete) {
              p.completeNext();
            }
          }
          opened.add(p);
          return p;
        });
  }

  private static MockConsumer<byte[], byte[]> source() {
    MockConsumer<byte[], byte[]> source = new MockConsumer<>("none");
    source.assign(List.of(TP));
    source.updateBeginningOffsets(Map.of(TP, 0L));
    return source;
  }

  /** A worker's partitions on {@code producer}, with {@link #TP} assigned. */
  private MirrorPartitions worker(
      MockConsumer<byte[], byte[]> source,
      WorkerProducer producer,
      MockConsumer<byte[], byte[]> progressReader) {
    ProgressStore store =
        new ProgressStore(
            flow.id(),
            PROGRESS.topic(),
            progressReader,
            producer,
            topics -> Map.of(TP.topic(), "id"));
    MirrorPartitions worker =
        new MirrorPartitions(
            FlowContext.of(flow),
            source,
            producer,
            store,
            new RecordCopier(producer, null, metrics, "heartbeats"),
            metrics,
            new RecordedRuns(),
            Replicators.FAST.mirror());
    worker.fencedBy(producer);
    worker.ready(new ReadyTopics.Snapshot(1, Map.of(TP.topic(), 1)));
    worker.onPartitionsAssigned(List.of(TP));
    return worker;
  }

  private static void onIoThread(Runnable action) throws Exception {
    CompletableFuture.runAsync(action).get(10, TimeUnit.SECONDS);
  }

  private static ConsumerRecords<byte[], byte[]> batch(long from, long count) {
    List<ConsumerRecord<byte[], byte[]>> records =
        LongStream.range(from, from + count)
            .mapToObj(
                o ->
                    new ConsumerRecord<>(
                        TP.topic(),
                        TP.partition(),
                        o,
                        new byte[0],
                        ("v" + o).getBytes(StandardCharsets.UTF_8)))
            .toList();
    return new ConsumerRecords<>(
        Map.of(TP, records), Map.of(TP, new OffsetAndMetadata(from + count)));
  }

  /** The values sent to the remote topic, in order. */
  private static List<String> mirrored(List<ProducerRecord<byte[], byte[]>> sent) {
    return sent.stream()
        .filter(r -> r.topic().equals("A.orders") && r.value() != PRELOADED)
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }

  private static List<ProducerRecord<byte[], byte[]>> progressRecords(
      MockProducer<byte[], byte[]> producer) {
    return producer.history().stream().filter(r -> r.topic().equals(PROGRESS.topic())).toList();
  }

  /** The next offsets stored as progress, in the order written. */
  private static List<Long> storedProgress(MockProducer<byte[], byte[]> producer) {
    return progressRecords(producer).stream()
        .map(r -> ProgressKey.parseValue(r.value()).orElseThrow().nextOffset())
        .toList();
  }

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    Cluster cluster =
        new Cluster(
            "target",
            List.of(NODE),
            List.of(
                new PartitionInfo(PROGRESS.topic(), 0, NODE, new Node[] {NODE}, new Node[] {NODE}),
                new PartitionInfo("A.orders", 0, NODE, new Node[] {NODE}, new Node[] {NODE})),
            Set.of(),
            Set.of());
    return new MockProducer<>(
        cluster, autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * The progress topic holding {@code stored}, as the flow's next worker reads it, and the remote
   * partition's end offset, which tells the worker that the target still has what was stored.
   */
  private static MockConsumer<byte[], byte[]> progressReader(
      List<ProducerRecord<byte[], byte[]>> stored, long remoteEnd) {
    MockConsumer<byte[], byte[]> reader = new MockConsumer<>("earliest");
    reader.updatePartitions(
        PROGRESS.topic(),
        List.of(
            new PartitionInfo(PROGRESS.topic(), 0, NODE, new Node[] {NODE}, new Node[] {NODE})));
    reader.updateBeginningOffsets(Map.of(PROGRESS, 0L));
    reader.updateEndOffsets(
        Map.of(PROGRESS, (long) stored.size(), new TopicPartition("A.orders", 0), remoteEnd));
    reader.schedulePollTask(
        () -> {
          for (int i = 0; i < stored.size(); i++) {
            reader.addRecord(
                new ConsumerRecord<>(
                    PROGRESS.topic(), 0, i, stored.get(i).key(), stored.get(i).value()));
          }
        });
    return reader;
  }
}
