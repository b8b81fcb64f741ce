package io.kmirror.topology;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kmirror.topology.FlowResolver.ResolvedFlow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one MM2 dedicated-mode properties file into a validated {@link Topology}.
 *
 * <p>Every key is kept exactly as written (never through a nested config, which would lose {@code
 * A->B.topics} beside {@code A->B.topics.exclude}); each flow's settings are resolved once, in
 * MM2's lookup order (flow, source cluster, top level, default); every problem of the file is found
 * in one pass. A file with errors throws one {@link TopologyException} listing all of them (and the
 * warnings), each as one line naming file, key, value and what would be accepted.
 *
 * <p>kmirror's own defaults come from {@code reference.conf} ({@code kmirror.http.port}, ...),
 * where environment variables may override them; {@code kmirror.*} keys in the file override both.
 */
public final class TopologyParser {

  private final Config defaults;
  private final ProviderSources sources;

  /**
   * A parser with kmirror's defaults ({@code reference.conf}, environment, system properties) that
   * follows config-provider references into this process's environment and files.
   */
  public TopologyParser() {
    this(ConfigFactory.load());
  }

  /** A parser whose kmirror defaults come from {@code defaults} (tests, embedding). */
  public TopologyParser(Config defaults) {
    this(defaults, ProviderSources.system());
  }

  /** As above, following config-provider references into {@code sources}. */
  public TopologyParser(Config defaults, ProviderSources sources) {
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.sources = Objects.requireNonNull(sources, "sources");
  }

  /** Reads and validates {@code file}; throws {@link TopologyException} listing every error. */
  public ParsedTopology parse(Path file) {
    byte[] bytes;
    try {
      java.util.Optional<String> tooLarge = InputLimits.fileSize(Files.size(file));
      if (tooLarge.isPresent()) {
        throw new TopologyException(List.of(Problem.fileError(file.toString(), tooLarge.get())));
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw unreadable(file, "no such file");
    } catch (IOException e) {
      throw unreadable(file, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return parse(file, bytes);
  }

  /** Validates {@code content} as if read from {@code file} (which is not opened). */
  public ParsedTopology parse(Path file, String content) {
    java.util.Optional<String> tooLarge = InputLimits.fileSize(content.length());
    if (tooLarge.isPresent()) {
      throw new TopologyException(List.of(Problem.fileError(file.toString(), tooLarge.get())));
    }
    try {
      return parse(file, RawProperties.parse(content));
    } catch (IllegalArgumentException e) {
      if (e instanceof TopologyException topology) {
        throw topology;
      }
      throw unreadable(file, e.getMessage());
    }
  }

  private ParsedTopology parse(Path file, byte[] bytes) {
    try {
      return parse(file, RawProperties.parse(bytes));
    } catch (IllegalArgumentException e) {
      if (e instanceof TopologyException topology) {
        throw topology;
      }
      throw unreadable(file, e.getMessage());
    }
  }

  private ParsedTopology parse(Path file, RawProperties raw) {
    Problems problems = new Problems(file.toString());
    if (raw.latin1()) {
      problems.add(
          Problem.fileWarning(
              file.toString(),
              "is not valid UTF-8; read as ISO-8859-1, so non-ASCII characters may not be what"
                  + " was meant; expected a UTF-8 file"));
    }
    InputLimits.check(raw, problems);
    raw.repeated()
        .forEach(k -> problems.warning(k, "is written more than once; the last value wins"));
    List<String> aliases = clusters(raw, problems);
    SortedKeys keys = KeySorter.sort(raw, aliases, problems);
    ProviderReferences.check(raw, aliases, sources, problems);
    Lookup lookup = new Lookup(file.toString(), keys, defaults);
    ValueReader values = new ValueReader(problems);
    List<Cluster> clusters =
        new ClusterResolver(lookup, values, keys.clients(), problems).resolve(aliases);
    List<ResolvedFlow> flows =
        new FlowResolver(lookup, values, keys.clients()).resolve(keys.flows());
    KmirrorSettings settings = settings(lookup, values, problems);
    boolean customClasses = values.bool(global(lookup, Setting.ALLOW_CUSTOM_CLASSES));
    for (SortedKeys.ClientKey key : keys.clientKeys()) {
      LocalAccess.refusal(key.clientKey(), key.value(), customClasses)
          .ifPresent(why -> problems.error(key.key(), why));
    }
    FlowChecks.check(flows, problems);
    ExactlyOnceChecks.check(flows, settings.exactlyOnce(), problems);
    if (problems.hasErrors()) {
      throw new TopologyException(problems.all());
    }
    Topology topology =
        new Topology(file, clusters, flows.stream().map(ResolvedFlow::flow).toList(), settings);
    return new ParsedTopology(topology, problems.warnings(), keys.ignored(), customClasses);
  }

  private static List<String> clusters(RawProperties raw, Problems problems) {
    String key = Setting.CLUSTERS.key();
    String value = raw.entries().get(key);
    String expected = "expected a comma-separated list of cluster aliases, e.g. 'A, B'";
    if (value == null) {
      problems.error(key, "is missing; " + expected);
      return List.of();
    }
    List<String> aliases = new ArrayList<>();
    Map<String, String> folded = new HashMap<>();
    for (String alias : ValueReader.list(value)) {
      String same = folded.putIfAbsent(alias.toLowerCase(Locale.ROOT), alias);
      if (aliases.contains(alias)) {
        problems.error(key, value, "names '" + alias + "' twice; expected each alias once");
      } else if (same != null) {
        problems.error(
            key,
            value,
            "names '"
                + same
                + "' and '"
                + alias
                + "', which differ only in case; expected aliases that differ in more than case"
                + " (remote topic names and metrics would be hard to tell apart)");
        // still known, so that its keys are not reported again as naming an unknown cluster
        aliases.add(alias);
      } else if (validAlias(alias)) {
        aliases.add(alias);
      } else {
        problems.error(
            key,
            value,
            "has an alias '"
                + alias
                + "' that is not valid; expected letters, digits, '_' and '-'");
      }
    }
    if (value.isBlank()) {
      problems.error(key, value, "is empty; " + expected);
    }
    return List.copyOf(aliases);
  }

  private static boolean validAlias(String alias) {
    try {
      Rules.clusterAlias(alias);
      return true;
    } catch (TopologyException e) {
      return false;
    }
  }

  private static KmirrorSettings settings(Lookup lookup, ValueReader values, Problems problems) {
    return new KmirrorSettings(
        values.integer(global(lookup, Setting.HTTP_PORT), Rules::port, Rules.PORT),
        values.text(global(lookup, Setting.HTTP_HOST), Rules.HOST),
        values.timeout(global(lookup, Setting.SHUTDOWN_TIMEOUT)),
        values.bool(global(lookup, Setting.EXACTLY_ONCE)),
        new MetricsSettings(
            values.integer(
                global(lookup, Setting.METRICS_TOPICS_MAX), Rules::topicsMax, Rules.TOPICS_MAX),
            values.seconds(global(lookup, Setting.METRICS_STALLED_AFTER)),
            values.bool(global(lookup, Setting.METRICS_PARTITION_LAG))),
        new RunSettings(
            values.timeout(global(lookup, Setting.STARTUP_TIMEOUT)),
            values.seconds(global(lookup, Setting.STATUS_INTERVAL))),
        values.instanceId(global(lookup, Setting.INSTANCE_ID)));
  }

  private static Resolved global(Lookup lookup, Setting setting) {
    return lookup.global(setting).orElseThrow();
  }

  private static TopologyException unreadable(Path file, String why) {
    return new TopologyException(
        List.of(
            Problem.fileError(
                file.toString(),
                "cannot be read (" + why + "); expected a readable MM2 properties file")));
  }
}
