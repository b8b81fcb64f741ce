package io.kmirror.replicator.offsets.index;

import static io.kmirror.replicator.offsets.index.SimulatedPartition.range;

import java.util.stream.LongStream;

/**
 * The partition histories that translation is checked against in both directions (source to target
 * in {@code PartitionIndexTest}, target to source in {@code PartitionIndexReverseTest}), each
 * mirrored and marked up to {@link Mirrored#next()}.
 */
final class Histories {

  /** A simulated partition and the offset its mirror is marked up to. */
  record Mirrored(SimulatedPartition partition, long next) {}

  private Histories() {}

  /** Commits at 10 and 21, an aborted transaction 22..26 with its marker at 27, end at 41. */
  static Mirrored transactions() {
    long[] unreadable =
        LongStream.concat(LongStream.of(10, 21, 41), LongStream.of(range(22, 28))).toArray();
    SimulatedPartition p = new SimulatedPartition(42, unreadable);
    return new Mirrored(p, p.stretch(0).mirrorUntil(42).mark(42));
  }

  /** A compacted partition where only 0, 3, 4, 9, 15..17 and 30 survive (target 0..7). */
  static Mirrored compacted() {
    SimulatedPartition p = new SimulatedPartition(31, gapsExcept(31, 0, 3, 4, 9, 15, 16, 17, 30));
    return new Mirrored(p, p.stretch(0).mirrorUntil(31).mark(31));
  }

  /**
   * A stretch that stored progress 100, then wrote 100..149 and crashed; the restart re-sends from
   * 100 (the superseded copies at target 100..149, the kept ones from 150).
   */
  static Mirrored restartWithDuplicates() {
    SimulatedPartition p = new SimulatedPartition(200);
    SimulatedPartition.Stretch first = p.stretch(0).mirrorUntil(100);
    first.markAcked();
    first.mirrorUntil(150);
    return new Mirrored(p, p.stretch(100).mirrorUntil(200).mark(200));
  }

  /**
   * A commit marker at 10, progress stored at 11 (idle, past the marker), then 11..30 sent; the
   * restart re-sends from 11.
   */
  static Mirrored restartPastAStepOverMarker() {
    SimulatedPartition p = new SimulatedPartition(60, 10, 40);
    SimulatedPartition.Stretch first = p.stretch(0).mirrorUntil(11);
    first.mark(11);
    first.mirrorUntil(31);
    return new Mirrored(p, p.stretch(11).mirrorUntil(60).mark(60));
  }

  /**
   * Marks at 11 (progress stored) and at 25 (mark written, progress lost in a crash); the restart
   * resumes from the stored 11.
   */
  static Mirrored crashBetweenMarkAndProgress() {
    SimulatedPartition p = new SimulatedPartition(60, 10, 24);
    SimulatedPartition.Stretch first = p.stretch(0).mirrorUntil(11);
    first.mark(11);
    first.mirrorUntil(25);
    first.mark(25);
    first.mirrorUntil(40);
    return new Mirrored(p, p.stretch(11).mirrorUntil(60).mark(60));
  }

  /** 0..49 acknowledged, 50 failed, 51..59 written anyway (target 50..58), then a rewind to 50. */
  static Mirrored rewindAfterASendFailure() {
    SimulatedPartition p = new SimulatedPartition(80);
    p.stretch(0).mirrorUntil(50);
    p.strayWrites(51, 60);
    return new Mirrored(p, p.stretch(50).mirrorUntil(80).mark(80));
  }

  /** A source gap at 20 and 7 records of another writer on the target (target 20..26). */
  static Mirrored foreignRecordsInASourceGap() {
    SimulatedPartition p = new SimulatedPartition(50, 20);
    SimulatedPartition.Stretch s = p.stretch(0).mirrorUntil(20);
    p.foreignWrites(7);
    return new Mirrored(p, s.mirrorUntil(50).mark(50));
  }

  /** A marker after every 3 records and an aborted pair every 30 offsets, with a restart. */
  static Mirrored manyTransactionsAndARestart() {
    long[] unreadable =
        LongStream.range(0, 3000).filter(o -> o % 4 == 3 || o % 30 == 13 || o % 30 == 14).toArray();
    SimulatedPartition p = new SimulatedPartition(3000, unreadable);
    SimulatedPartition.Stretch first = p.stretch(0).mirrorUntil(1500);
    first.mark(1500);
    first.mirrorUntil(2100);
    return new Mirrored(p, p.stretch(1500).mirrorUntil(3000).mark(3000));
  }

  private static long[] gapsExcept(long end, long... kept) {
    return LongStream.range(0, end)
        .filter(o -> LongStream.of(kept).noneMatch(k -> k == o))
        .toArray();
  }
}
