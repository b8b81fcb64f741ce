package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

  private static String value(RecordHeaders headers) {
    return new String(headers.lastHeader(Provenance.HEADER).value(), StandardCharsets.UTF_8);
  }

  @Test
  void aRecordWithoutProvenanceIsMirroredAndStampedWithItsSource() {
    Provenance provenance = new Provenance("A", "B");
    RecordHeaders headers = new RecordHeaders();

    assertThat(provenance.visitedTarget(headers)).isFalse();
    provenance.stamp(headers);
    assertThat(value(headers)).isEqualTo("A");
  }

  @Test
  void aRecordThatWasOnTheTargetIsDropped() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Provenance.HEADER, "B".getBytes(StandardCharsets.UTF_8));

    assertThat(new Provenance("A", "B").visitedTarget(headers)).isTrue();
  }

  @Test
  void aChainKeepsEveryClusterInOrder() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Provenance.HEADER, "A".getBytes(StandardCharsets.UTF_8));
    Provenance bToC = new Provenance("B", "C");

    assertThat(bToC.visitedTarget(headers)).isFalse();
    bToC.stamp(headers);
    assertThat(value(headers)).isEqualTo("A,B");
    assertThat(headers.headers(Provenance.HEADER)).hasSize(1);
    assertThat(new Provenance("C", "A").visitedTarget(headers)).isTrue();
  }

  @Test
  void namesMatchWholeNotAsPrefixes() {
    byte[] list = "east-1,west".getBytes(StandardCharsets.UTF_8);

    assertThat(Provenance.contains(list, "east".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(Provenance.contains(list, "east-1".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(Provenance.contains(list, "west".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(Provenance.contains(list, "wes".getBytes(StandardCharsets.UTF_8))).isFalse();
  }
}
