package io.kmirror.replicator.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Derives the names of the topics the demo creates and fills from a flow's {@code topics} include
 * patterns, so a file's own filters decide what the demo shows.
 *
 * <p>The rule, per include pattern: split it at top-level {@code |} into alternatives; an
 * alternative that is a plain topic name ({@code orders}, {@code orders.eu}) is taken as is;
 * otherwise its literal start is taken, up to the first regular-expression operator ({@code
 * orders.*} gives {@code orders}, {@code orders\.eu.*} gives {@code orders.eu}), minus the last
 * character when a {@code ?}, {@code *} or <code>{</code> makes that character optional. A name is
 * kept only if it is a legal Kafka topic name and the alternative matches it in full; a pattern
 * without a literal start ({@code .*}, {@code [a-z]+}) gives none.
 */
public final class SampleTopics {

  private static final int MAX_TOPIC_LENGTH = 249;
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

  private SampleTopics() {}

  /** The sample names of every include pattern, in order, without duplicates. */
  public static List<String> from(List<String> includes) {
    Set<String> names = new LinkedHashSet<>();
    for (String include : includes) {
      for (String alternative : alternatives(include)) {
        name(alternative).ifPresent(names::add);
      }
    }
    return List.copyOf(names);
  }

  static Optional<String> name(String alternative) {
    String candidate = isPlainName(alternative) ? alternative : literalStart(alternative);
    if (!isLegalTopic(candidate) || !Pattern.compile(alternative).matcher(candidate).matches()) {
      return Optional.empty();
    }
    return Optional.of(candidate);
  }

  /** Splits at {@code |} outside groups, classes and escapes. */
  static List<String> alternatives(String pattern) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean inClass = false;
    int start = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        parts.add(pattern.substring(start, i).trim());
        start = i + 1;
      }
    }
    parts.add(pattern.substring(start).trim());
    return parts;
  }

  private static boolean isPlainName(String alternative) {
    return LEGAL.matcher(alternative).matches();
  }

  private static String literalStart(String alternative) {
    StringBuilder name = new StringBuilder();
    String rest = alternative.startsWith("^") ? alternative.substring(1) : alternative;
    int i = 0;
    while (i < rest.length()) {
      char c = rest.charAt(i);
      if (c == '\\' && i + 1 < rest.length() && isEscapedLiteral(rest.charAt(i + 1))) {
        name.append(rest.charAt(i + 1));
        i += 2;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
        name.append(c);
        i++;
      } else {
        break;
      }
    }
    if (i < rest.length() && isOptionalQuantifier(rest.charAt(i)) && name.length() > 0) {
      name.setLength(name.length() - 1);
    }
    return name.toString();
  }

  private static boolean isEscapedLiteral(char c) {
    return c == '.' || c == '-' || c == '_';
  }

  private static boolean isOptionalQuantifier(char c) {
    return c == '?' || c == '*' || c == '{';
  }

  private static boolean isLegalTopic(String name) {
    return !name.isEmpty()
        && name.length() <= MAX_TOPIC_LENGTH
        && !name.equals(".")
        && !name.equals("..")
        && LEGAL.matcher(name).matches();
  }
}
