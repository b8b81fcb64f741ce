package io.kmirror.replicator.offsets.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One source partition's share of the offset index topic, fed with its entries in log order: the
 * {@link PartitionIndex} of the one source topic, by ID, that the index follows for the partition,
 * and every key the topic holds for the partition, by the topic ID the key names. Not thread-safe:
 * one owner.
 *
 * <p><b>One topic at a time.</b> A topic deleted and created again under the same name is another
 * topic (another ID) that starts again at offset 0; its offsets must never be read through the old
 * topic's runs. So a run or mark of an ID other than the one followed starts the index afresh:
 * everything held for the old ID is dropped <em>before</em> the entry is applied, and the old ID is
 * remembered as superseded. Entries of a superseded ID that arrive later (a worker that lost the
 * partition and wrote late) are ignored: that topic is gone. Entries whose key names no ID (written
 * before IDs were kept, or by a worker whose ID lookup failed) are applied to whatever the index
 * follows, and the first ID after them adopts them: the trust progress gives an offset without an
 * ID. Such entries cannot tell a re-created topic from an upgrade, so they keep the guarantees
 * kmirror had before it kept IDs; everything written with an ID has these.
 *
 * <p><b>Invariant.</b> The index answers only for the topic ID it follows, and {@link #translate}
 * and {@link #sourceOf} compare that ID with the source topic's current ID whenever the caller
 * knows it: when they differ the index is for an earlier topic of that name, and the answer is
 * {@link Translation.Kind#RECREATED}, never an offset. Between a re-creation and the new topic's
 * first entry (the worker writes a mark as soon as it is assigned the new topic) that is the honest
 * answer; from that entry on the index follows the new topic.
 *
 * <p><b>Tombstones</b> change the index only for what they were written for: the tombstone of a key
 * naming ID {@code x} only while the index follows {@code x}; one naming no ID only while the index
 * follows no ID. Once an ID has adopted entries without one, a tombstone without an ID is either
 * pruning's (a key below the first run kept: the pruning reader dropped that run already, and a
 * fresh reader that meets the run before compaction keeps a correct run below the floor, which
 * changes no answer above it) or an older kmirror's, written for the topic before it was
 * re-created, which must not touch the new one. Within the topic followed, the pruning invariant of
 * {@link OffsetIndex} holds (a run key is tombstoned only below the first run kept). The keys of
 * every other ID are <em>superseded</em>, and pruning tombstones all of them at any time: no key of
 * the followed topic names their ID, so such a tombstone can never remove one of its records, even
 * when it lands after them, and after compaction a fresh reader rebuilds the same index from what
 * is left.
 */
final class PartitionEntries {

  private PartitionIndex index;
  private String topicId = "";

  /** The index holds entries whose key names no ID: their keys are the followed topic's too. */
  private boolean holdsUnknown;

  private final Set<String> superseded = new HashSet<>();
  private final Map<String, RunKeys> runKeys = new HashMap<>();
  private final Set<String> marks = new HashSet<>();

  void apply(IndexRecords.Entry entry) {
    String id = entry.topicId();
    if (entry instanceof IndexRecords.Run run) {
      runKeys.computeIfAbsent(id, i -> new RunKeys()).add(run.sourceStart());
      if (follow(id)) {
        index().run(run.from(), run.sourceStart(), run.targetStart());
      }
    } else if (entry instanceof IndexRecords.Mark mark) {
      marks.add(id);
      if (follow(id)) {
        index().mark(mark.next(), mark.lastSource(), mark.lastTarget(), mark.nextTarget());
      }
    } else if (entry instanceof IndexRecords.RunTombstone tombstone) {
      RunKeys held = runKeys.get(id);
      if (held != null) {
        held.remove(tombstone.sourceStart());
        if (held.isEmpty()) {
          runKeys.remove(id);
        }
      }
      if (covers(id)) {
        index.forgetThrough(tombstone.sourceStart());
      }
    } else if (entry instanceof IndexRecords.MarkTombstone) {
      marks.remove(id);
      if (covers(id)) {
        // Written once every run key of a topic that is gone was tombstoned: the topic's index
        // goes.
        supersede();
      }
    }
  }

  /** Whether a run or mark of {@code id} applies; another topic's drops what the old one had. */
  private boolean follow(String id) {
    if (id.isEmpty()) {
      holdsUnknown = true;
      return true;
    }
    if (superseded.contains(id)) {
      return false;
    }
    if (!id.equals(topicId)) {
      if (!topicId.isEmpty()) {
        supersede();
      }
      topicId = id;
    }
    return true;
  }

  private void supersede() {
    if (!topicId.isEmpty()) {
      superseded.add(topicId);
    }
    index = null;
    topicId = "";
    holdsUnknown = false;
  }

  /** Whether a tombstone of a key naming {@code id} changes the index. */
  private boolean covers(String id) {
    return index != null && id.equals(topicId);
  }

  private PartitionIndex index() {
    if (index == null) {
      index = new PartitionIndex();
    }
    return index;
  }

  /** The index of the topic followed, if any. */
  Optional<PartitionIndex> partitionIndex() {
    return Optional.ofNullable(index);
  }

  /** The ID of the source topic the index follows; {@code ""} when unknown or none. */
  String topicId() {
    return topicId;
  }

  /** Nothing left: no index, no key in the topic. */
  boolean isEmpty() {
    return index == null && runKeys.isEmpty() && marks.isEmpty();
  }

  /**
   * Where a group committed at {@code committed} resumes, unless the index follows another topic
   * than the source's current one.
   *
   * @param sourceTopicId the source topic's current ID, {@code ""} when unknown (the index is then
   *     trusted as it is)
   */
  Translation translate(long committed, String sourceTopicId) {
    if (index == null) {
      return Translation.notMirrored();
    }
    return isEarlierThan(sourceTopicId)
        ? Translation.recreated(topicId, sourceTopicId)
        : index.translate(committed);
  }

  /** As {@link PartitionIndex#sourceOf}, with the same check as {@link #translate}. */
  ReverseTranslation sourceOf(long targetOffset, String sourceTopicId) {
    if (index == null) {
      return ReverseTranslation.notMirrored();
    }
    return isEarlierThan(sourceTopicId)
        ? ReverseTranslation.recreated(topicId, sourceTopicId)
        : index.sourceOf(targetOffset);
  }

  /** The index, unless it is for an earlier topic than {@code sourceTopicId} ("" unknown). */
  Optional<PartitionIndex> partitionIndex(String sourceTopicId) {
    return isEarlierThan(sourceTopicId) ? Optional.empty() : partitionIndex();
  }

  private boolean isEarlierThan(String sourceTopicId) {
    return !sourceTopicId.isEmpty() && !topicId.isEmpty() && !topicId.equals(sourceTopicId);
  }

  /**
   * Drops the runs no offset at or above {@code logStart} can need ({@link
   * PartitionIndex#pruneBelow}) and returns what to tombstone: the run keys of the followed topic
   * below the first run kept, and every key of a superseded topic. The keys stay known until their
   * tombstones are read back, so a pass whose tombstones were not written finds them again.
   */
  Tombstones prune(long logStart) {
    Map<String, List<Long>> runs = new HashMap<>();
    Set<String> goneMarks = new HashSet<>();
    collectSuperseded(runs, goneMarks);
    if (index != null) {
      index.pruneBelow(logStart);
      if (index.firstRunStart().isPresent()) {
        long firstKept = index.firstRunStart().getAsLong();
        for (String id : followedIds()) {
          RunKeys held = runKeys.get(id);
          if (held != null) {
            runs.put(id, list(held.below(firstKept)));
          }
        }
      }
    }
    return new Tombstones(runs, goneMarks);
  }

  /** Every key of a superseded topic; nothing of the topic followed. */
  Tombstones superseded() {
    Map<String, List<Long>> runs = new HashMap<>();
    Set<String> goneMarks = new HashSet<>();
    collectSuperseded(runs, goneMarks);
    return new Tombstones(runs, goneMarks);
  }

  /** Every key the topic holds for this partition: its source topic no longer exists. */
  Tombstones all() {
    Map<String, List<Long>> runs = new HashMap<>();
    runKeys.forEach((id, held) -> runs.put(id, list(held.all())));
    return new Tombstones(runs, marks);
  }

  private void collectSuperseded(Map<String, List<Long>> runs, Set<String> goneMarks) {
    Set<String> followed = followedIds();
    runKeys.forEach(
        (id, held) -> {
          if (!followed.contains(id)) {
            runs.put(id, list(held.all()));
          }
        });
    marks.stream().filter(id -> !followed.contains(id)).forEach(goneMarks::add);
  }

  /** The key IDs whose records make up the index: the ID followed, and none if it holds such. */
  private Set<String> followedIds() {
    Set<String> ids = new HashSet<>();
    if (index != null) {
      ids.add(topicId);
      if (holdsUnknown) {
        ids.add("");
      }
    }
    return ids;
  }

  private static List<Long> list(long[] keys) {
    List<Long> list = new ArrayList<>(keys.length);
    for (long key : keys) {
      list.add(key);
    }
    return list;
  }
}
