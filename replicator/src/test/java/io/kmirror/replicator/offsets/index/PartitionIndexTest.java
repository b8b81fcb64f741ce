package io.kmirror.replicator.offsets.index;

import static io.kmirror.replicator.offsets.index.SimulatedPartition.range;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionIndexTest {

  /** Every committed offset from {@code from} to the mark translates to the simulated answer. */
  private static void assertExactFrom(SimulatedPartition p, long from, long mirroredUpTo) {
    for (long x = from; x <= mirroredUpTo; x++) {
      Translation t = p.index.translate(x);
      assertThat(t.kind()).as("kind for committed %d", x).isEqualTo(Translation.Kind.EXACT);
      assertThat(t.target().getAsLong())
          .as("target for committed %d", x)
          .isEqualTo(p.expected(x, mirroredUpTo));
    }
  }

  @Test
  void contiguousPartitionTranslatesEveryOffsetOneToOne() {
    // Given a partition of 100 records mirrored into an empty target
    SimulatedPartition p = new SimulatedPartition(100);
    long next = p.stretch(0).mirrorUntil(100).mark(100);

    // Then every offset maps to itself, the end to the target's end, with one run
    assertExactFrom(p, 0, next);
    assertThat(p.index.translate(37).target()).hasValue(37);
    assertThat(p.index.translate(100).target()).hasValue(100);
    assertThat(p.index.runs()).isEqualTo(1);
  }

  @Test
  void transactionMarkersAndAbortedRecordsMapToTheNextMirroredRecord() {
    // Given commits at 10 and 21, an aborted transaction 22..26 with its marker at 27, end at 41
    Histories.Mirrored history = Histories.transactions();
    SimulatedPartition p = history.partition();
    long next = history.next();

    // Then a group committed on a marker or an aborted record resumes at the next record
    assertExactFrom(p, 0, next);
    assertThat(p.index.translate(10).target()).hasValue(10);
    assertThat(p.index.translate(11).target()).hasValue(10);
    assertThat(p.index.translate(22).target()).hasValue(20);
    assertThat(p.index.translate(28).target()).hasValue(20);
    assertThat(p.index.translate(41).target()).as("on the last marker").hasValue(33);
    assertThat(p.index.translate(42).target()).as("the source's end").hasValue(33);
  }

  @Test
  void compactionGapsMapToTheNextSurvivingRecord() {
    // Given a compacted partition where only 0, 3, 4, 9, 15..17 and 30 survive
    Histories.Mirrored history = Histories.compacted();
    SimulatedPartition p = history.partition();
    long next = history.next();

    assertExactFrom(p, 0, next);
    assertThat(p.index.translate(5).target()).hasValue(3);
    assertThat(p.index.translate(16).target()).hasValue(5);
    assertThat(p.index.translate(18).target()).hasValue(7);
    assertThat(p.index.translate(31).target()).hasValue(8);
  }

  @Test
  void restartFromStoredProgressPrefersTheLastCopyOfDuplicates() {
    // Given a stretch that stored progress 100, then wrote 100..149 and crashed, and a restart
    // that re-sends from 100
    Histories.Mirrored history = Histories.restartWithDuplicates();
    SimulatedPartition p = history.partition();
    long next = history.next();

    // Then 100..149 resume at their second copies, so nothing is read twice
    assertExactFrom(p, 0, next);
    assertThat(p.index.translate(99).target()).hasValue(99);
    assertThat(p.index.translate(100).target()).hasValue(150);
    assertThat(p.index.translate(149).target()).hasValue(199);
    assertThat(p.index.translate(200).target()).hasValue(250);
  }

  @Test
  void restartAfterStepOverMarkersResumesGapOffsetsAtTheLastCopy() {
    // Given a commit marker at 10, progress stored at 11 (idle, past the marker), then 11..30 sent,
    // and a restart that re-sends from 11
    Histories.Mirrored history = Histories.restartPastAStepOverMarker();
    SimulatedPartition p = history.partition();
    long next = history.next();

    // Then a group committed on the marker resumes at the second copy of 11, not the first
    assertExactFrom(p, 0, next);
    assertThat(p.index.translate(10).target()).hasValue(30);
  }

  @Test
  void aRestartedRunCarryingTheStoredLastOffsetIsExactWithoutThePreviousMark() {
    // Given a commit marker at 10, progress 11 stored with its last mirrored offset 9, 11..30 sent
    SimulatedPartition p = new SimulatedPartition(60, 10, 40);
    SimulatedPartition.Stretch first = p.stretch(0).mirrorUntil(11);
    first.mark(11);
    first.mirrorUntil(31);
    SimulatedPartition.Stretch restart = p.stretch(11, 9).mirrorUntil(60);
    long next = restart.mark(60);

    // When an index is built from the runs and only the newest mark (the compacted topic)
    PartitionIndex compacted = new PartitionIndex();
    compacted.run(0, 0, 0);
    compacted.run(10, 11, 30);
    compacted.run(40, 41, 59);
    compacted.mark(60, 59, 77);

    // Then the marker resumes at the second copy of 11, as in the full log
    assertExactFrom(p, 0, next);
    for (long x = 0; x <= next; x++) {
      assertThat(compacted.translate(x)).as("committed %d", x).isEqualTo(p.index.translate(x));
    }
    assertThat(compacted.translate(10).target()).hasValue(30);
  }

  @Test
  void crashBetweenMarkAndProgressStillFindsTheBoundaryOfTheStoredProgress() {
    // Given marks at 11 (stored) and at 25 (mark written, progress lost in the crash), and the
    // restart resuming from the stored 11
    Histories.Mirrored history = Histories.crashBetweenMarkAndProgress();

    assertExactFrom(history.partition(), 0, history.next());
  }

  @Test
  void aRewindAfterASendFailureKeepsLaterCopies() {
    // Given 0..49 acknowledged, 50 failed, 51..59 written anyway, then a rewind to 50
    Histories.Mirrored history = Histories.rewindAfterASendFailure();
    SimulatedPartition p = history.partition();
    long next = history.next();

    assertExactFrom(p, 0, next);
    assertThat(p.index.translate(55).target()).hasValue(64);
  }

  @Test
  void anotherWritersRecordsOnTheTargetAreNeverCountedAsMirrored() {
    // Given a source gap at 20 and 7 records of another writer on the target (target 20..26)
    Histories.Mirrored history = Histories.foreignRecordsInASourceGap();
    SimulatedPartition p = history.partition();
    long next = history.next();

    assertExactFrom(p, 0, next);
    assertThat(p.index.translate(20).target()).as("gap then foreign records").hasValue(27);
  }

  @Test
  void offsetsBeyondTheMirrorAreNotYetReplicatedWithTheirCount() {
    SimulatedPartition p = new SimulatedPartition(100);
    SimulatedPartition.Stretch s = p.stretch(0).mirrorUntil(60);
    s.markAcked();

    Translation t = p.index.translate(75);

    assertThat(t.kind()).isEqualTo(Translation.Kind.NOT_YET_REPLICATED);
    assertThat(t.target()).hasValue(60);
    assertThat(t.notReplicated()).isEqualTo(15);
    assertThat(t.reason()).isEqualTo("not yet replicated: mirrored up to source offset 60");
  }

  @Test
  void aMarkWithoutAcknowledgementsMovesTheTailPastUnmirroredOffsets() {
    SimulatedPartition p = new SimulatedPartition(30, range(20, 30));
    p.stretch(0).mirrorUntil(20).mark(20);
    p.stretch(20).mark(30);

    assertThat(p.index.translate(25).target()).hasValue(20);
    assertThat(p.index.translate(30).target()).hasValue(20);
  }

  @Test
  void offsetsBelowTheFirstMirroredOneAreNotExactlyTranslatable() {
    SimulatedPartition p = new SimulatedPartition(100);
    p.stretch(50).mirrorUntil(100).mark(100);

    Translation t = p.index.translate(10);

    assertThat(t.kind()).isEqualTo(Translation.Kind.BELOW_INDEX);
    assertThat(t.target()).isEmpty();
    assertThat(t.reason()).startsWith("not exactly translatable: committed offset 10 is below 50");
    assertThat(p.index.translate(50).target()).hasValue(0);
  }

  @Test
  void nothingMirroredYetSaysSo() {
    assertThat(new PartitionIndex().translate(5).kind()).isEqualTo(Translation.Kind.NOT_MIRRORED);
  }

  @Test
  void pruningBelowTheSourceLogStartKeepsEveryAnswerAboveIt() {
    SimulatedPartition p = new SimulatedPartition(100, 10, 20, 30, 40, 50);
    long next = p.stretch(0).mirrorUntil(100).mark(100);
    assertThat(p.index.runs()).isEqualTo(6);

    p.index.pruneBelow(35);

    assertThat(p.index.runs()).isEqualTo(3);
    assertExactFrom(p, 35, next);
  }

  @Test
  void manyTransactionsStayExactEverywhere() {
    // Given a marker after every 3 records and an aborted pair every 30 offsets, with a restart
    Histories.Mirrored history = Histories.manyTransactionsAndARestart();

    assertExactFrom(history.partition(), 0, history.next());
  }
}
