package io.kmirror.topology;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects every problem of one file, once each, in the order found. */
final class Problems {

  private final String file;
  private final Set<Problem> found = new LinkedHashSet<>();

  Problems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void add(Problem problem) {
    found.add(problem);
  }

  void error(String key, String value, String message) {
    add(Problem.error(file, key, value, message));
  }

  void error(String key, String message) {
    add(Problem.error(file, key, message));
  }

  void warning(String key, String value, String message) {
    add(Problem.warning(file, key, value, message));
  }

  void warning(String key, String message) {
    add(Problem.warning(file, key, message));
  }

  /** A value that broke a rule: reported in the file and at the key the value came from. */
  void error(Resolved resolved, String message) {
    add(Problem.error(resolved.file(), resolved.key(), resolved.value(), message));
  }

  boolean hasErrors() {
    return found.stream().anyMatch(Problem::isError);
  }

  List<Problem> errors() {
    return found.stream().filter(Problem::isError).toList();
  }

  List<Problem> warnings() {
    return found.stream().filter(p -> !p.isError()).toList();
  }

  /** Errors first, then warnings, each in the order found. */
  List<Problem> all() {
    return java.util.stream.Stream.concat(errors().stream(), warnings().stream()).toList();
  }
}
