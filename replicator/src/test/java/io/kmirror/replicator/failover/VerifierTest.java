package io.kmirror.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.failover.PartitionCheck.Match;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How a drill judges the first record a failed-over consumer reads, against the source's. */
class VerifierTest {

  private static final PlanRow ROW =
      new PlanRow(
          "g",
          new TopicPartition("orders", 0),
          new TopicPartition("A.orders", 0),
          20,
          "",
          OptionalLong.of(20),
          true,
          "");

  /** Source records 10..29 except 15 (a transaction marker, say). */
  private static List<RecordView> source() {
    List<RecordView> records = new ArrayList<>();
    for (long o = 10; o < 30; o++) {
      if (o != 15) {
        records.add(record(o, "v" + o));
      }
    }
    return records;
  }

  private static RecordView record(long offset, String value) {
    return new RecordView(
        offset,
        1000 + offset,
        "k".getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8),
        List.of(Map.entry("origin", "A".getBytes(StandardCharsets.UTF_8))));
  }

  /** The same content at another offset, as the target holds it. */
  private static RecordView onTarget(long sourceOffset) {
    RecordView r = record(sourceOffset, "v" + sourceOffset);
    return new RecordView(sourceOffset + 500, r.timestamp(), r.key(), r.value(), r.headers());
  }

  @Test
  void theRecordRightAfterTheCommittedOneIsNeitherReReadNorSkipped() {
    PartitionCheck check = Verifier.check(ROW, 20, onTarget(20), source());

    assertThat(check.passed()).isTrue();
    assertThat(check.match()).isEqualTo(new Match.At(20));
    assertThat(check.note()).isEqualTo("resumed at source offset 20, the next record");
  }

  @Test
  void anEarlierRecordCountsTheRecordsReadAgain() {
    PartitionCheck check = Verifier.check(ROW, 13, onTarget(13), source());

    // 13, 14, 16..19: the marker at 15 is no record
    assertThat(check.reRead()).isEqualTo(6);
    assertThat(check.skipped()).isZero();
    assertThat(check.passed()).isFalse();
  }

  @Test
  void aLaterRecordCountsTheRecordsSkipped() {
    PartitionCheck check = Verifier.check(ROW, 23, onTarget(23), source());

    assertThat(check.skipped()).isEqualTo(3);
    assertThat(check.reRead()).isZero();
    assertThat(check.passed()).isFalse();
  }

  @Test
  void aDifferentTimestampIsNotTheSameRecord() {
    RecordView copy = onTarget(20);
    RecordView changed =
        new RecordView(
            copy.offset(), copy.timestamp() + 1, copy.key(), copy.value(), copy.headers());

    PartitionCheck check = Verifier.check(ROW, 20, changed, source());

    assertThat(check.match()).isEqualTo(Match.NOT_FOUND);
    assertThat(check.passed()).isFalse();
  }

  @Test
  void aTargetThatEndsAtThePositionIsNotASkip() {
    PartitionCheck check = Verifier.check(ROW, 20, null, source());

    assertThat(check.passed()).isTrue();
    assertThat(check.note())
        .isEqualTo(
            "the target ends here: source records from 20 never reached it (lost with the source, see RPO)");
  }

  @Test
  void aCommitOnAMarkerResumesAtTheNextRecord() {
    PlanRow onMarker =
        new PlanRow("g", ROW.source(), ROW.target(), 15, "", OptionalLong.of(15), true, "");

    assertThat(Verifier.check(onMarker, 15, onTarget(16), source()).passed()).isTrue();
  }
}
