package io.kmirror.replicator.offsets.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Pruning an {@link OffsetIndex} and reading its tombstones back: the index topic as a list of
 * entries, before compaction, half compacted and fully compacted.
 */
class OffsetIndexPruningTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);
  private static final long END = 2000;
  private static final long LOG_START = 1400;

  /**
   * A transactional partition (a commit marker after every 3 records, an aborted pair every 30
   * offsets): a first stretch mirrors up to 1,500 with another writer's records on the target
   * before 1,201 (a run no re-send reproduces), stores progress 1,000 and crashes; the restart
   * re-sends from 1,000 to the end.
   */
  private static List<IndexRecords.Entry> history() {
    SimulatedPartition log =
        new SimulatedPartition(
            END,
            LongStream.range(0, END)
                .filter(o -> o % 4 == 3 || o % 30 == 13 || o % 30 == 14)
                .toArray());
    SimulatedPartition.Stretch first = log.stretch(0).mirrorUntil(1000);
    first.mark(1000);
    first.mirrorUntil(1201);
    log.foreignWrites(3);
    first.mirrorUntil(1500);
    log.stretch(1000).mirrorUntil(END).mark(END);
    return log.entries(TP);
  }

  /** The index a reader builds from {@code entries}, in that order. */
  static OffsetIndex read(List<IndexRecords.Entry> entries) {
    OffsetIndex index = new OffsetIndex();
    entries.forEach(index::apply);
    return index;
  }

  private static List<Translation> answers(OffsetIndex index) {
    List<Translation> answers = new ArrayList<>();
    for (long x = 0; x <= END + 10; x++) {
      answers.add(index.translate(TP, x));
    }
    return answers;
  }

  /** The entries a pass's tombstones read back as: run keys first, then marks. */
  static List<IndexRecords.Entry> tombstones(TopicPartition tp, Tombstones tombstones) {
    List<IndexRecords.Entry> entries = new ArrayList<>();
    tombstones
        .runs()
        .forEach(
            (id, keys) -> keys.forEach(k -> entries.add(new IndexRecords.RunTombstone(tp, id, k))));
    tombstones.marks().forEach(id -> entries.add(new IndexRecords.MarkTombstone(tp, id)));
    return entries;
  }

  private static List<IndexRecords.Entry> tombstones(Tombstones tombstones) {
    return tombstones(TP, tombstones);
  }

  /** The run keys of entries written without a topic ID, as this history's are. */
  private static long[] keys(Tombstones tombstones) {
    assertThat(tombstones.runs().keySet()).containsOnly("");
    assertThat(tombstones.marks()).isEmpty();
    return tombstones.runs().get("").stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void pruningTombstonesEveryRunKeyBelowTheKeptRunsIncludingSupersededOnes() {
    // Given an index with hundreds of runs, one of them superseded by the restart (key 1201)
    OffsetIndex index = read(history());
    List<Translation> before = answers(index);

    // When the source's log start is 1,400
    long[] keys = keys(index.prune(TP, LOG_START));

    // Then the keys to tombstone are all below the first kept run, the superseded one among them
    long firstKept = index.partition(TP).orElseThrow().firstRunStart().getAsLong();
    assertThat(firstKept).as("the run that covers the log start").isEqualTo(LOG_START);
    assertThat(keys).contains(0L, 1201L).hasSizeGreaterThan(250);
    assertThat(LongStream.of(keys).max().getAsLong()).isLessThan(firstKept);
    assertThat(keys).isSorted().doesNotHaveDuplicates();
    // And nothing at or above the log start answers differently
    List<Translation> after = answers(index);
    for (int x = (int) LOG_START; x < after.size(); x++) {
      assertThat(after.get(x)).as("committed %d", x).isEqualTo(before.get(x));
    }
    assertThat(after.get((int) LOG_START - 10).kind()).isEqualTo(Translation.Kind.BELOW_INDEX);
  }

  @Test
  void reReadingTheTopicWithItsTombstonesRebuildsThePrunedIndexBeforeDuringAndAfterCompaction() {
    // Given the pruned index of a running process and the tombstones it wrote
    List<IndexRecords.Entry> log = new ArrayList<>(history());
    OffsetIndex live = read(log);
    List<IndexRecords.Entry> tombstones = tombstones(live.prune(TP, LOG_START));
    List<Translation> pruned = answers(live);
    log.addAll(tombstones);

    // When the process reads its own tombstones back, and when others read the topic afresh
    tombstones.forEach(live::apply);
    OffsetIndex beforeCompaction = read(log);
    OffsetIndex halfCompacted = read(compact(log, true));
    OffsetIndex compacted = read(compact(log, false));

    // Then every one of them gives every answer the pruned index gave
    assertThat(answers(live)).isEqualTo(pruned);
    assertThat(answers(beforeCompaction)).isEqualTo(pruned);
    assertThat(answers(halfCompacted)).isEqualTo(pruned);
    assertThat(answers(compacted)).isEqualTo(pruned);
    // And none has anything left to tombstone
    for (OffsetIndex index : List.of(live, beforeCompaction, halfCompacted, compacted)) {
      assertThat(index.prune(TP, LOG_START).isEmpty()).isTrue();
    }
  }

  @Test
  void keysStayKnownUntilTheirTombstonesAreReadSoAPassThatFailedIsRepeated() {
    OffsetIndex index = read(history());
    Tombstones first = index.prune(TP, LOG_START);

    Tombstones again = index.prune(TP, LOG_START);
    tombstones(first).forEach(index::apply);

    assertThat(again).isEqualTo(first);
    assertThat(index.prune(TP, LOG_START).isEmpty()).isTrue();
  }

  @Test
  void theTombstonesOfADeletedTopicRemoveItsPartitionAndANewTopicOfTheSameNameStartsClean() {
    // Given an index of a topic that was then deleted on the source
    List<IndexRecords.Entry> log = new ArrayList<>(history());
    OffsetIndex live = read(log);
    Tombstones all = live.all(TP);
    assertThat(all.marks()).as("the mark goes after the run keys").containsExactly("");
    log.addAll(tombstones(all));

    // When the index is read, and a topic of the same name is then mirrored from offset 0
    OffsetIndex deleted = read(log);
    log.add(new IndexRecords.Run(TP, 0, 0, 9000));
    log.add(new IndexRecords.Mark(TP, 100, 99, 9099));
    OffsetIndex recreated = read(log);
    OffsetIndex recreatedCompacted = read(compact(log, false));

    // Then the partition is gone, and the new topic's offsets map only through its own run
    assertThat(deleted.partitions()).isEmpty();
    assertThat(deleted.translate(TP, 50).kind()).isEqualTo(Translation.Kind.NOT_MIRRORED);
    assertThat(recreated.translate(TP, 50).target()).hasValue(9050);
    assertThat(recreated.partition(TP).orElseThrow().runs()).isEqualTo(1);
    assertThat(answers(recreatedCompacted)).isEqualTo(answers(recreated));
  }

  @Test
  void tombstonesOfAPartitionTheIndexDoesNotHaveChangeNothing() {
    OffsetIndex index = new OffsetIndex();

    index.apply(new IndexRecords.RunTombstone(TP, 12));
    index.apply(new IndexRecords.MarkTombstone(TP));

    assertThat(index.partitions()).isEmpty();
    assertThat(index.prune(TP, 100).isEmpty()).isTrue();
    assertThat(index.all(TP).isEmpty()).isTrue();
  }

  @Test
  void aRestartsFirstRunCarriesItsWidenedFromSoTheCompactedIndexStaysExactPastTransactionMarkers() {
    // Given a transactional partition whose progress 1,000 was stored past the commit marker at
    // 999 (the last mirrored record below it is 998), then 1,000..1,499 sent before a crash
    long[] unreadable =
        LongStream.range(0, END).filter(o -> o % 4 == 3 || o % 30 == 13 || o % 30 == 14).toArray();
    SimulatedPartition widened = new SimulatedPartition(END, unreadable);
    SimulatedPartition atProgress = new SimulatedPartition(END, unreadable);
    for (SimulatedPartition log : List.of(widened, atProgress)) {
      SimulatedPartition.Stretch first = log.stretch(0).mirrorUntil(1000);
      first.mark(1000);
      first.mirrorUntil(1500);
    }

    // When the restart resumes from 1,000 knowing 998 from the stored progress (or, as before,
    // not knowing it), and the index topic is compacted down to the runs and the newest mark
    widened.stretch(1000, 998).mirrorUntil(END).mark(END);
    atProgress.stretch(1000).mirrorUntil(END).mark(END);
    OffsetIndex compacted = read(compact(widened.entries(TP), false));
    OffsetIndex compactedAtProgress = read(compact(atProgress.entries(TP), false));

    // Then every offset translates exactly, the marker at 999 to the last copy of 1,000
    assertThat(compact(widened.entries(TP), false))
        .filteredOn(e -> e instanceof IndexRecords.Mark)
        .hasSize(1);
    for (long x = 0; x <= END; x++) {
      Translation t = compacted.translate(TP, x);
      assertThat(t.kind()).as("kind for committed %d", x).isEqualTo(Translation.Kind.EXACT);
      assertThat(t.target()).as("target for committed %d", x).hasValue(widened.expected(x, END));
    }
    assertThat(compacted.translate(TP, 999).target()).hasValue(widened.expected(1000, END));
    // whereas a run starting at the stored progress sends the marker to the crashed copy
    assertThat(compactedAtProgress.translate(TP, 999).target())
        .isNotEqualTo(OptionalLong.of(atProgress.expected(999, END)));
  }

  /**
   * The topic after the log cleaner: only the last record of each key, where it was; tombstones too
   * while they are retained ({@code delete.retention.ms}), not after.
   */
  static List<IndexRecords.Entry> compact(List<IndexRecords.Entry> log, boolean keepTombstones) {
    Map<String, Integer> last = new HashMap<>();
    for (int i = 0; i < log.size(); i++) {
      last.put(key(log.get(i)), i);
    }
    List<IndexRecords.Entry> kept = new ArrayList<>();
    for (int i : new TreeSet<>(last.values())) {
      IndexRecords.Entry e = log.get(i);
      if (!e.isTombstone() || keepTombstones) {
        kept.add(e);
      }
    }
    return kept;
  }

  /** The record key of an entry, topic ID included, as compaction sees it. */
  private static String key(IndexRecords.Entry e) {
    if (e instanceof IndexRecords.Run run) {
      return e.partition() + "/run/" + run.sourceStart() + "@" + e.topicId();
    }
    if (e instanceof IndexRecords.RunTombstone tombstone) {
      return e.partition() + "/run/" + tombstone.sourceStart() + "@" + e.topicId();
    }
    return e.partition() + "/mark@" + e.topicId();
  }
}
