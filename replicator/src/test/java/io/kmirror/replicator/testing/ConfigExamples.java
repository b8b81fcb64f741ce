package io.kmirror.replicator.testing;

import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped files in {@code config-examples/}, read by the real parser. */
public final class ConfigExamples {

  /** Failsafe runs in the module directory. */
  private static final Path DIRECTORY = Path.of("..", "config-examples");

  private ConfigExamples() {}

  /**
   * Parses {@code config-examples/<name>} as {@code kmirror run} would, except that each key of
   * {@code overrides} takes the given value: its line in the file is rewritten (so the file's
   * flows, filters and policies stay as shipped, and no key is written twice), or appended when the
   * file does not set it.
   */
  public static Topology load(String name, Map<String, String> overrides) {
    Path file = DIRECTORY.resolve(name);
    String content;
    try {
      content = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder appended = new StringBuilder();
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      Pattern line = Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(o.getKey()) + "[ \\t]*=.*$");
      String replacement = Matcher.quoteReplacement(o.getKey() + " = " + o.getValue());
      Matcher matcher = line.matcher(content);
      if (matcher.find()) {
        content = matcher.replaceAll(replacement);
      } else {
        appended.append('\n').append(o.getKey()).append(" = ").append(o.getValue());
      }
    }
    return new TopologyParser().parse(file, content + appended).topology();
  }
}
