package io.kmirror.topology;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean": the known key closest to a misspelt one, if it is close enough to be a typo. */
final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate within a small edit distance of {@code word}: one edit for short words, up to
   * three for long ones, so {@code topcs} finds {@code topics} but {@code foo} finds nothing.
   */
  static Optional<String> closest(String word, Collection<String> candidates) {
    int allowed = Math.max(1, Math.min(3, word.length() / 4));
    return candidates.stream()
        // the distance is at least the length difference: skip the quadratic comparison
        .filter(c -> Math.abs(c.length() - word.length()) <= allowed && !c.equals(word))
        .map(c -> new Scored(c, distance(word, c)))
        .filter(s -> s.distance <= allowed)
        .min(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate))
        .map(Scored::candidate);
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private record Scored(String candidate, int distance) {}
}
