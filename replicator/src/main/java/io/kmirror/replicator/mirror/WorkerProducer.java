package io.kmirror.replicator.mirror;

import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mirroring worker's producer to the target, closed at the first send that fails after leaving
 * the worker's hands, and built anew by the worker thread.
 *
 * <p><b>Why.</b> A failed record (typically one whose {@code delivery.timeout.ms} expired while the
 * target was down) leaves the records of its partition sent after it inside the producer; they were
 * created later, so they expire later, and if the target comes back in between they land before the
 * failed record is sent again: a reorder within the partition. Kafka has no way to take back one
 * partition's records, so the failure's own callback, on the producer's I/O thread, closes the
 * producer at once ({@code close(0)}, as MirrorMaker 1 did on a send failure): every record still
 * in the producer is aborted and none of them reaches the target. A request already written to the
 * socket when the callback runs can still be appended; those records were sent before any record
 * still queued, so they can only come before the failed one's re-send as duplicates of records that
 * follow it in the source, never ahead of it.
 *
 * <p>A failure inside {@code send()} on the worker thread (a send that blocked for {@code
 * max.block.ms}, a record larger than {@code max.request.size}) closes nothing: the record never
 * entered the producer and the worker sends nothing after it.
 *
 * <p>The worker thread calls {@link #rebuildIfClosed()} once per step: it waits for the old
 * producer's I/O thread to end (so every callback of the old producer has run), and opens a new
 * producer. Records aborted by the closing fail with {@link SendAbortedException}: their partitions
 * are rewound to their last acknowledged record and sent again on the new producer without being
 * counted as errors; the record that failed is counted, reported and retried as before ({@link
 * PartitionFailures}).
 *
 * <p>Thread safety: {@code send()} and {@link #failed} from any thread; {@link #rebuildIfClosed()}
 * and {@link #flush()} from the worker thread that created this object.
 */
final class WorkerProducer implements Producer<byte[], byte[]>, SendFence {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerProducer.class);

  private final FlowId flow;
  private final int task;
  private final Supplier<Producer<byte[], byte[]>> factory;
  private final Thread owner;
  private final AtomicReference<Exception> closedFor = new AtomicReference<>();
  private volatile Producer<byte[], byte[]> current;
  private volatile boolean closed;
  private long rebuilds;

  /** Opens the first producer; the calling thread is the worker thread. */
  WorkerProducer(FlowId flow, int task, Supplier<Producer<byte[], byte[]>> factory) {
    this.flow = flow;
    this.task = task;
    this.factory = factory;
    this.owner = Thread.currentThread();
    this.current = factory.get();
  }

  @Override
  public Exception failed(Exception error) {
    if (closedFor.get() != null) {
      return abortedByClosing(error) ? new SendAbortedException(error) : error;
    }
    if (closed) {
      return error;
    }
    if (Thread.currentThread() == owner) {
      // Nothing was sent after a record that failed inside send(); only a producer a fatal error
      // left unusable needs replacing, at the worker's next step.
      if (SendErrorKind.curedByNewProducer(error)) {
        closedFor.compareAndSet(null, error);
      }
      return error;
    }
    if (closedFor.compareAndSet(null, error)) {
      current.close(Duration.ZERO);
    }
    return error;
  }

  @Override
  public boolean rebuildsItsProducer() {
    return true;
  }

  /**
   * What a producer closed under its records completes them with: {@code KafkaException("Producer
   * is closed forcefully.")} for the records it held, {@code IllegalStateException} or a plain
   * {@code KafkaException} for a send that came after.
   */
  private static boolean abortedByClosing(Exception error) {
    return error instanceof IllegalStateException || error.getClass() == KafkaException.class;
  }

  /**
   * Worker thread: when a failure closed the producer, waits for the old producer's callbacks to
   * have run and opens a new one; returns whether it did.
   */
  boolean rebuildIfClosed() {
    Exception why = closedFor.get();
    if (why == null || closed) {
      return false;
    }
    try {
      // From the worker thread this joins the old I/O thread: every aborted callback has run.
      current.close(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.debug("flow={} task={} event=close-step-failed reason=\"{}\"", flow, task, e.toString());
    }
    current = factory.get();
    closedFor.set(null);
    rebuilds++;
    LOG.info(
        "flow={} task={} event=producer-rebuilt rebuilds={} reason=\"{}\" action=\"records sent"
            + " after the failed one were aborted so none lands before it; every partition sends"
            + " again from its last acknowledged record\"",
        flow,
        task,
        rebuilds,
        why.toString());
    return true;
  }

  /**
   * Exactly-once, worker thread: replaces a producer left fatally failed or fenced by a new one
   * (whose {@code initTransactions}, in the factory, aborts what the old one left open).
   */
  void renew() {
    if (closed) {
      // The worker is stopping (or gave up on the target): no new producer for it.
      throw new KafkaException("flow=" + flow + " task=" + task + " producer closed");
    }
    try {
      current.close(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.debug("flow={} task={} event=close-step-failed reason=\"{}\"", flow, task, e.toString());
    }
    current = factory.get();
    rebuilds++;
  }

  /** Worker thread: producers opened after a failure so far. */
  long rebuilds() {
    return rebuilds;
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    return send(record, null);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
    Producer<byte[], byte[]> producer = current;
    try {
      return producer.send(record, callback);
    } catch (KafkaException | IllegalStateException e) {
      if (closed || closedFor.get() == null) {
        throw e;
      }
      // Closed under this send by a failure: the record is aborted like the ones it held.
      if (callback != null) {
        callback.onCompletion(null, e);
      }
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Worker thread: rebuilds first if a failure closed the producer. */
  @Override
  public void flush() {
    rebuildIfClosed();
    current.flush();
  }

  @Override
  public void close() {
    closed = true;
    current.close();
  }

  @Override
  public void close(Duration timeout) {
    closed = true;
    current.close(timeout);
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return current.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return current.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return current.clientInstanceId(timeout);
  }

  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    current.registerMetricForSubscription(metric);
  }

  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    current.unregisterMetricFromSubscription(metric);
  }

  @Override
  public void initTransactions() {
    current.initTransactions();
  }

  @Override
  public void beginTransaction() {
    current.beginTransaction();
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    current.sendOffsetsToTransaction(offsets, groupMetadata);
  }

  @Override
  public void commitTransaction() {
    current.commitTransaction();
  }

  @Override
  public void abortTransaction() {
    current.abortTransaction();
  }
}
