package io.kmirror.replicator.offsets.index;

import java.util.OptionalLong;

/**
 * Where a consumer group committed at one source offset resumes on the target, or why kmirror
 * cannot say exactly.
 *
 * @param kind what kind of answer this is
 * @param target the target offset to resume from: exact for {@link Kind#EXACT}; for {@link
 *     Kind#NOT_YET_REPLICATED} the target position right after everything mirrored so far (where a
 *     failover must resume, losing {@code notReplicated}); empty otherwise
 * @param notReplicated for {@link Kind#NOT_YET_REPLICATED}: source offsets between what is mirrored
 *     and the committed offset (an upper bound of the records missing on the target); else 0
 * @param reason one line for humans, empty for {@link Kind#EXACT}
 */
public record Translation(Kind kind, OptionalLong target, long notReplicated, String reason) {

  public enum Kind {
    /** The target offset of the first mirrored record whose source offset is at or above it. */
    EXACT,
    /** The committed offset is beyond what is on the target yet. */
    NOT_YET_REPLICATED,
    /** The committed offset is below the first offset kmirror's index knows. */
    BELOW_INDEX,
    /** kmirror has mirrored nothing of this partition yet. */
    NOT_MIRRORED,
    /**
     * The index is for an earlier topic of that name: the source topic was deleted and created
     * again, and kmirror's index has no entry of the new one yet.
     */
    RECREATED
  }

  static Translation exact(long target) {
    return new Translation(Kind.EXACT, OptionalLong.of(target), 0, "");
  }

  static Translation notYetReplicated(long target, long missing, long mirroredUpTo) {
    return new Translation(
        Kind.NOT_YET_REPLICATED,
        OptionalLong.of(target),
        missing,
        "not yet replicated: mirrored up to source offset " + mirroredUpTo);
  }

  static Translation belowIndex(long committed, long firstKnown) {
    return new Translation(
        Kind.BELOW_INDEX,
        OptionalLong.empty(),
        0,
        "not exactly translatable: committed offset "
            + committed
            + " is below "
            + firstKnown
            + ", the first source offset kmirror's index covers (removed from the source before"
            + " it was mirrored, pruned from the index once the source's log start passed it, or"
            + " mirrored before kmirror kept an index)");
  }

  static Translation recreated(String indexTopicId, String sourceTopicId) {
    return new Translation(
        Kind.RECREATED, OptionalLong.empty(), 0, recreatedReason(indexTopicId, sourceTopicId));
  }

  /** Shared with {@link ReverseTranslation}: one wording for one situation. */
  static String recreatedReason(String indexTopicId, String sourceTopicId) {
    return "not exactly translatable: the index is for an earlier topic of that name (re-created):"
        + " it holds topic ID "
        + indexTopicId
        + ", the source topic now has ID "
        + sourceTopicId
        + "; the new topic translates once kmirror has mirrored it";
  }

  static Translation notMirrored() {
    return new Translation(
        Kind.NOT_MIRRORED, OptionalLong.empty(), 0, "nothing of this partition is mirrored yet");
  }

  public boolean exact() {
    return kind == Kind.EXACT;
  }
}
