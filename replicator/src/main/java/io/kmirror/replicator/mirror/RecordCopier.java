package io.kmirror.replicator.mirror;

import io.kmirror.replicator.metrics.FlowMetrics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/**
 * The hot path: hands one partition's polled batch to the producer, in offset order, as {@link
 * MirroredRecord}s. Nothing here looks up a map, a metric or a topic name per record; counters are
 * added once per batch.
 *
 * <p>Stops at the first failure of the partition (the caller pauses it and rewinds or stops it), so
 * no record after a failed one is sent in the same epoch.
 */
final class RecordCopier {

  private final Producer<byte[], byte[]> producer;
  private final Provenance provenance;
  private final FlowMetrics metrics;
  private final String heartbeatsTopic;

  /**
   * @param provenance loop prevention, or {@code null} when the flow does not use it
   * @param heartbeatsTopic the source's MM2 heartbeats topic, whose acknowledgements tell the
   *     flow's end-to-end liveness
   */
  RecordCopier(
      Producer<byte[], byte[]> producer,
      Provenance provenance,
      FlowMetrics metrics,
      String heartbeatsTopic) {
    this.producer = producer;
    this.provenance = provenance;
    this.metrics = metrics;
    this.heartbeatsTopic = heartbeatsTopic;
  }

  /** Sends the batch; returns false when the partition failed and must be paused. */
  boolean copy(PartitionProgress progress, List<ConsumerRecord<byte[], byte[]>> batch) {
    long records = 0;
    long dropped = 0;
    boolean heartbeats = progress.source().topic().equals(heartbeatsTopic);
    boolean healthy = true;
    for (int i = 0, n = batch.size(); i < n; i++) {
      ConsumerRecord<byte[], byte[]> record = batch.get(i);
      if (provenance != null && provenance.visitedTarget(record.headers())) {
        dropped++;
        continue;
      }
      MirroredRecord mirrored = new MirroredRecord(progress, record, metrics, heartbeats);
      if (provenance != null) {
        provenance.stamp(mirrored.headers());
      }
      mirrored.sending();
      try {
        producer.send(mirrored, mirrored);
      } catch (KafkaException | IllegalStateException e) {
        // send() threw instead of completing the callback: complete it here so accounting holds.
        mirrored.onCompletion(null, e);
      }
      records++;
      if (progress.failed()) {
        healthy = false;
        break;
      }
    }
    metrics.sent(records);
    if (dropped > 0) {
      metrics.droppedByProvenance(progress.source().topic(), dropped);
    }
    return healthy;
  }
}
