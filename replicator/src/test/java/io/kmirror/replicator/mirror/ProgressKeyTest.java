package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ProgressKeyTest {

  private static final FlowId FLOW = new FlowId("A", "B");

  @Test
  void keyIsReadableAndParsesBack() {
    TopicPartition tp = new TopicPartition("orders.eu", 3);
    byte[] key = ProgressKey.key(FLOW, tp);

    assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("A->B/orders.eu/3");
    assertThat(ProgressKey.parse(FLOW, key)).contains(tp);
    assertThat(ProgressKey.parseValue(ProgressKey.value(12345, "kGx1Y2zQTm6bD0X3b1w2Aw")))
        .contains(new ProgressKey.Stored(12345, "kGx1Y2zQTm6bD0X3b1w2Aw"));
    assertThat(new String(ProgressKey.value(7, ""), StandardCharsets.UTF_8)).isEqualTo("7");
  }

  @Test
  void keysOfAnotherFlowOrMalformedKeysAreIgnored() {
    byte[] other = ProgressKey.key(new FlowId("C", "B"), new TopicPartition("orders", 0));

    assertThat(ProgressKey.parse(FLOW, other)).isEmpty();
    assertThat(ProgressKey.parse(FLOW, "A->B/orders/x".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ProgressKey.parse(FLOW, null)).isEqualTo(Optional.empty());
    assertThat(ProgressKey.parseValue(null)).isEmpty();
    assertThat(ProgressKey.parseValue("x@id".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void aPositionTakenInADeletedTopicDoesNotApplyToItsNamesake() {
    ProgressKey.Stored old = new ProgressKey.Stored(500, "old-id");

    assertThat(old.belongsToAnotherTopicThan("new-id")).isTrue();
    assertThat(old.belongsToAnotherTopicThan("old-id")).isFalse();
    // Unknown on either side (a value from before IDs were stored, or the source did not say):
    // the stored offset is trusted, as it always was.
    assertThat(old.belongsToAnotherTopicThan("")).isFalse();
    assertThat(new ProgressKey.Stored(500, "").belongsToAnotherTopicThan("new-id")).isFalse();
  }
}
