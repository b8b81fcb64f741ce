package io.kmirror.topology;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * MM2's include/exclude lists of regular expressions ({@code topics}, {@code topics.exclude},
 * {@code groups}, {@code groups.exclude}): a name matches when it fully matches an include and no
 * exclude.
 */
public final class NameFilter {

  private final List<String> include;
  private final List<String> exclude;
  private final List<Pattern> includePatterns;
  private final List<Pattern> excludePatterns;

  /** Throws {@link java.util.regex.PatternSyntaxException} for a malformed expression. */
  public NameFilter(List<String> include, List<String> exclude) {
    this.include = List.copyOf(include);
    this.exclude = List.copyOf(exclude);
    this.includePatterns = this.include.stream().map(Pattern::compile).toList();
    this.excludePatterns = this.exclude.stream().map(Pattern::compile).toList();
  }

  public List<String> include() {
    return include;
  }

  public List<String> exclude() {
    return exclude;
  }

  public boolean matches(String name) {
    return includePatterns.stream().anyMatch(p -> p.matcher(name).matches())
        && excludePatterns.stream().noneMatch(p -> p.matcher(name).matches());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NameFilter other
        && include.equals(other.include)
        && exclude.equals(other.exclude);
  }

  @Override
  public int hashCode() {
    return Objects.hash(include, exclude);
  }

  @Override
  public String toString() {
    return "include " + include + " exclude " + exclude;
  }
}
