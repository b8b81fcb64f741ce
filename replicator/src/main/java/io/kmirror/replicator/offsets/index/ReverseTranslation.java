package io.kmirror.replicator.offsets.index;

import java.util.OptionalLong;

/**
 * Where a consumer group committed at one offset of a flow's remote copy (on the target) resumes on
 * the original partition (on the source), or why kmirror's index cannot say: the reverse of {@link
 * Translation}, used by failback. See {@link PartitionIndex#sourceOf} for the rule.
 *
 * @param kind what kind of answer this is
 * @param source the source offset to resume from, for {@link Kind#EXACT} only
 * @param reason one line for humans, empty for {@link Kind#EXACT}
 */
public record ReverseTranslation(Kind kind, OptionalLong source, String reason) {

  public enum Kind {
    /** The source offset of the first record the index keeps at or after the target offset. */
    EXACT,
    /** The target offset is below the first copy kmirror's index covers. */
    BELOW_INDEX,
    /** The target offset is past the last copy kmirror's index has seen, plus one. */
    BEYOND_INDEX,
    /** kmirror's index has nothing of this partition. */
    NOT_MIRRORED,
    /** The index is for an earlier topic of that name: the source topic was re-created. */
    RECREATED
  }

  public static ReverseTranslation exact(long source) {
    return new ReverseTranslation(Kind.EXACT, OptionalLong.of(source), "");
  }

  static ReverseTranslation belowIndex(long committed, long firstKnown) {
    return new ReverseTranslation(
        Kind.BELOW_INDEX,
        OptionalLong.empty(),
        "not exactly translatable: committed offset "
            + committed
            + " is below "
            + firstKnown
            + ", the first offset of the copy kmirror's index covers (copied before kmirror kept"
            + " an index, or another writer's records)");
  }

  static ReverseTranslation beyondIndex(long committed, long firstUnknown, long mirroredUpTo) {
    return new ReverseTranslation(
        Kind.BEYOND_INDEX,
        OptionalLong.empty(),
        "not exactly translatable: committed offset "
            + committed
            + " is beyond "
            + firstUnknown
            + ", where the copy kmirror's index has seen ends (source offset "
            + mirroredUpTo
            + "); the rest was copied after the mirror's last mark, or is another writer's");
  }

  static ReverseTranslation recreated(String indexTopicId, String sourceTopicId) {
    return new ReverseTranslation(
        Kind.RECREATED,
        OptionalLong.empty(),
        Translation.recreatedReason(indexTopicId, sourceTopicId));
  }

  static ReverseTranslation notMirrored() {
    return new ReverseTranslation(
        Kind.NOT_MIRRORED,
        OptionalLong.empty(),
        "not exactly translatable: kmirror's index has nothing of this partition");
  }

  public boolean exact() {
    return kind == Kind.EXACT;
  }
}
