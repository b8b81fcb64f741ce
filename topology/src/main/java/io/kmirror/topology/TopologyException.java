package io.kmirror.topology;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one exception type of the topology: a bad value, or a whole file's worth of problems.
 *
 * <p>A record's compact constructor throws it through {@link #invalid} with the bad value and the
 * rule; the parser, which knows the file and key, places it ({@link Problem#at}) and goes on, so
 * that {@link TopologyParser} can throw one exception listing every error (and the warnings) of a
 * file. It extends {@link IllegalArgumentException}: a record given a bad value throws what Java
 * code expects.
 */
public final class TopologyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public TopologyException(List<Problem> problems) {
    super(problems.stream().map(Problem::line).collect(Collectors.joining(System.lineSeparator())));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a TopologyException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** A record's own check failed: {@code value} breaks the rule {@code message} states. */
  public static TopologyException invalid(String value, String message) {
    return new TopologyException(
        List.of(
            new Problem(
                Problem.Severity.ERROR, "", Optional.empty(), Optional.of(value), message)));
  }

  /** Every problem found, errors first, each in the order found. */
  public List<Problem> problems() {
    return problems;
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }

  /** The first problem: for a record's own check, the only one. */
  public Problem problem() {
    return problems.get(0);
  }
}
