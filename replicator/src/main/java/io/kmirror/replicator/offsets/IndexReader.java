package io.kmirror.replicator.offsets;

import io.kmirror.replicator.flow.CompactedTopicReader;
import io.kmirror.replicator.offsets.index.IndexRecords;
import io.kmirror.replicator.offsets.index.OffsetIndex;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Follows a flow's offset index topic into an {@link OffsetIndex}: the first {@link #catchUp} reads
 * it from the beginning, later ones read only what was written since. Blocking; owned by one thread
 * at a time, like the consumer inside it.
 */
public final class IndexReader implements AutoCloseable {

  private final FlowId flow;
  private final String topic;
  private final Consumer<byte[], byte[]> consumer;
  private final CompactedTopicReader reader;
  private final OffsetIndex index = new OffsetIndex();

  /**
   * @param consumer a consumer of the target without a group, closed by {@link #close()}
   */
  public IndexReader(FlowId flow, String topic, Consumer<byte[], byte[]> consumer) {
    this.flow = flow;
    this.topic = topic;
    this.consumer = consumer;
    this.reader = new CompactedTopicReader(topic, consumer, CompactedTopicReader.Lookup.BY_NAME);
  }

  /** Reads the index topic up to its current end; the index then reflects every write so far. */
  public OffsetIndex catchUp(Duration timeout) throws TimeoutException {
    boolean exists =
        reader.readToEnd(
            timeout,
            record ->
                IndexRecords.parse(flow, record.key(), record.value()).ifPresent(index::apply));
    if (!exists) {
      throw new TimeoutException("offset index topic " + topic + " does not exist (yet)");
    }
    return index;
  }

  public OffsetIndex index() {
    return index;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
