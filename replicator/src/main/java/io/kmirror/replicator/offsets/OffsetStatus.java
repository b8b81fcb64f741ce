package io.kmirror.replicator.offsets;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A flow's consumer-group work as last seen, for status pages and {@code /api/status}.
 *
 * @param activeOnTarget groups left alone because they have active members on the target
 * @param checkpointsWritten checkpoints written since this process started the flow
 * @param groupOffsetsCommitted partition offsets committed to target groups since then
 * @param lastRun when the last checkpoint cycle finished, empty before the first
 * @param lastError the last cycle's failure, empty when it succeeded
 * @param leading whether this process does the flow's group work ({@link FlowLeader}); the others
 *     stand by and write nothing
 */
public record OffsetStatus(
    Set<String> activeOnTarget,
    long checkpointsWritten,
    long groupOffsetsCommitted,
    Optional<Instant> lastRun,
    Optional<String> lastError,
    boolean leading) {

  public static final OffsetStatus NONE =
      new OffsetStatus(Set.of(), 0, 0, Optional.empty(), Optional.empty(), false);

  public OffsetStatus {
    activeOnTarget = Set.copyOf(activeOnTarget);
  }

  /** This status with the current leadership. */
  public OffsetStatus withLeading(boolean now) {
    return now == leading
        ? this
        : new OffsetStatus(
            activeOnTarget, checkpointsWritten, groupOffsetsCommitted, lastRun, lastError, now);
  }
}
