package io.kmirror.replicator.offsets.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link PartitionIndex#sourceOf}: where a group committed on the remote copy resumes on the
 * source, for failback. Each scenario simulates a source partition, its copy and a worker, and
 * checks every target offset against the rule (the source offset of the first kept copy at or after
 * it), plus the exact answers at the points that matter.
 */
class PartitionIndexReverseTest {

  /** Source offset for a group committed at target offset {@code y}; fails unless exact. */
  private static long sourceOf(SimulatedPartition p, long y) {
    ReverseTranslation t = p.index.sourceOf(y);
    assertThat(t.kind())
        .as("kind for target offset %d: %s", y, t.reason())
        .isEqualTo(ReverseTranslation.Kind.EXACT);
    assertThat(t.reason()).isEmpty();
    return t.source().getAsLong();
  }

  /**
   * Every target offset from the first kept copy to one past the last answers by the rule: the very
   * offset where a kept copy sits (or at the end), else an offset from which a consumer reads the
   * same next record. Below is "below index", past the end "beyond index".
   */
  private static void assertRuleEverywhere(SimulatedPartition p, long mirroredUpTo) {
    int first = 0;
    while (!p.keptAt(first)) {
      first++;
    }
    int last = p.targetEnd() - 1;
    while (!p.keptAt(last)) {
      last--;
    }
    for (int y = 0; y < first; y++) {
      assertThat(p.index.sourceOf(y).kind())
          .as("below the first kept copy at %d: %d", first, y)
          .isEqualTo(ReverseTranslation.Kind.BELOW_INDEX);
    }
    for (int y = first; y <= last + 1; y++) {
      long expected = p.expectedSource(y, mirroredUpTo);
      long answer = sourceOf(p, y);
      if (y > last || p.keptAt(y)) {
        assertThat(answer).as("source offset for target offset %d", y).isEqualTo(expected);
      } else {
        assertThat(p.nextReadable(answer))
            .as("next record read from the answer %d for target offset %d", answer, y)
            .isEqualTo(p.nextReadable(expected));
      }
    }
    for (int y = last + 2; y < last + 5; y++) {
      assertThat(p.index.sourceOf(y).kind())
          .as("past the last kept copy at %d: %d", last, y)
          .isEqualTo(ReverseTranslation.Kind.BEYOND_INDEX);
    }
  }

  @Test
  void aGroupAtTheHeadOfTheCopyResumesAtTheSourcesNextOffset() {
    // Given 100 records mirrored after 5 records of another writer on the target
    SimulatedPartition p = new SimulatedPartition(100);
    p.foreignWrites(5);
    long next = p.stretch(0).mirrorUntil(100).mark(100);

    // Then a group that read everything resumes at the source's end, one behind at the last record
    assertRuleEverywhere(p, next);
    assertThat(sourceOf(p, 105)).isEqualTo(100);
    assertThat(sourceOf(p, 104)).isEqualTo(99);
    assertThat(sourceOf(p, 5)).as("the first copy").isEqualTo(0);
  }

  @Test
  void aGroupFarBehindResumesAtTheSourceOffsetOfItsNextRecord() {
    // Given commits at 10 and 21, an aborted transaction 22..26 with its marker at 27, end at 41
    Histories.Mirrored history = Histories.transactions();
    SimulatedPartition p = history.partition();
    long next = history.next();

    // Then each position resumes at its next record's source offset, markers stepped over
    assertRuleEverywhere(p, next);
    assertThat(sourceOf(p, 3)).isEqualTo(3);
    assertThat(sourceOf(p, 10)).as("right after the first marker").isEqualTo(11);
    assertThat(sourceOf(p, 19)).isEqualTo(20);
    assertThat(sourceOf(p, 20)).as("after the aborted transaction").isEqualTo(28);
    assertThat(sourceOf(p, 32)).isEqualTo(40);
    assertThat(sourceOf(p, 33)).as("the copy's end: past the last marker").isEqualTo(42);
  }

  @Test
  void acrossARestartWithDuplicatesTheSupersededCopiesResumeAtTheFirstRecordSentAgain() {
    // Given a stretch that stored progress 100, wrote 100..149 and crashed, then a re-send from 100
    Histories.Mirrored history = Histories.restartWithDuplicates();
    SimulatedPartition p = history.partition();
    long next = history.next();

    // Then the first copies of 100..149 (target 100..149) resume at 100, where the kept copies
    // start at target 150; positions in the kept copies map one to one
    assertRuleEverywhere(p, next);
    assertThat(sourceOf(p, 99)).isEqualTo(99);
    assertThat(sourceOf(p, 100)).isEqualTo(100);
    assertThat(sourceOf(p, 120)).as("inside the superseded copies").isEqualTo(100);
    assertThat(sourceOf(p, 150)).as("the kept copy of 100").isEqualTo(100);
    assertThat(sourceOf(p, 175)).isEqualTo(125);
    assertThat(sourceOf(p, 249)).isEqualTo(199);
    assertThat(sourceOf(p, 250)).isEqualTo(200);
  }

  @Test
  void aRestartPastStepOverMarkersStillResumesEveryPositionByTheRule() {
    // Given a commit marker at 10, progress stored at 11, then 11..30 sent and a re-send from 11
    Histories.Mirrored history = Histories.restartPastAStepOverMarker();
    SimulatedPartition p = history.partition();
    long next = history.next();

    assertRuleEverywhere(p, next);
    assertThat(sourceOf(p, 9)).isEqualTo(9);
    assertThat(sourceOf(p, 10)).as("the superseded copy of 11").isEqualTo(11);
    assertThat(sourceOf(p, 30)).as("the kept copy of 11").isEqualTo(11);
  }

  @Test
  void aCrashBetweenMarkAndProgressResumesEveryPositionByTheRule() {
    Histories.Mirrored history = Histories.crashBetweenMarkAndProgress();

    assertRuleEverywhere(history.partition(), history.next());
  }

  @Test
  void aRewindAfterASendFailureResumesAtTheRecordThatFailed() {
    // Given 0..49 acknowledged, 50 failed, 51..59 written anyway (target 50..58), a rewind to 50
    Histories.Mirrored history = Histories.rewindAfterASendFailure();
    SimulatedPartition p = history.partition();
    long next = history.next();

    // Then a group that read 0..49 resumes at 50, which it never read on the target
    assertRuleEverywhere(p, next);
    assertThat(sourceOf(p, 50)).isEqualTo(50);
    assertThat(sourceOf(p, 55)).isEqualTo(50);
    assertThat(sourceOf(p, 59)).as("the kept copy of 50").isEqualTo(50);
    assertThat(sourceOf(p, 64)).isEqualTo(55);
  }

  @Test
  void anotherWritersRecordsBetweenRunsResumeAtTheNextMirroredRecord() {
    // Given a source gap at 20 and 7 records of another writer on the target (target 20..26)
    Histories.Mirrored history = Histories.foreignRecordsInASourceGap();
    SimulatedPartition p = history.partition();
    long next = history.next();

    assertRuleEverywhere(p, next);
    assertThat(sourceOf(p, 19)).isEqualTo(19);
    assertThat(sourceOf(p, 20)).isEqualTo(21);
    assertThat(sourceOf(p, 23)).isEqualTo(21);
    assertThat(sourceOf(p, 27)).as("the copy of 21").isEqualTo(21);
    assertThat(sourceOf(p, 28)).isEqualTo(22);
  }

  @Test
  void anotherWritersRecordFillingAnEqualSourceGapResumesWhereTheSourceDeliversTheNextRecord() {
    // Given a commit marker at 20 and one record of another writer at target 20: one run
    SimulatedPartition p = new SimulatedPartition(50, 20);
    SimulatedPartition.Stretch s = p.stretch(0).mirrorUntil(20);
    p.foreignWrites(1);
    long next = s.mirrorUntil(50).mark(50);
    assertThat(p.index.runs()).isEqualTo(1);

    // Then the answer is the marker's offset, from which a consumer reads 21 next
    assertRuleEverywhere(p, next);
    assertThat(sourceOf(p, 20)).isEqualTo(20);
    assertThat(p.nextReadable(20)).isEqualTo(21);
    assertThat(sourceOf(p, 21)).isEqualTo(21);
  }

  @Test
  void compactionGapsResumeAtTheNextSurvivingRecord() {
    // Given a compacted partition where only 0, 3, 4, 9, 15..17 and 30 survive (target 0..7)
    Histories.Mirrored history = Histories.compacted();
    SimulatedPartition p = history.partition();
    long next = history.next();

    assertRuleEverywhere(p, next);
    assertThat(sourceOf(p, 1)).isEqualTo(3);
    assertThat(sourceOf(p, 3)).isEqualTo(9);
    assertThat(sourceOf(p, 7)).isEqualTo(30);
    assertThat(sourceOf(p, 8)).isEqualTo(31);
  }

  @Test
  void manyTransactionsAndARestartResumeEveryPositionByTheRule() {
    Histories.Mirrored history = Histories.manyTransactionsAndARestart();

    assertRuleEverywhere(history.partition(), history.next());
  }

  @Test
  void belowTheFirstIndexedCopyIsNotExactlyTranslatable() {
    // Given 5 records of another writer, then a mirror that started at source offset 50
    SimulatedPartition p = new SimulatedPartition(100);
    p.foreignWrites(5);
    p.stretch(50).mirrorUntil(100).mark(100);

    ReverseTranslation t = p.index.sourceOf(3);

    assertThat(t.kind()).isEqualTo(ReverseTranslation.Kind.BELOW_INDEX);
    assertThat(t.source()).isEmpty();
    assertThat(t.reason())
        .isEqualTo(
            "not exactly translatable: committed offset 3 is below 5, the first offset of the copy"
                + " kmirror's index covers (copied before kmirror kept an index, or another"
                + " writer's records)");
    assertThat(sourceOf(p, 5)).isEqualTo(50);
  }

  @Test
  void beyondTheLastMarkIsNotExactlyTranslatable() {
    // Given 0..59 mirrored and marked, then 60..79 copied but not marked yet
    SimulatedPartition p = new SimulatedPartition(100);
    SimulatedPartition.Stretch s = p.stretch(0).mirrorUntil(60);
    s.markAcked();
    s.mirrorUntil(80);

    ReverseTranslation t = p.index.sourceOf(70);

    assertThat(t.kind()).isEqualTo(ReverseTranslation.Kind.BEYOND_INDEX);
    assertThat(t.source()).isEmpty();
    assertThat(t.reason())
        .isEqualTo(
            "not exactly translatable: committed offset 70 is beyond 60, where the copy kmirror's"
                + " index has seen ends (source offset 60); the rest was copied after the mirror's"
                + " last mark, or is another writer's");
    assertThat(sourceOf(p, 60)).as("right after the marked copy").isEqualTo(60);
    assertThat(p.index.sourceOf(61).kind()).isEqualTo(ReverseTranslation.Kind.BEYOND_INDEX);
  }

  @Test
  void nothingIndexedSaysSo() {
    ReverseTranslation t = new PartitionIndex().sourceOf(5);

    assertThat(t.kind()).isEqualTo(ReverseTranslation.Kind.NOT_MIRRORED);
    assertThat(t.reason())
        .isEqualTo("not exactly translatable: kmirror's index has nothing of this partition");
  }
}
