package io.kmirror.replicator.offsets.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PartitionIndexPruningTest {

  /** 2,000 offsets with a commit marker after every 3 records and an aborted pair every 30. */
  private static final long END = 2000;

  private static final long[] UNREADABLE =
      LongStream.range(0, END).filter(o -> o % 4 == 3 || o % 30 == 13 || o % 30 == 14).toArray();

  /** A transactional partition mirrored with a crash and a restart that re-sent 500 offsets. */
  private static SimulatedPartition transactional() {
    SimulatedPartition p = new SimulatedPartition(END, UNREADABLE);
    SimulatedPartition.Stretch first = p.stretch(0).mirrorUntil(1000);
    first.mark(1000);
    first.mirrorUntil(1500);
    p.stretch(1000).mirrorUntil(1900).markAcked();
    return p;
  }

  /** Every answer from 0 to well past the mark (not yet replicated included). */
  private static List<Translation> answers(PartitionIndex index) {
    List<Translation> answers = new ArrayList<>();
    for (long x = 0; x <= END + 10; x++) {
      answers.add(index.translate(x));
    }
    return answers;
  }

  @Test
  void pruningChangesNoAnswerAtOrAboveTheLogStartAndSaysBelowIndexUnderTheNewFloor() {
    // Given an index with hundreds of runs, and each log start a source could report
    List<Translation> before = answers(transactional().index);
    assertThat(transactional().index.runs()).isGreaterThan(400);
    for (long logStart : new long[] {0, 1, 3, 4, 13, 15, 500, 999, 1000, 1001, 1499, 1900, END}) {
      PartitionIndex index = transactional().index;
      int runs = index.runs();

      // When the index is pruned below it
      int dropped = index.pruneBelow(logStart);

      // Then every offset at or above the new floor answers as before; below it, "below index"
      long floor = floor(index);
      assertThat(floor).as("floor for log start %d", logStart).isLessThanOrEqualTo(logStart);
      assertThat(index.runs()).isEqualTo(runs - dropped).isPositive();
      for (long x = 0; x <= END + 10; x++) {
        Translation t = index.translate(x);
        if (x >= floor) {
          assertThat(t)
              .as("log start %d, committed %d", logStart, x)
              .isEqualTo(before.get((int) x));
        } else {
          assertThat(t.kind())
              .as("log start %d, %d", logStart, x)
              .isEqualTo(Translation.Kind.BELOW_INDEX);
          assertThat(t.reason())
              .startsWith("not exactly translatable: committed offset " + x + " is below " + floor);
        }
      }
    }
  }

  @Test
  void pruningAtALogStartInsideALongRunKeepsThatRunAndDropsTheRest() {
    // Given runs starting at 0, 11, 21, 31 (one marker each at 10, 20, 30)
    SimulatedPartition p = new SimulatedPartition(60, 10, 20, 30);
    p.stretch(0).mirrorUntil(60).mark(60);
    assertThat(p.index.runs()).isEqualTo(4);

    // When the log start is 25, inside the run that starts at 21
    int dropped = p.index.pruneBelow(25);

    // Then the runs starting at 0 and 11 go; 20 (the marker before 21) still resumes at 21's copy
    assertThat(dropped).isEqualTo(2);
    assertThat(p.index.firstRunStart()).hasValue(21);
    assertThat(p.index.translate(20).target()).hasValue(19);
    assertThat(p.index.translate(25).target()).hasValue(23);
    assertThat(p.index.translate(19).kind()).isEqualTo(Translation.Kind.BELOW_INDEX);
  }

  @Test
  void aLogStartBeyondEverythingMirroredKeepsTheLastRunAndTheTail() {
    SimulatedPartition p = new SimulatedPartition(100, 10, 20, 30);
    p.stretch(0).mirrorUntil(60).markAcked();
    Translation beyond = p.index.translate(90);

    p.index.pruneBelow(1_000);

    assertThat(p.index.runs()).isEqualTo(1);
    assertThat(p.index.translate(90)).isEqualTo(beyond);
    assertThat(p.index.translate(45).target()).hasValue(42);
    assertThat(p.index.mirroredUpTo()).isEqualTo(60);
  }

  @Test
  void runsAndMarksAppliedAfterPruningGiveTheSameAnswersAsWithoutIt() {
    // Given two identical histories, one pruned half-way, then a restart that re-sends
    long logStart = 700;
    SimulatedPartition pruned = new SimulatedPartition(END, UNREADABLE);
    SimulatedPartition whole = new SimulatedPartition(END, UNREADABLE);
    List<Consumer<SimulatedPartition>> history =
        List.of(
            p -> p.stretch(0).mirrorUntil(1000).mark(1000),
            p -> {
              SimulatedPartition.Stretch crashed = p.stretch(1000).mirrorUntil(1100);
              crashed.mark(1100);
              crashed.mirrorUntil(1300);
            },
            p -> p.stretch(1100).mirrorUntil(END).mark(END));
    history.get(0).accept(pruned);
    history.get(0).accept(whole);
    pruned.index.pruneBelow(logStart);
    for (Consumer<SimulatedPartition> step : history.subList(1, history.size())) {
      step.accept(pruned);
      step.accept(whole);
    }

    // Then every offset at or above the log start answers alike
    for (long x = logStart; x <= END + 10; x++) {
      assertThat(pruned.index.translate(x))
          .as("committed %d", x)
          .isEqualTo(whole.index.translate(x));
    }
  }

  @Test
  void aRunTombstoneDropsEveryRunStartingAtOrBelowItButNeverTheLast() {
    SimulatedPartition p = new SimulatedPartition(60, 10, 20, 30);
    p.stretch(0).mirrorUntil(60).mark(60);

    p.index.forgetThrough(5);
    assertThat(p.index.firstRunStart()).as("below the second run: the first goes").hasValue(11);

    p.index.forgetThrough(11);
    assertThat(p.index.firstRunStart()).hasValue(21);

    p.index.forgetThrough(10_000);
    assertThat(p.index.runs()).as("the last run stays").isEqualTo(1);
    assertThat(p.index.firstRunStart()).hasValue(31);
    assertThat(p.index.translate(59).target()).hasValue(56);
  }

  @Test
  void anEmptyIndexHasNothingToPrune() {
    PartitionIndex index = new PartitionIndex();

    assertThat(index.pruneBelow(100)).isZero();
    assertThat(index.firstRunStart()).isEmpty();
  }

  /** The new floor: the lowest offset whose answer is not "below index". */
  private static long floor(PartitionIndex index) {
    long x = 0;
    while (index.translate(x).kind() == Translation.Kind.BELOW_INDEX) {
      x++;
    }
    return x;
  }
}
