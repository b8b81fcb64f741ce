package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
  void valueCarriesTheLastMirroredOffsetBelowTheStoredOne() {
    byte[] value = ProgressKey.value(1200, "kGx1Y2zQTm6bD0X3b1w2Aw", 1187);

    assertThat(new String(value, StandardCharsets.UTF_8))
        .isEqualTo("1200@kGx1Y2zQTm6bD0X3b1w2Aw;last=1187");
    assertThat(ProgressKey.parseValue(value))
        .contains(new ProgressKey.Stored(1200, "kGx1Y2zQTm6bD0X3b1w2Aw", 1187));
    assertThat(new String(ProgressKey.value(1200, "", 1187), StandardCharsets.UTF_8))
        .isEqualTo("1200;last=1187");
    assertThat(ProgressKey.parseValue(ProgressKey.value(1200, "", 1187)))
        .contains(new ProgressKey.Stored(1200, "", 1187));
    assertThat(new String(ProgressKey.value(1200, "id", -1), StandardCharsets.UTF_8))
        .as("unknown last")
        .isEqualTo("1200@id");
    assertThat(new String(ProgressKey.value(1200, "id", 1200), StandardCharsets.UTF_8))
        .as("not below the offset")
        .isEqualTo("1200@id");
  }

  @Test
  void valuesWrittenBeforeTheLastOffsetWasStoredParseAsLastUnknown() {
    assertThat(
            ProgressKey.parseValue("1200@kGx1Y2zQTm6bD0X3b1w2Aw".getBytes(StandardCharsets.UTF_8)))
        .contains(new ProgressKey.Stored(1200, "kGx1Y2zQTm6bD0X3b1w2Aw", -1));
    assertThat(ProgressKey.parseValue("1200".getBytes(StandardCharsets.UTF_8)))
        .hasValueSatisfying(stored -> assertThat(stored.hasLast()).isFalse())
        .contains(new ProgressKey.Stored(1200, ""));
  }

  @Test
  void aMalformedLastOffsetReadsAsUnknownAndKeepsTheStoredOffset() {
    for (String text : List.of("1200@id;last=x", "1200@id;last=1200", "1200@id;last=-4")) {
      assertThat(ProgressKey.parseValue(text.getBytes(StandardCharsets.UTF_8)))
          .as(text)
          .contains(new ProgressKey.Stored(1200, "id", -1));
    }
    assertThat(ProgressKey.parseValue("x@id;last=3".getBytes(StandardCharsets.UTF_8))).isEmpty();
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

  @Test
  void anExactlyOnceValueNamesItsWriterAndWhetherItWasReleasedAndStillReadsAsAPosition() {
    byte[] held = ProgressKey.value(1200, "id", 1187, "kmirror-A-B.tx.host-1-0", false);
    byte[] released = ProgressKey.value(1200, "id", 1187, "kmirror-A-B.tx.host-1-0", true);

    assertThat(new String(released, StandardCharsets.UTF_8))
        .isEqualTo("1200@id;last=1187;by=kmirror-A-B.tx.host-1-0;released");
    assertThat(ProgressKey.parseValue(held)).contains(new ProgressKey.Stored(1200, "id", 1187));
    assertThat(ProgressKey.parseValue(released)).contains(new ProgressKey.Stored(1200, "id", 1187));
    assertThat(ProgressKey.parseOwner(held))
        .isEqualTo(new ProgressKey.Owner("kmirror-A-B.tx.host-1-0", false));
    assertThat(ProgressKey.parseOwner(released))
        .isEqualTo(new ProgressKey.Owner("kmirror-A-B.tx.host-1-0", true));
    assertThat(ProgressKey.parseOwner(ProgressKey.value(1200, "id", 1187)))
        .isEqualTo(ProgressKey.Owner.NONE);
    assertThat(ProgressKey.parseOwner(null)).isEqualTo(ProgressKey.Owner.NONE);
  }
}
