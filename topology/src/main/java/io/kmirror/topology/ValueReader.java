package io.kmirror.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads typed values from resolved settings, as MM2's {@code ConfigDef} types do (booleans in any
 * case, lists split at commas with the spaces around them dropped), judging them by {@link Rules}.
 * A bad value is reported and replaced by the setting's shipped default, so that one pass finds
 * every problem; the parser throws before a replaced value can reach a topology.
 */
final class ValueReader {

  private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*,\\s*");

  private final Problems problems;

  ValueReader(Problems problems) {
    this.problems = problems;
  }

  boolean bool(Resolved resolved) {
    String value = resolved.value().toLowerCase(Locale.ROOT);
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    problems.error(resolved, Rules.BOOLEAN);
    return Boolean.parseBoolean(shipped(resolved));
  }

  /** A periodic task's interval, 1 s to a day. */
  Duration seconds(Resolved resolved) {
    return seconds(resolved, Rules::interval, Rules.INTERVAL);
  }

  /** A start-up or shutdown deadline, 1 s to an hour. */
  Duration timeout(Resolved resolved) {
    return seconds(resolved, Rules::timeout, Rules.TIMEOUT);
  }

  private Duration seconds(Resolved resolved, UnaryOperator<Duration> rule, String message) {
    try {
      return rule.apply(Duration.ofSeconds(Long.parseLong(resolved.value())));
    } catch (NumberFormatException | TopologyException e) {
      problems.error(resolved, message);
      return Duration.ofSeconds(Long.parseLong(shipped(resolved)));
    }
  }

  /** An integer judged by {@code rule}, one of {@link Rules}' checks, whose message is given. */
  int integer(Resolved resolved, IntUnaryOperator rule, String message) {
    try {
      return rule.applyAsInt(Integer.parseInt(resolved.value()));
    } catch (NumberFormatException | TopologyException e) {
      problems.error(resolved, message);
      return Integer.parseInt(shipped(resolved));
    }
  }

  String text(Resolved resolved, String message) {
    try {
      return Rules.notBlank(resolved.value(), message);
    } catch (TopologyException e) {
      problems.error(resolved, message);
      return shipped(resolved);
    }
  }

  /** Empty when blank (the default: chosen at run time), else a valid instance id. */
  Optional<String> instanceId(Resolved resolved) {
    String id = resolved.value().strip();
    if (id.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Rules.instanceId(id));
    } catch (TopologyException e) {
      problems.error(resolved, Rules.INSTANCE_ID);
      return Optional.empty();
    }
  }

  /** MM2's list of regular expressions; each malformed entry is reported and left out. */
  List<String> regexes(Resolved resolved) {
    List<String> entries = list(resolved.value());
    List<String> valid = new ArrayList<>();
    for (String entry : entries) {
      try {
        Pattern.compile(entry);
        valid.add(entry);
      } catch (PatternSyntaxException e) {
        String reason =
            "not a valid regular expression ("
                + e.getDescription()
                + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "")
                + "); expected a Java regex";
        problems.error(
            resolved,
            entries.size() == 1
                ? "is " + reason
                : "has an entry '" + entry + "' that is " + reason);
      }
    }
    return valid;
  }

  /**
   * {@link #regexes} for topic names, warning about an entry with a character outside printable
   * ASCII: Kafka topic names hold only ASCII letters, digits, '.', '_' and '-', so such an entry
   * (often a file read in the wrong encoding) matches no topic.
   */
  List<String> topicRegexes(Resolved resolved) {
    List<String> valid = regexes(resolved);
    for (String entry : valid) {
      if (entry.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
        problems.add(
            Problem.warning(
                resolved.file(),
                resolved.key(),
                resolved.value(),
                "has an entry '"
                    + entry
                    + "' with a character no Kafka topic name can hold, so it matches no topic;"
                    + " expected ASCII letters, digits, '.', '_' and '-' (and regex syntax)"));
      }
    }
    return valid;
  }

  PolicyKind policy(Resolved resolved) {
    return PolicyKind.fromClassName(resolved.value())
        .orElseGet(
            () -> {
              problems.error(
                  resolved,
                  "is not a supported replication policy; expected DefaultReplicationPolicy or"
                      + " IdentityReplicationPolicy, short or fully qualified"
                      + " (org.apache.kafka.connect.mirror.*)");
              return PolicyKind.DEFAULT;
            });
  }

  String separator(Resolved resolved) {
    return text(resolved, Rules.SEPARATOR);
  }

  OffsetSyncsLocation location(Resolved resolved) {
    return OffsetSyncsLocation.fromConfig(resolved.value())
        .orElseGet(
            () -> {
              problems.error(resolved, "is not a valid location; expected source or target");
              return OffsetSyncsLocation.SOURCE;
            });
  }

  static List<String> list(String value) {
    String trimmed = value.strip();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(LIST_SEPARATOR.split(trimmed, -1));
  }

  private static String shipped(Resolved resolved) {
    return resolved.setting().kmirrorDefault().orElseThrow();
  }
}
