package io.kmirror.replicator.offsets.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A source topic deleted and created again under the same name, as the offset index sees it: the
 * old topic ({@code X}) had 100 records at target offsets 0..99; the new one ({@code Y}) starts
 * again at offset 0, and its records land after the old ones on the target, at 100 onwards.
 */
class OffsetIndexRecreatedTopicTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);
  private static final String X = "old-topic-id";
  private static final String Y = "new-topic-id";

  /** The old topic: one run, a restart at 60 (a second run key), a mark at its end. */
  private static List<IndexRecords.Entry> oldTopic() {
    List<IndexRecords.Entry> log = new ArrayList<>();
    log.add(new IndexRecords.Run(TP, X, 0, 0, 0));
    log.add(new IndexRecords.Mark(TP, X, 60, 59, 59));
    log.add(new IndexRecords.Run(TP, X, 60, 60, 60));
    log.add(new IndexRecords.Mark(TP, X, 100, 99, 99));
    return log;
  }

  /** The new topic: assigned (a mark before any record), then 40 records at 100..139. */
  private static List<IndexRecords.Entry> newTopic() {
    return List.of(
        new IndexRecords.Mark(TP, Y, 0, -1, -1),
        new IndexRecords.Run(TP, Y, 0, 0, 100),
        new IndexRecords.Mark(TP, Y, 40, 39, 139));
  }

  private static OffsetIndex read(List<IndexRecords.Entry> entries) {
    return OffsetIndexPruningTest.read(entries);
  }

  /** Every answer for offsets 0..45 of the new topic, its ID known. */
  private static List<Translation> answers(OffsetIndex index) {
    List<Translation> answers = new ArrayList<>();
    for (long x = 0; x <= 45; x++) {
      answers.add(index.translate(TP, x, Optional.of(Y)));
    }
    return answers;
  }

  private static void assertNewTopicExact(OffsetIndex index) {
    for (long x = 0; x <= 40; x++) {
      assertThat(index.translate(TP, x, Optional.of(Y)).target())
          .as("committed %d", x)
          .hasValue(100 + x);
    }
  }

  @Test
  void aFirstEntryOfANewTopicIdDropsEverythingHeldForTheOldOneBeforeItApplies() {
    // Given the old topic's index, then only the new topic's first mark (assigned, no record yet)
    List<IndexRecords.Entry> log = new ArrayList<>(oldTopic());
    log.add(newTopic().get(0));

    // When it is read
    OffsetIndex index = read(log);

    // Then nothing of the old topic is left to answer with, even with the source's ID unknown
    assertThat(index.topicId(TP)).hasValue(Y);
    assertThat(index.partition(TP).orElseThrow().runs()).isZero();
    assertThat(index.translate(TP, 25).kind()).isEqualTo(Translation.Kind.NOT_MIRRORED);
    assertThat(index.translate(TP, 25, Optional.of(Y)).kind())
        .isEqualTo(Translation.Kind.NOT_MIRRORED);
    assertThat(index.sourceOf(TP, 25).kind()).isEqualTo(ReverseTranslation.Kind.NOT_MIRRORED);

    // And once the new topic's records are in, its offsets translate through its own run only
    newTopic().subList(1, 3).forEach(index::apply);
    assertNewTopicExact(index);
    assertThat(index.partition(TP).orElseThrow().runs()).isEqualTo(1);
    assertThat(index.sourceOf(TP, 125, Optional.of(Y))).isEqualTo(ReverseTranslation.exact(25));
  }

  @Test
  void untilTheNewTopicIsIndexedItsGroupsAreRefusedNeverTranslatedWithTheOldRuns() {
    // Given the old topic's index only, while the source's topic already has the new ID
    OffsetIndex index = read(oldTopic());

    // When a group committed at 25 on the new topic is translated, and one on the copy reversed
    Translation forward = index.translate(TP, 25, Optional.of(Y));
    ReverseTranslation reverse = index.sourceOf(TP, 125, Optional.of(Y));

    // Then both say why there is no answer, and the old runs answer only for the old ID
    String reason =
        "not exactly translatable: the index is for an earlier topic of that name (re-created):"
            + " it holds topic ID old-topic-id, the source topic now has ID new-topic-id; the new"
            + " topic translates once kmirror has mirrored it";
    assertThat(forward)
        .isEqualTo(new Translation(Translation.Kind.RECREATED, OptionalLong.empty(), 0, reason));
    assertThat(reverse.kind()).isEqualTo(ReverseTranslation.Kind.RECREATED);
    assertThat(reverse.reason()).isEqualTo(reason);
    assertThat(index.partition(TP, Optional.of(Y))).isEmpty();
    assertThat(index.translate(TP, 25, Optional.of(X)).target()).hasValue(25);
    assertThat(index.translate(TP, 25).target()).as("source ID unknown: trusted").hasValue(25);
  }

  @Test
  void lateEntriesOfTheOldTopicAreIgnoredAndTheirKeysArePrunedWithoutTouchingTheNewTopic() {
    // Given the new topic indexed, then a late mark and run of the old one (a worker that lost the
    // partition and wrote late)
    List<IndexRecords.Entry> log = new ArrayList<>(oldTopic());
    log.addAll(newTopic());
    log.add(new IndexRecords.Run(TP, X, 100, 100, 140));
    log.add(new IndexRecords.Mark(TP, X, 101, 100, 140));
    OffsetIndex index = read(log);

    // When a pass prunes (the source's log start still 0), even without the source's answer
    Tombstones pruned = index.prune(TP, 0);
    Tombstones withoutSource = index.superseded(TP);

    // Then the index still follows the new topic, and every key of the old one goes, late ones too
    assertThat(index.topicId(TP)).hasValue(Y);
    assertNewTopicExact(index);
    assertThat(pruned.runs()).isEqualTo(Map.of(X, List.of(0L, 60L, 100L)));
    assertThat(pruned.marks()).isEqualTo(Set.of(X));
    assertThat(withoutSource).isEqualTo(pruned);

    // And reading those tombstones back changes no answer and leaves nothing to prune
    List<Translation> before = answers(index);
    OffsetIndexPruningTest.tombstones(TP, pruned).forEach(index::apply);
    log.addAll(OffsetIndexPruningTest.tombstones(TP, pruned));
    assertThat(answers(index)).isEqualTo(before);
    assertThat(index.prune(TP, 0).isEmpty()).isTrue();
    assertThat(answers(read(log))).isEqualTo(before);
    assertThat(answers(read(OffsetIndexPruningTest.compact(log, false)))).isEqualTo(before);
  }

  @Test
  void aDeletedTopicsTombstonesLandingAfterTheReCreatedTopicsEntriesNeverRemoveThem() {
    // Given a pass that read only the old topic and found it deleted on the source
    List<IndexRecords.Entry> log = new ArrayList<>(oldTopic());
    OffsetIndex pass = read(log);
    Tombstones gone = pass.all(TP);
    assertThat(gone.runs()).isEqualTo(Map.of(X, List.of(0L, 60L)));
    assertThat(gone.marks()).isEqualTo(Set.of(X));

    // When the topic is re-created and mirrored before the pass's tombstones land
    log.addAll(newTopic());
    log.addAll(OffsetIndexPruningTest.tombstones(TP, gone));

    // Then every reader, before, half-way through and after compaction, has the new topic intact
    OffsetIndex live = read(oldTopic());
    newTopic().forEach(live::apply);
    OffsetIndexPruningTest.tombstones(TP, gone).forEach(live::apply);
    for (OffsetIndex index :
        List.of(
            live,
            read(log),
            read(OffsetIndexPruningTest.compact(log, true)),
            read(OffsetIndexPruningTest.compact(log, false)))) {
      assertThat(index.topicId(TP)).hasValue(Y);
      assertNewTopicExact(index);
      assertThat(index.all(TP).runs()).isEqualTo(Map.of(Y, List.of(0L)));
    }
  }

  @Test
  void aDeletedTopicsTombstonesLandingBeforeTheReCreatedTopicsEntriesLeaveItAnEmptyStart() {
    List<IndexRecords.Entry> log = new ArrayList<>(oldTopic());
    Tombstones gone = read(log).all(TP);
    log.addAll(OffsetIndexPruningTest.tombstones(TP, gone));
    OffsetIndex deleted = read(log);
    log.addAll(newTopic());

    assertThat(deleted.partitions()).isEmpty();
    assertNewTopicExact(read(log));
    assertNewTopicExact(read(OffsetIndexPruningTest.compact(log, false)));
  }

  @Test
  void entriesWrittenBeforeTopicIdsWereKeptAreAdoptedByTheFirstIdAsAnUpgradeAndPrunedWithIt() {
    // Given an index written before IDs were kept (0..99), and the upgraded worker going on from
    // its stored progress 100 with the topic's ID
    List<IndexRecords.Entry> log = new ArrayList<>();
    log.add(new IndexRecords.Run(TP, 0, 0, 0));
    log.add(new IndexRecords.Mark(TP, 100, 99, 99));
    log.add(new IndexRecords.Run(TP, X, 100, 100, 100));
    log.add(new IndexRecords.Mark(TP, X, 150, 149, 149));
    OffsetIndex index = read(log);

    // Then the old entries still answer, for the topic's current ID
    assertThat(index.topicId(TP)).hasValue(X);
    for (long x = 0; x <= 150; x++) {
      assertThat(index.translate(TP, x, Optional.of(X)).target()).as("committed %d", x).hasValue(x);
    }

    // And they are pruned as the topic's own: keys without an ID below the first run kept
    Tombstones pruned = index.prune(TP, 120);
    assertThat(pruned.runs()).isEqualTo(Map.of("", List.of(0L)));
    assertThat(pruned.marks()).isEmpty();

    // And once the topic is re-created they go with the old ID: nothing of them answers for it
    newTopic().forEach(index::apply);
    assertNewTopicExact(index);
    assertThat(index.superseded(TP).runs()).isEqualTo(Map.of("", List.of(0L), X, List.of(100L)));
    assertThat(index.superseded(TP).marks()).isEqualTo(Set.of("", X));
  }

  @Test
  void tombstonesWithoutAnIdNeverChangeAnIndexThatFollowsAnId() {
    // Given the new topic indexed after a topic whose keys named no ID
    List<IndexRecords.Entry> log = new ArrayList<>();
    log.add(new IndexRecords.Run(TP, 0, 0, 0));
    log.add(new IndexRecords.Mark(TP, 100, 99, 99));
    log.addAll(newTopic());

    // When an older kmirror's pass, which found the old topic deleted, lands its tombstones
    log.add(new IndexRecords.RunTombstone(TP, 0));
    log.add(new IndexRecords.MarkTombstone(TP));

    // Then the new topic is intact
    OffsetIndex index = read(log);
    assertThat(index.topicId(TP)).hasValue(Y);
    assertNewTopicExact(index);
  }
}
