package io.kmirror.replicator.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CompactedTopicReaderTest {

  private static final String TOPIC = "kmirror-offsets.A.internal";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final Node NODE = new Node(0, "localhost", 9092);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final List<String> seen = new ArrayList<>();

  private void topicExists() {
    consumer.updatePartitions(
        TOPIC, List.of(new PartitionInfo(TOPIC, 0, NODE, new Node[] {NODE}, new Node[] {NODE})));
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
    consumer.updateEndOffsets(Map.of(TP, 0L));
  }

  /** A record at the end; the consumer fetches it at its next poll. */
  private void written(long offset, String value) {
    consumer.updateEndOffsets(Map.of(TP, offset + 1));
    consumer.schedulePollTask(
        () ->
            consumer.addRecord(
                new ConsumerRecord<>(
                    TOPIC, 0, offset, null, value.getBytes(StandardCharsets.UTF_8))));
  }

  private void read(ConsumerRecord<byte[], byte[]> record) {
    seen.add(new String(record.value(), StandardCharsets.UTF_8));
  }

  @Test
  void aKeptReaderFollowsTheTopicFromTheBeginning() throws Exception {
    // Given a topic with two records
    topicExists();
    CompactedTopicReader reader =
        new CompactedTopicReader(TOPIC, consumer, CompactedTopicReader.Lookup.BY_NAME);
    written(0, "a");
    written(1, "b");

    // When it is read to its end, then once more after a third record
    assertThat(reader.readToEnd(Duration.ofSeconds(5), this::read)).isTrue();
    written(2, "c");
    assertThat(reader.readToEnd(Duration.ofSeconds(5), this::read)).isTrue();

    // Then every record was seen once, in order
    assertThat(seen).containsExactly("a", "b", "c");
  }

  @Test
  void aMissingTopicReadsNothingWhicheverTheLookup() throws Exception {
    for (CompactedTopicReader.Lookup lookup : CompactedTopicReader.Lookup.values()) {
      assertThat(
              new CompactedTopicReader(TOPIC, consumer, lookup)
                  .readToEnd(Duration.ZERO, this::read))
          .isFalse();
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void anEndThatIsNotReachedInTimeFailsNamingTheTopicAndTheTimeout() {
    // Given a topic whose end lies beyond what the consumer can fetch
    topicExists();
    consumer.updateEndOffsets(Map.of(TP, 5L));
    CompactedTopicReader reader =
        new CompactedTopicReader(TOPIC, consumer, CompactedTopicReader.Lookup.LISTING);

    // Then reading it to its end times out
    assertThatThrownBy(() -> reader.readToEnd(Duration.ofMillis(50), this::read))
        .isInstanceOf(TimeoutException.class)
        .hasMessage("could not read kmirror-offsets.A.internal to its end within PT0.05S");
  }
}
