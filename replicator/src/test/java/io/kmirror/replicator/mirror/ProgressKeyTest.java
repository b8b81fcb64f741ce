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
    assertThat(ProgressKey.parseValue(ProgressKey.value(12345))).isEqualTo(12345);
  }

  @Test
  void keysOfAnotherFlowOrMalformedKeysAreIgnored() {
    byte[] other = ProgressKey.key(new FlowId("C", "B"), new TopicPartition("orders", 0));

    assertThat(ProgressKey.parse(FLOW, other)).isEmpty();
    assertThat(ProgressKey.parse(FLOW, "A->B/orders/x".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ProgressKey.parse(FLOW, null)).isEqualTo(Optional.empty());
    assertThat(ProgressKey.parseValue(null)).isEqualTo(-1);
  }
}
