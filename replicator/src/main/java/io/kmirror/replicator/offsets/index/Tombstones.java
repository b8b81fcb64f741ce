package io.kmirror.replicator.offsets.index;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The keys of one source partition that one pruning pass removes from the offset index topic: run
 * keys (their {@code sourceStart}, in increasing order) and marks, each by the source topic ID its
 * key names ({@code ""}: none). {@link io.kmirror.replicator.offsets.IndexPruner} writes the run
 * keys' tombstones before the marks', so a reader that sees a mark's tombstone has seen those of
 * the runs too.
 *
 * @param runs run keys by topic ID, each list sorted
 * @param marks the topic IDs whose mark key is removed
 */
public record Tombstones(Map<String, List<Long>> runs, Set<String> marks) {

  static final Tombstones NONE = new Tombstones(Map.of(), Set.of());

  public Tombstones {
    // Sorted, so every pass writes its tombstones in the same order.
    TreeMap<String, List<Long>> copy = new TreeMap<>();
    runs.forEach(
        (id, keys) -> {
          if (!keys.isEmpty()) {
            copy.put(id, List.copyOf(keys));
          }
        });
    runs = Collections.unmodifiableSortedMap(copy);
    marks = Collections.unmodifiableSortedSet(new TreeSet<>(marks));
  }

  /** How many run keys are removed. */
  public int runCount() {
    return runs.values().stream().mapToInt(List::size).sum();
  }

  public boolean isEmpty() {
    return runs.isEmpty() && marks.isEmpty();
  }
}
