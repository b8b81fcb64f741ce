package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.FlowId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The worker's producer: closed by a failure off the worker thread, rebuilt by the worker. */
class WorkerProducerTest {

  private final List<MockProducer<byte[], byte[]>> opened = new ArrayList<>();
  private final WorkerProducer producer =
      new WorkerProducer(
          new FlowId("A", "B"),
          0,
          () -> {
            MockProducer<byte[], byte[]> p =
                new MockProducer<>(
                    false, null, new ByteArraySerializer(), new ByteArraySerializer());
            opened.add(p);
            return p;
          });

  @Test
  void aFailureOnTheProducersOwnThreadClosesItAndWhatItHeldCountsAsAborted() throws Exception {
    // Given a send that failed on the producer's I/O thread (a batch whose delivery timed out)
    TimeoutException expired = new TimeoutException("Expiring 1 record(s) for A.orders-0");
    Exception recorded = onAnotherThread(() -> producer.failed(expired));

    // Then it is recorded as it is, and the producer is closed so nothing it holds is sent
    assertThat(recorded).isSameAs(expired);
    assertThat(opened.get(0).closed()).isTrue();

    // And what the closing aborts, and sends that come after it, are aborted, not failures
    assertThat(
            onAnotherThread(
                () -> producer.failed(new KafkaException("Producer is closed forcefully."))))
        .isInstanceOf(SendAbortedException.class);
    AtomicReference<Exception> late = new AtomicReference<>();
    producer.send(new ProducerRecord<>("A.orders", 0, null, null), (m, e) -> late.set(e));
    assertThat(producer.failed(late.get())).isInstanceOf(SendAbortedException.class);

    // While another partition's own expiry in the meantime is still a failure of its own
    TimeoutException other = new TimeoutException("Expiring 1 record(s) for A.orders-1");
    assertThat(onAnotherThread(() -> producer.failed(other))).isSameAs(other);

    // When the worker thread takes its turn, a new producer takes the sends
    assertThat(producer.rebuildIfClosed()).isTrue();
    assertThat(producer.rebuildIfClosed()).isFalse();
    producer.send(new ProducerRecord<>("A.orders", 0, null, null));
    assertThat(opened).hasSize(2);
    assertThat(opened.get(1).history()).hasSize(1);
    assertThat(producer.rebuilds()).isEqualTo(1);
  }

  @Test
  void aSendThatFailedInsideSendOnTheWorkerThreadClosesNothing() {
    // A send that blocked for max.block.ms: the record never entered the producer
    TimeoutException blocked =
        new TimeoutException("Topic A.orders not present in metadata after 5000 ms.");

    assertThat(producer.failed(blocked)).isSameAs(blocked);
    assertThat(opened.get(0).closed()).isFalse();
    assertThat(producer.rebuildIfClosed()).isFalse();
  }

  @Test
  void aProducerClosedByTheWorkerIsNotRebuiltAndItsFailuresAreItsOwn() throws Exception {
    producer.close();
    KafkaException forced = new KafkaException("Producer is closed forcefully.");

    assertThat(onAnotherThread(() -> producer.failed(forced))).isSameAs(forced);
    assertThat(producer.rebuildIfClosed()).isFalse();
    assertThat(opened).hasSize(1);
  }

  private static Exception onAnotherThread(java.util.function.Supplier<Exception> call)
      throws Exception {
    return CompletableFuture.supplyAsync(call).get(10, TimeUnit.SECONDS);
  }
}
