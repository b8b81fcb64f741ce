package io.kmirror.replicator.offsets.index;

import java.util.Arrays;
import java.util.OptionalLong;

// Over 300 lines on purpose: a third is the Javadoc of what makes a translation exact, and the
// forward and reverse lookups must read the same arrays under the same invariants.
/**
 * The exact source-to-target offset map of one source partition, built from the mirroring workers'
 * runs and marks in the order they were written. Not thread-safe: one owner.
 *
 * <p><b>Runs.</b> A run {@code (from, sourceStart, targetStart)} is written whenever the distance
 * between target and source offsets of an acknowledged record changes: after a gap in the source
 * (transaction markers, aborted records, compaction, records dropped by loop prevention), after
 * another writer's records on the target, and at the first record of every stretch of sending (a
 * start, a restart, a rewind). {@code from} is the acknowledged position just before the run's
 * first record, so nothing in {@code [from, sourceStart)} was mirrored by that stretch.
 *
 * <p><b>Marks.</b> A mark {@code (next, lastSource, lastTarget)} is written right before the
 * progress {@code next} is stored: every source record below {@code next} is on the target or was
 * not mirrored on purpose, and the last one on the target is {@code lastSource} at {@code
 * lastTarget}.
 *
 * <p><b>Invariant.</b> After applying the log, the runs are ordered with {@code from[k] <=
 * sourceStart[k] < from[k+1]}, and for every source offset {@code X >= from[0]} up to the last
 * mark's {@code next}, {@link #translate} returns the target offset of the <em>last</em> copy of
 * the first mirrored record whose source offset is {@code >= X}, so a consumer resuming there reads
 * each later record once and misses none. Why it holds:
 *
 * <ul>
 *   <li>Within one stretch the producer is idempotent and writes in source order, so consecutive
 *       records keep the distance {@code targetStart - sourceStart} until the next run: {@code X}
 *       in {@code (sourceStart[k], from[k+1])} is at {@code targetStart[k] + X - sourceStart[k]}
 *       (or, in a source gap matched by an equal gap of foreign records on the target, just before
 *       the next mirrored record). {@code X} in {@code [from[k], sourceStart[k]]} was not mirrored
 *       below {@code sourceStart[k]}, so the answer is {@code targetStart[k]}.
 *   <li>A stretch that restarts from stored progress {@code P} re-sends what the previous one may
 *       already have written after {@code P}, and every run starting at or after its first run's
 *       {@code from} is dropped, so the last copy wins. That run carries its own widened {@code
 *       from}: the worker stores, with {@code P}, the last source offset {@code L} below {@code P}
 *       on the target (the {@code lastSource} of the mark written for the same progress), and the
 *       restarted stretch's first run has {@code from = L + 1} (the offsets in between were not
 *       mirrored by anyone, but a restart cannot read below {@code P}), or {@code from = P} when
 *       {@code L} is unknown. So the run is exact on its own, also once compaction has left only
 *       the newest mark of the partition. Runs written before progress carried {@code L} have
 *       {@code from = P}; for them {@code from} is still widened here down to a remembered mark's
 *       {@code lastSource + 1} when that mark's {@code next} is {@code P} (marks are written before
 *       the progress they describe, so that mark is in the log before the new run, unless
 *       compaction removed it: then such an old run's boundary is {@code P}, and a group committed
 *       in {@code (L, P)} re-reads the earlier copies, never skips).
 *   <li>Past the last run's start, the newest mark says how far that run goes ({@code lastSource})
 *       and where the next mirrored record will land ({@code lastTarget + 1}) for every {@code X}
 *       up to {@code next}. Beyond {@code next} nothing is known yet: "not yet replicated".
 *   <li>Runs are written (acknowledged) before the progress that covers them, so a restart never
 *       resumes beyond a run the log lacks.
 * </ul>
 *
 * <p><b>Exactly-once: commit markers.</b> With {@code kmirror.exactly.once.enabled} the copies are
 * written in transactions, and each commit puts a control record (the commit marker) into every
 * remote partition the transaction wrote, right after the transaction's last copy there. The
 * invariant above still holds, because a marker only ever sits between two transactions: the next
 * transaction's first copy has a distance one larger, so it starts a new run (the mirroring side
 * writes a run whenever the distance changes), and inside a run the distance stays constant. What
 * the markers change is the tail: the next copy lands at {@code lastTarget + 2}, not {@code
 * lastTarget + 1}. A mark written in a transaction therefore carries {@code nextTarget} (the offset
 * after the commit marker that the same commit writes), and {@link #translate} answers it for every
 * {@code X} in {@code (lastSource, next]}: the committed end of the remote partition, its last
 * stable offset, so a group moved there shows no lag of one and never sits on a marker. Marks are
 * written in the same transaction as the copies they describe and readers use {@code
 * read_committed}, so the index never describes an aborted copy; runs of an aborted transaction are
 * dropped by the worker before they are written ({@code OffsetJournal}).
 *
 * <p>Memory: three longs per run. Runs appear only at gaps and restarts, so a plain topic needs a
 * handful; a transactional source adds one per transaction. {@link #pruneBelow} drops the runs
 * below the source's log start, and {@link #forgetThrough} applies the tombstones that pruning
 * writes (see {@link OffsetIndex} for why a re-read then rebuilds the same pruned index).
 */
public final class PartitionIndex {

  private static final int MARKS_REMEMBERED = 16;

  private long[] from = new long[4];
  private long[] sourceStart = new long[4];
  private long[] targetStart = new long[4];
  private int size;
  private long next = -1;
  private long lastSource = -1;
  private long lastTarget = -1;
  private long nextTarget = -1;
  private final long[] markNext = new long[MARKS_REMEMBERED];
  private final long[] markLast = new long[MARKS_REMEMBERED];
  private int marks;

  public PartitionIndex() {
    Arrays.fill(markNext, -1);
  }

  /** Applies a run, truncating the runs it supersedes (earlier copies of the same records). */
  public void run(long runFrom, long runSourceStart, long runTargetStart) {
    long boundary = Math.min(runFrom < 0 ? runSourceStart : runFrom, runSourceStart);
    long widened = rememberedBoundary(boundary);
    if (widened >= 0 && widened < boundary) {
      boundary = widened;
    }
    while (size > 0 && sourceStart[size - 1] >= boundary) {
      size--;
    }
    if (size > 0) {
      boundary = Math.max(boundary, sourceStart[size - 1] + 1);
    }
    grow();
    from[size] = boundary;
    sourceStart[size] = runSourceStart;
    targetStart[size] = runTargetStart;
    size++;
    next = runSourceStart + 1;
    lastSource = runSourceStart;
    lastTarget = runTargetStart;
    nextTarget = -1;
  }

  /** Applies a mark; a mark of an older run or stretch only helps to place later boundaries. */
  public void mark(long markedNext, long markedLastSource, long markedLastTarget) {
    mark(markedNext, markedLastSource, markedLastTarget, -1);
  }

  /**
   * As {@link #mark(long, long, long)}, with where the next copy lands when a commit marker follows
   * {@code markedLastTarget} ({@code -1}: right after it).
   */
  public void mark(
      long markedNext, long markedLastSource, long markedLastTarget, long markedNextTarget) {
    remember(markedNext, markedLastSource >= 0 ? markedLastSource : lastSourceBelow(markedNext));
    if (markedLastSource >= 0) {
      int k = size - 1;
      if (k < 0
          || markedLastSource < sourceStart[k]
          || markedLastSource < lastSource
          || markedLastTarget - markedLastSource != targetStart[k] - sourceStart[k]) {
        return;
      }
      lastSource = markedLastSource;
      lastTarget = markedLastTarget;
      nextTarget = markedNextTarget > markedLastTarget ? markedNextTarget : -1;
    }
    if (size > 0) {
      next = Math.max(next, markedNext);
    }
  }

  /** Where a group committed at source offset {@code committed} resumes on the target. */
  public Translation translate(long committed) {
    if (size == 0) {
      return Translation.notMirrored();
    }
    if (committed < from[0]) {
      return Translation.belowIndex(committed, from[0]);
    }
    int k = runAt(committed);
    if (committed <= sourceStart[k]) {
      return Translation.exact(targetStart[k]);
    }
    if (k < size - 1 || committed <= lastSource) {
      return Translation.exact(targetStart[k] + (committed - sourceStart[k]));
    }
    if (committed <= next) {
      return Translation.exact(tailTarget());
    }
    return Translation.notYetReplicated(tailTarget(), committed - next, next);
  }

  /**
   * Drops the runs no source offset at or above {@code logStart} can need: every run before the
   * last one whose {@code from <= logStart}, and never the last run. Answers do not change for any
   * {@code X} at or above the new first run's {@code from} (which is {@code <= logStart} unless
   * nothing was dropped): {@link #translate} reads only run {@code k} (the last with {@code from <=
   * X}), whether a run follows it, and the tail, and none of these is dropped. Below that floor the
   * answer is "below index". Later runs and marks apply as they would have: a run truncates only
   * runs starting at or after its boundary, and the last run, which marks check against, is kept.
   *
   * @return how many runs were dropped
   */
  public int pruneBelow(long logStart) {
    int drop = 0;
    while (drop < size - 1 && from[drop + 1] <= logStart) {
      drop++;
    }
    dropFirst(drop);
    return drop;
  }

  /**
   * Applies the tombstone of the run key that ends in {@code runSourceStart}: drops every run that
   * starts at or below it, but never the last run. Pruning tombstones only keys below its first
   * kept run, so this drops exactly what {@link #pruneBelow} dropped, whether or not the tombstoned
   * run is still in the index (compaction may already have removed its record); and it only ever
   * drops a prefix, which moves the floor up without changing any answer above it.
   */
  public void forgetThrough(long runSourceStart) {
    int drop = 0;
    while (drop < size - 1 && sourceStart[drop] <= runSourceStart) {
      drop++;
    }
    dropFirst(drop);
  }

  /** The first run's {@code sourceStart}, the key every pruned run key lies below. */
  public OptionalLong firstRunStart() {
    return size == 0 ? OptionalLong.empty() : OptionalLong.of(sourceStart[0]);
  }

  private void dropFirst(int drop) {
    if (drop > 0) {
      System.arraycopy(from, drop, from, 0, size - drop);
      System.arraycopy(sourceStart, drop, sourceStart, 0, size - drop);
      System.arraycopy(targetStart, drop, targetStart, 0, size - drop);
      size -= drop;
    }
  }

  public int runs() {
    return size;
  }

  /** The next source offset to mirror as far as this index knows, or -1 before any run. */
  public long mirroredUpTo() {
    return size == 0 ? -1 : next;
  }

  /**
   * Where a group committed at {@code targetOffset} on the remote copy resumes on this source
   * partition: the reverse of {@link #translate}, for failback.
   *
   * <p><b>Rule.</b> The answer is the source offset of the first record at or after {@code
   * targetOffset} whose copy the index keeps (the last copy of its source record), or the newest
   * mark's {@code next} when {@code targetOffset} is right after the last kept copy. A consumer
   * moved there reads next on the source what it would have read next on the target; what it may
   * read again are records whose superseded copies it read on the target, which the target would
   * deliver again too (their kept copies come later there).
   *
   * <p><b>Reverse invariant.</b> The kept runs have strictly increasing {@code targetStart}: a run
   * is written after every run before it in the log, and a restart's run is appended after the runs
   * it supersedes are dropped. Run {@code k} holds the copies of source offsets {@code
   * [sourceStart[k], from[k+1])} at target offsets {@code [targetStart[k], end[k]]}, {@code end[k]
   * = targetStart[k] + from[k+1] - 1 - sourceStart[k]}; the last run ends at the mark's {@code
   * lastTarget}. With {@code Y = targetOffset} and {@code k} the last run whose {@code targetStart
   * <= Y}:
   *
   * <ul>
   *   <li>{@code Y < targetStart[0]}: no kept copy is known there (copied before the index existed,
   *       or another writer's records): {@link ReverseTranslation.Kind#BELOW_INDEX}.
   *   <li>{@code Y <= end[k]}: {@code sourceStart[k] + Y - targetStart[k]}. Inside a run the
   *       distance is constant (in-order idempotent writes, as for {@link #translate}), so {@code
   *       Y} holds the copy of that source record; or {@code Y} is another writer's record filling
   *       an equal gap of the source, and the answer is an offset the source never delivers
   *       (marker, aborted, compacted), so a consumer there reads next the record whose copy
   *       follows {@code Y}.
   *   <li>{@code end[k] < Y < targetStart[k+1]}: a stretch of target offsets between two runs with
   *       no kept copy: copies superseded by a restart or rewind (all of source records at or after
   *       {@code from[k+1]}, which run {@code k+1} sends again), or another writer's records. The
   *       answer is {@code sourceStart[k+1]}: every source record below {@code from[k+1]} has its
   *       kept copy below {@code Y}, and {@code [from[k+1], sourceStart[k+1])} was not mirrored, so
   *       nothing is skipped.
   *   <li>Last run, {@code Y == lastTarget + 1} (or up to the mark's {@code nextTarget}, the commit
   *       marker in between): {@code next}. Every source offset below {@code next} is on the target
   *       or was not mirrored on purpose, and the next record the mirror copies is the first one at
   *       or after {@code next}.
   *   <li>Last run, {@code Y > lastTarget + 1}: copies made after the newest mark, or another
   *       writer's records; the index cannot tell which: {@link
   *       ReverseTranslation.Kind#BEYOND_INDEX}. A later mark may cover it.
   * </ul>
   *
   * <p>Like {@link #translate}, this relies on {@code from[k+1]} being one past run {@code k}'s
   * last mirrored record, save for offsets the source never delivers in between (a restart's run
   * carries, or is widened to, the stored mark's boundary for that); where {@code end[k]}
   * overshoots into them, the answers there are such offsets, and a consumer reads next {@code
   * sourceStart[k+1]} from them, as the rule says.
   */
  public ReverseTranslation sourceOf(long targetOffset) {
    if (size == 0) {
      return ReverseTranslation.notMirrored();
    }
    if (targetOffset < targetStart[0]) {
      return ReverseTranslation.belowIndex(targetOffset, targetStart[0]);
    }
    int k = runAtTarget(targetOffset);
    boolean last = k == size - 1;
    long end = last ? lastTarget : targetStart[k] + (from[k + 1] - 1 - sourceStart[k]);
    if (targetOffset <= end) {
      return ReverseTranslation.exact(sourceStart[k] + (targetOffset - targetStart[k]));
    }
    if (!last) {
      return ReverseTranslation.exact(sourceStart[k + 1]);
    }
    if (targetOffset <= tailTarget()) {
      return ReverseTranslation.exact(next);
    }
    return ReverseTranslation.beyondIndex(targetOffset, tailTarget(), next);
  }

  /**
   * Where the next copy lands after the newest mark: {@code lastTarget + 1}, or past the commit
   * marker the mark's transaction put there.
   */
  private long tailTarget() {
    return nextTarget > lastTarget ? nextTarget : lastTarget + 1;
  }

  /** The last run with {@code targetStart <= offset}; {@code offset >= targetStart[0]}. */
  private int runAtTarget(long offset) {
    return lastAtOrBelow(targetStart, offset);
  }

  /** The last run with {@code from <= offset}; {@code offset >= from[0]}. */
  private int runAt(long offset) {
    return lastAtOrBelow(from, offset);
  }

  /** The last of the first {@code size} sorted {@code keys} that is at most {@code offset}. */
  private int lastAtOrBelow(long[] keys, long offset) {
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (keys[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private void grow() {
    if (size == from.length) {
      from = Arrays.copyOf(from, size * 2);
      sourceStart = Arrays.copyOf(sourceStart, size * 2);
      targetStart = Arrays.copyOf(targetStart, size * 2);
    }
  }

  /** The last mirrored source offset below {@code position} when the tail tells, else -1. */
  private long lastSourceBelow(long position) {
    return size > 0 && lastSource < position ? lastSource : -1;
  }

  private void remember(long position, long last) {
    if (position < 0 || last < 0) {
      return;
    }
    markNext[marks % MARKS_REMEMBERED] = position;
    markLast[marks % MARKS_REMEMBERED] = last;
    marks++;
  }

  /** {@code lastSource + 1} of a remembered mark whose {@code next} is {@code position}, or -1. */
  private long rememberedBoundary(long position) {
    for (int i = 1; i <= Math.min(marks, MARKS_REMEMBERED); i++) {
      int at = (marks - i) % MARKS_REMEMBERED;
      if (markNext[at] == position) {
        return markLast[at] + 1;
      }
    }
    return -1;
  }
}
