package io.kmirror.replicator.offsets.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Exactly-once: every commit puts a marker on the target after the transaction's last copy. Runs
 * start after each marker, and a mark's {@code nextTarget} puts the tail past the last marker.
 */
class PartitionIndexCommitMarkersTest {

  /** Source 0..9 at target 0..9, marker 10; source 10..19 at target 11..20, marker 21. */
  private static PartitionIndex twoTransactions() {
    PartitionIndex index = new PartitionIndex();
    index.run(0, 0, 0);
    index.mark(10, 9, 9, 11);
    index.run(10, 10, 11);
    index.mark(20, 19, 20, 22);
    return index;
  }

  @Test
  void offsetsInsideAndBetweenTransactionsTranslateToTheirCopies() {
    PartitionIndex index = twoTransactions();

    assertThat(index.translate(5).target()).hasValue(5);
    assertThat(index.translate(9).target()).hasValue(9);
    assertThat(index.translate(10).target()).as("skips the marker at 10").hasValue(11);
    assertThat(index.translate(15).target()).hasValue(16);
    assertThat(index.translate(19).target()).hasValue(20);
    assertThat(index.runs()).isEqualTo(2);
  }

  @Test
  void theTailIsPastTheLastCommitMarker() {
    PartitionIndex index = twoTransactions();

    assertThat(index.translate(20).kind()).isEqualTo(Translation.Kind.EXACT);
    assertThat(index.translate(20).target())
        .as("the last stable offset, not the marker")
        .hasValue(22);
    assertThat(index.translate(25).kind()).isEqualTo(Translation.Kind.NOT_YET_REPLICATED);
    assertThat(index.translate(25).target()).hasValue(22);
  }

  @Test
  void reverseTranslationTreatsMarkersAsNoCopy() {
    PartitionIndex index = twoTransactions();

    assertThat(index.sourceOf(10).source()).as("the first marker").hasValue(10);
    assertThat(index.sourceOf(16).source()).hasValue(15);
    assertThat(index.sourceOf(21).source()).as("the last marker").hasValue(20);
    assertThat(index.sourceOf(22).source()).as("the last stable offset").hasValue(20);
    assertThat(index.sourceOf(23).kind()).isEqualTo(ReverseTranslation.Kind.BEYOND_INDEX);
  }

  @Test
  void aMarkWithoutNextTargetKeepsTheAtLeastOnceTail() {
    PartitionIndex index = new PartitionIndex();
    index.run(0, 0, 0);
    index.mark(10, 9, 9);

    assertThat(index.translate(10).target()).hasValue(10);
  }

  @Test
  void aNewRunForgetsTheOldTailsNextTarget() {
    PartitionIndex index = twoTransactions();
    index.run(20, 20, 22);

    assertThat(index.translate(20).target()).hasValue(22);
    assertThat(index.translate(21).target()).as("right after the run's first copy").hasValue(23);
  }

  @Test
  void aMarkValueWithNextTargetParsesBackAndOldReadersFormatStays() {
    assertThat(
            new String(
                IndexRecords.markValue(20, 19, 20, 22), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("20 19 20 22");
    assertThat(
            new String(
                IndexRecords.markValue(20, 19, 20, -1), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("20 19 20");
  }
}
