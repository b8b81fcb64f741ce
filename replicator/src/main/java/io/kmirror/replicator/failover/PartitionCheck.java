package io.kmirror.replicator.failover;

import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * What a verification consumer found on one partition after failover.
 *
 * @param group the consumer group
 * @param target the remote partition on the target
 * @param committed the group's committed offset on the source
 * @param resumedAt the group's position on the target when its consumer started; empty when the
 *     group was never verified (not failed over, or the consumer did not start)
 * @param match where the first record the consumer read stands on the source
 * @param reRead records the group had already consumed on the source and read again
 * @param skipped records the group had not consumed on the source and will never read
 * @param note one line for humans
 */
public record PartitionCheck(
    String group,
    TopicPartition target,
    long committed,
    OptionalLong resumedAt,
    Match match,
    long reRead,
    long skipped,
    String note) {

  /** The first record a verification consumer read on the target, as found on the source. */
  public sealed interface Match permits Match.At, Match.NothingRead, Match.NotFound {

    /** The target had nothing after the group's position, so there was nothing to compare. */
    Match NOTHING_READ = new NothingRead();

    /**
     * The record is not among the source records around the position, or the group was never
     * verified: either way the drill cannot vouch for where the group resumed.
     */
    Match NOT_FOUND = new NotFound();

    /** Found by content on the source, at {@code offset}. */
    record At(long offset) implements Match {}

    /** See {@link #NOTHING_READ}. */
    record NothingRead() implements Match {}

    /** See {@link #NOT_FOUND}. */
    record NotFound() implements Match {}

    /** The source offset of the record found; empty when none was. */
    default OptionalLong sourceOffset() {
      return this instanceof At at ? OptionalLong.of(at.offset()) : OptionalLong.empty();
    }
  }

  /** The consumer resumed exactly where the group left the source. */
  public boolean passed() {
    return !(match instanceof Match.NotFound) && reRead == 0 && skipped == 0;
  }

  /**
   * {@code resumedAt} as the report has always shown it, -1 for a group never verified: the JSON's
   * readers may compare it with a number, so it does not turn into null.
   */
  long reportedResumedAt() {
    return resumedAt.orElse(-1);
  }
}
