package io.kmirror.replicator.mirror;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;

// Over 300 lines on purpose: one lock-guarded state machine shared by two threads, and the proof of
// why committable() is safe; splitting it would split the state the proof is about.
/**
 * (Over 300 lines on purpose: one partition's acknowledgement state on the hot path, kept in one
 * class so its invariants are checked in one place without extra allocation.)
 *
 * <p>Acknowledgement state of one source partition for one stretch of sending (an "epoch": from an
 * assignment or a rewind until the next). The worker thread sends; the producer's I/O thread
 * completes.
 *
 * <p><b>Why {@link #committable()} is safe to commit.</b> The producer is idempotent with {@code
 * acks=all}, and Kafka runs the callbacks of one partition in send order; a success out of that
 * order is checked for and counted as a failure (see {@link #completed}). So when the callback of
 * the record at source offset {@code k} reports success and no earlier record of this epoch failed,
 * every record this epoch sent before it is on the target too, and {@code k + 1} may be stored as
 * "next offset to read". After a failure at offset {@code f}, nothing at or beyond {@code f} counts
 * as acknowledged, even if a later batch succeeded. When nothing is in flight and nothing failed,
 * every record the consumer handed over was either acknowledged or deliberately dropped (loop
 * prevention), so the consumer's next offset after the last poll is safe as well; that also steps
 * over transaction markers.
 *
 * <p><b>Runs carry their widened start.</b> Each change of the target-minus-source distance is
 * reported to the {@link OffsetMappingSink} as a run {@code (from, sourceStart, targetStart)}. For
 * the epoch's first run {@code from} is the epoch's start {@code P}, widened down to {@code
 * lastBeforeStart + 1} when the stored progress said which record below {@code P} was the last one
 * on the target ({@code lastBeforeStart}, the {@link HighWater#lastSource()} of the mark written
 * with {@code P}): the offsets in between were not mirrored by anyone (markers, aborted records,
 * loop prevention), so the run is exact for them on its own, even after compaction of the index
 * topic has removed that mark. Only the run's {@code from} changes: reading still resumes at {@code
 * P}, and nothing about what progress means changes. {@link #lastSourceBelow} hands the same
 * knowledge on to the next value stored.
 *
 * <p>Threading: {@code sent}, {@code lastSent} and {@code polledNext} belong to the worker; {@code
 * ackedNext}, {@code lastSucceeded} and {@code lastDelta} are written only by the I/O thread (a
 * failing {@code send()} may complete on the worker thread, but it writes only the failure, under
 * this object's lock).
 */
public final class PartitionProgress {

  /** Why sending stopped in this epoch, and at which source offset. */
  public record Failure(long offset, Exception cause) {

    public boolean recordTooLarge() {
      return cause instanceof RecordTooLargeException;
    }

    /** What the failure means for the partition. */
    SendErrorKind kind() {
      return SendErrorKind.of(cause);
    }
  }

  private final TopicPartition source;
  private final String topicId;
  private final String targetTopic;
  private final OffsetMappingSink mappings;
  private final AtomicLong completed = new AtomicLong();
  private long sent;
  private long lastSent = -1;
  // Written only by the producer's I/O thread, which reports every success.
  private long lastSucceeded = -1;
  // The highest target offset acknowledged for this partition, carried over from earlier epochs:
  // the I/O thread writes it; an acknowledgement below it means the remote log was reset.
  private volatile long highestTarget = -1;
  private long polledNext;
  private volatile long ackedNext;
  private volatile long acknowledged;
  private volatile long acknowledgedBytes;
  private volatile Failure failure;
  private volatile Failure decisive;
  private long lastDelta = Long.MIN_VALUE;
  private volatile Run run;
  private long reportedAcknowledged;
  private long reportedBytes;
  private volatile long lastBeforeStart;
  private long firstTimestamp = -1;
  private volatile SendFence fence = SendFence.NONE;

  /** An epoch that knows nothing about the records below its start. */
  public PartitionProgress(
      TopicPartition source,
      String topicId,
      String targetTopic,
      long start,
      OffsetMappingSink mappings) {
    this(source, topicId, targetTopic, start, -1, mappings);
  }

  /**
   * @param topicId the ID of the source topic this epoch reads, {@code ""} when unknown; it tags
   *     every run and high-water mark, so the offset index never mixes two topics of one name
   * @param start the offset this epoch starts from when known (stored progress), else -1
   * @param lastBeforeStart the last source offset below {@code start} that is on the target, as
   *     stored with the progress {@code start}, else -1; the first run starts right after it
   */
  public PartitionProgress(
      TopicPartition source,
      String topicId,
      String targetTopic,
      long start,
      long lastBeforeStart,
      OffsetMappingSink mappings) {
    this.source = source;
    this.topicId = topicId;
    this.targetTopic = targetTopic;
    this.mappings = mappings;
    this.lastBeforeStart = start >= 0 && lastBeforeStart < start ? lastBeforeStart : -1;
    this.ackedNext = start;
    this.polledNext = start;
  }

  public TopicPartition source() {
    return source;
  }

  public String targetTopic() {
    return targetTopic;
  }

  /** The ID of the source topic this epoch reads, {@code ""} when unknown. */
  public String topicId() {
    return topicId;
  }

  /** Worker thread, before this epoch sends: who hears of its failed sends first. */
  void fencedBy(SendFence fence) {
    this.fence = fence;
  }

  /**
   * Worker thread, before the first record of a batch is sent. Aligns the epoch's start with the
   * first record the consumer returned when nothing was sent yet: either no start was known (no
   * stored progress: everything below the earliest readable record is gone or aborted), or the
   * consumer reset below the stored start (the source topic was recreated), where starting from the
   * old value would skip records.
   */
  void beginBatch(long firstOffset) {
    if (sent == 0 && (ackedNext < 0 || firstOffset < ackedNext)) {
      // What was known below the old start says nothing about the new one.
      lastBeforeStart = -1;
      ackedNext = firstOffset;
      polledNext = firstOffset;
    }
  }

  /**
   * Worker thread: whether the consumer returned {@code firstOffset} below the position this epoch
   * had read up to. kmirror's own seeks (rewinds, waits) never go below it, so the consumer's
   * position was reset.
   */
  boolean readsBelowItsPosition(long firstOffset) {
    return polledNext >= 0 && firstOffset < polledNext;
  }

  /**
   * Worker thread: the timestamp of the first record this epoch was handed, -1 before any. Every
   * record below it was on the target when the epoch began, so it bounds how old the oldest record
   * still missing can be until the partition first catches up.
   */
  long firstTimestamp() {
    return firstTimestamp;
  }

  /** Worker thread: notes the timestamp of a batch's first record, once per epoch. */
  void handedOver(long timestamp) {
    if (firstTimestamp < 0) {
      firstTimestamp = timestamp;
    }
  }

  /** Worker thread: the position after the last batch handed over, -1 when unknown. */
  long polledNext() {
    return polledNext;
  }

  /**
   * Worker thread: one more record handed to the producer. Returns the source offset of the record
   * this epoch sent before it, -1 for the first: its completion must come first.
   */
  long sending(long sourceOffset) {
    long previous = lastSent;
    lastSent = sourceOffset;
    sent++;
    return previous;
  }

  /** Worker thread: the consumer's position after the last batch handed over. */
  void polledUpTo(long nextOffset) {
    polledNext = nextOffset;
  }

  /**
   * Any thread: completion of the record at {@code sourceOffset}, which was sent right after the
   * record at {@code previousSent} (-1 for the epoch's first).
   *
   * <p>A success that arrives before its predecessor's completion breaks the order this class
   * relies on. The broker can cause it on a partition it has only just started to lead: a first
   * batch refused as "not leader" and a second one appended, after which the first is retried until
   * it expires (KAFKA-15591), leaving a gap. So such a success counts as a failure at the
   * predecessor: nothing from there on is acknowledged, and the partition is rewound and re-sent
   * once its in-flight records have completed.
   */
  void completed(long sourceOffset, long previousSent, long targetOffset, Exception error) {
    completed(sourceOffset, previousSent, targetOffset, 0, error);
  }

  /** As above, for a record of {@code bytes} key, value and header bytes. */
  void completed(
      long sourceOffset, long previousSent, long targetOffset, int bytes, Exception error) {
    // Only an acknowledgement in send order says the remote log went back; one out of order is
    // the race handled below.
    if (error == null
        && targetOffset >= 0
        && targetOffset < highestTarget
        && (previousSent < 0 || previousSent == lastSucceeded)) {
      error = new TargetLogResetException(source, targetTopic, targetOffset, highestTarget);
    }
    if (error != null) {
      // Outside this object's lock: the fence may close the producer, whose I/O thread then
      // completes other records of this epoch.
      error = fence.failed(error);
    }
    if (error == null) {
      if (targetOffset > highestTarget) {
        highestTarget = targetOffset;
      }
      long before = lastSucceeded;
      lastSucceeded = sourceOffset;
      if (previousSent >= 0 && previousSent != before) {
        fail(
            previousSent,
            fence.failed(
                new OutOfOrderAcknowledgementException(source, sourceOffset, previousSent)));
      }
      Failure f = failure;
      if (f == null || sourceOffset < f.offset()) {
        long delta = targetOffset - sourceOffset;
        if (delta != lastDelta) {
          long from = lastDelta == Long.MIN_VALUE ? firstRunFrom() : ackedNext;
          lastDelta = delta;
          // Published before ackedNext moves: whoever sees progress covering this record also
          // finds the mapping in the sink, and highWater() finds the run the record belongs to.
          run = new Run(sourceOffset, targetOffset);
          mappings.mapped(source, topicId, from, sourceOffset, targetOffset);
        }
        ackedNext = sourceOffset + 1;
        // Single writer (the I/O thread): plain increments of volatile fields are safe here.
        acknowledged++;
        acknowledgedBytes += bytes;
      }
    } else {
      fail(sourceOffset, error);
    }
    completed.incrementAndGet();
  }

  /**
   * The {@code from} of the epoch's first run, written before any acknowledgement moves {@code
   * ackedNext} off the start: the start, widened down to right after the last record below it on
   * the target when that is known.
   */
  private long firstRunFrom() {
    long start = ackedNext;
    long last = lastBeforeStart;
    return last >= 0 && last + 1 < start ? last + 1 : start;
  }

  private synchronized void fail(long sourceOffset, Exception error) {
    Failure f = failure;
    if (f == null || sourceOffset < f.offset()) {
      failure = new Failure(sourceOffset, error);
    }
    // A record the target refuses fails its batch-mates too, with a generic error, so the lowest
    // failure need not be the one that says what is wrong: remember the lowest that does.
    Failure d = decisive;
    if ((d == null || sourceOffset < d.offset()) && SendErrorKind.of(error).decisive()) {
      decisive = new Failure(sourceOffset, error);
    }
  }

  /** The first record of the newest stretch of records with one target-minus-source distance. */
  private record Run(long sourceStart, long targetStart) {}

  /**
   * Worker thread: {@link #committable()} together with the last acknowledged record below it, read
   * consistently although acknowledgements keep arriving on the I/O thread. The run is published
   * before {@code ackedNext} moves, so a run whose start is at or below the acknowledged position
   * read just before it is the run of the last acknowledged record; a newer run (its record
   * acknowledged between the two reads) makes it read again.
   */
  public HighWater highWater() {
    boolean settled = failure == null && idle();
    for (int attempt = 0; attempt < 10_000; attempt++) {
      long acked = ackedNext;
      Run r = run;
      long next = settled ? Math.max(acked, polledNext) : acked;
      if (r == null) {
        return new HighWater(next, -1, -1, topicId);
      }
      long last = acked - 1;
      if (r.sourceStart() <= last) {
        return new HighWater(next, last, r.targetStart() + (last - r.sourceStart()), topicId);
      }
      Thread.onSpinWait();
    }
    return new HighWater(committable(), -1, -1, topicId);
  }

  /**
   * Worker thread: the last source offset below {@code mark.next()} that is on the target, to be
   * stored with that progress, or -1 when unknown: the mark's own {@code lastSource}; or, while
   * this epoch has had no acknowledgement, the one given for its start (nothing in between was
   * mirrored: {@code mark.next()} moved past the start only over records the epoch deliberately did
   * not send). {@code mark} must come from {@link #highWater()} of this epoch.
   */
  public long lastSourceBelow(HighWater mark) {
    if (mark.hasLast()) {
      return mark.lastSource();
    }
    // highWater() reports no last record either before any acknowledgement or when it gave up
    // waiting for a consistent read; only the first case may fall back to the start's.
    long last = lastBeforeStart;
    return acknowledged == 0 && last >= 0 && last < mark.next() ? last : -1;
  }

  public Failure failure() {
    return failure;
  }

  /** The highest target offset acknowledged for the partition so far, -1 before any. */
  long highestTarget() {
    return highestTarget;
  }

  /**
   * Worker thread, before this epoch sends: what earlier epochs of the partition saw acknowledged.
   */
  void carryHighestTarget(long offset) {
    highestTarget = Math.max(highestTarget, offset);
  }

  /**
   * Why this epoch failed, as far as it decides what to do: the lowest failure that is not
   * retriable when there is one (a refused record, a producer in a fatal state), else the lowest
   * failure; null while nothing failed. Sending resumes at {@link #committable()} either way, which
   * is never past the lowest failure.
   */
  public Failure reason() {
    Failure d = decisive;
    return d != null ? d : failure;
  }

  public boolean failed() {
    return failure != null;
  }

  /** Worker thread: no record of this epoch is waiting for the target. */
  public boolean idle() {
    return completed.get() == sent;
  }

  /** Records of this epoch the target acknowledged (a running total). */
  public long acknowledged() {
    return acknowledged;
  }

  /** Worker thread: acknowledgements since the previous call, for metrics. */
  long takeAcknowledgedDelta() {
    long now = acknowledged;
    long delta = now - reportedAcknowledged;
    reportedAcknowledged = now;
    return delta;
  }

  /**
   * Worker thread: bytes acknowledged since the previous call, for metrics. Read after {@link
   * #takeAcknowledgedDelta()}: a record acknowledged between the two calls counts its bytes now and
   * itself next time, so both totals stay exact over time.
   */
  long takeAcknowledgedBytesDelta() {
    long now = acknowledgedBytes;
    long delta = now - reportedBytes;
    reportedBytes = now;
    return delta;
  }

  /**
   * Worker thread: the next source offset to read such that every earlier record is on the target,
   * or -1 when this epoch knows of none yet.
   */
  public long committable() {
    long acked = ackedNext;
    if (failure == null && idle()) {
      return Math.max(acked, polledNext);
    }
    return acked;
  }
}
