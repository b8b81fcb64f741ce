package io.kmirror.topology;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every config-provider reference ({@code ${provider:[path:]key}}) of a file before any
 * client is built, so that a reference that can never resolve is one line from {@code validate}
 * rather than a client that fails on every retry.
 *
 * <p>Kafka clients resolve references with the providers their own config declares ({@code
 * config.providers = env, file} and {@code config.providers.env.class = ...}), at top level or for
 * one cluster ({@code A.config.providers}). Only Kafka's local providers are followed here: {@code
 * EnvVarConfigProvider} (the variable must be set), {@code FileConfigProvider} (the file must be
 * readable and hold the key) and {@code DirectoryConfigProvider} (the file must be readable). A
 * reference to any other declared provider (a vault, a cloud secret store) is left to the client. A
 * reference to a provider nobody declares would reach the client verbatim, so it is an error. A
 * file or directory provider declared with {@code param.allowed.paths} resolves only paths under
 * them (Kafka's {@code AllowedPaths}); a reference outside is an error here, and the file is not
 * read, so that {@code validate} never opens a file the client itself would refuse.
 *
 * <p>A secret never appears in a problem: a line names the key and the reference, never a value the
 * reference resolves to.
 */
final class ProviderReferences {

  /** Kafka's {@code ConfigTransformer.DEFAULT_PATTERN}: provider, optional path, key. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([^}]*?):(([^}]*?):)?([^}]*?)\\}");

  static final String PROVIDERS = "config.providers";
  static final String UNBALANCED =
      "has a '${' without a closing '}'; expected a config-provider reference"
          + " ${provider:[path:]key}";

  private static final String ENV = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
  private static final String FILE = "org.apache.kafka.common.config.provider.FileConfigProvider";
  private static final String DIRECTORY =
      "org.apache.kafka.common.config.provider.DirectoryConfigProvider";

  private final RawProperties raw;
  private final List<String> aliases;
  private final ProviderSources sources;
  private final Problems problems;
  private final Map<String, Map<String, String>> declared = new HashMap<>();
  private final Map<Path, Optional<Properties>> files = new HashMap<>();
  private final Map<Path, String> unreadable = new HashMap<>();

  private ProviderReferences(
      RawProperties raw, List<String> aliases, ProviderSources sources, Problems problems) {
    this.raw = raw;
    this.aliases = aliases;
    this.sources = sources;
    this.problems = problems;
  }

  /** Reports every unbalanced or unresolvable reference among {@code raw}'s values. */
  static void check(
      RawProperties raw, List<String> aliases, ProviderSources sources, Problems problems) {
    ProviderReferences references = new ProviderReferences(raw, aliases, sources, problems);
    raw.entries().forEach(references::checkValue);
  }

  private void checkValue(String key, String value) {
    if (!value.contains("${")) {
      return;
    }
    if (unbalanced(value)) {
      problems.error(key, value, UNBALANCED);
      return;
    }
    Matcher matcher = REFERENCE.matcher(value);
    while (matcher.find()) {
      check(key, matcher.group(), matcher.group(1), matcher.group(3), matcher.group(4));
    }
  }

  /** Whether some {@code ${} has no {@code }} after it. */
  static boolean unbalanced(String value) {
    int open = value.indexOf("${");
    while (open >= 0) {
      int close = value.indexOf('}', open + 2);
      if (close < 0) {
        return true;
      }
      open = value.indexOf("${", close + 1);
    }
    return false;
  }

  private void check(String key, String reference, String provider, String path, String name) {
    Optional<String> providerClass = providerClass(key, provider);
    String refers = "refers to '" + reference + "', but ";
    if (providerClass.isEmpty()) {
      problems.error(
          key,
          refers
              + "config provider '"
              + provider
              + "' is not declared; expected '"
              + PROVIDERS
              + "' to list it and '"
              + PROVIDERS
              + "."
              + provider
              + ".class' to name its class");
      return;
    }
    if (!sources.followed()) {
      return;
    }
    if ((providerClass.get().equals(FILE) || providerClass.get().equals(DIRECTORY))
        && outsideAllowedPaths(key, refers, provider, path)) {
      return;
    }
    switch (providerClass.get()) {
      case ENV -> environment(key, refers, name);
      case FILE -> file(key, refers, reference, path, name);
      case DIRECTORY -> directory(key, refers, reference, path, name);
      default -> {
        // a provider kmirror cannot follow offline; the client resolves it
      }
    }
  }

  /**
   * Whether {@code path} lies outside the provider's {@code param.allowed.paths} (reported), as
   * Kafka's {@code AllowedPaths} decides: the normalised path starts with a normalised allowed one.
   */
  private boolean outsideAllowedPaths(String key, String refers, String provider, String path) {
    Optional<String> allowed = providerParam(key, provider, "allowed.paths");
    if (allowed.isEmpty() || allowed.get().isBlank() || path == null || path.isEmpty()) {
      return false;
    }
    try {
      Path normalised = Path.of(path).normalize();
      for (String root : allowed.get().split(",")) {
        if (normalised.startsWith(Path.of(root.strip()).normalize())) {
          return false;
        }
      }
    } catch (InvalidPathException e) {
      // not a path the provider could read either: reported as outside
    }
    problems.error(
        key,
        refers
            + path
            + " is outside the provider's allowed paths ("
            + allowed.get().strip()
            + "); expected a path under "
            + PROVIDERS
            + "."
            + provider
            + ".param.allowed.paths");
    return true;
  }

  private void environment(String key, String refers, String name) {
    if (sources.env(name).isEmpty()) {
      problems.error(
          key,
          refers
              + "environment variable "
              + name
              + " is not set; expected it set in kmirror's environment");
    }
  }

  private void file(String key, String refers, String reference, String path, String name) {
    Optional<Path> file = path(key, reference, path, "${file:PATH:KEY}");
    if (file.isEmpty()) {
      return;
    }
    Optional<Properties> properties = properties(file.get());
    if (properties.isEmpty()) {
      problems.error(
          key,
          refers
              + file.get()
              + " cannot be read ("
              + unreadable.get(file.get())
              + "); expected a readable properties file");
    } else if (!properties.get().containsKey(name)) {
      problems.error(
          key, refers + file.get() + " has no key '" + name + "'; expected the key in that file");
    }
  }

  private void directory(String key, String refers, String reference, String path, String name) {
    Optional<Path> dir = path(key, reference, path, "${dir:DIRECTORY:FILE}");
    if (dir.isEmpty()) {
      return;
    }
    Path file = dir.get().resolve(name);
    try {
      sources.read(file);
    } catch (IOException | InvalidPathException e) {
      problems.error(
          key, refers + file + " cannot be read (" + why(e) + "); expected a readable file");
    }
  }

  private Optional<Path> path(String key, String reference, String path, String form) {
    try {
      if (path != null && !path.isEmpty()) {
        return Optional.of(Path.of(path));
      }
    } catch (InvalidPathException e) {
      // reported below, as a reference without a usable path
    }
    problems.error(
        key, "refers to '" + reference + "', which names no usable path; expected " + form);
    return Optional.empty();
  }

  private Optional<Properties> properties(Path file) {
    return files.computeIfAbsent(
        file,
        f -> {
          try {
            Properties properties = new Properties();
            properties.load(new StringReader(sources.read(f)));
            return Optional.of(properties);
          } catch (IOException | IllegalArgumentException e) {
            unreadable.put(f, why(e));
            return Optional.empty();
          }
        });
  }

  private static String why(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof IllegalArgumentException) {
      return "not a properties file";
    }
    return e.getClass().getSimpleName();
  }

  /**
   * The class of {@code provider} as the clients reading {@code key} would see it: declared for the
   * key's cluster (for a flow key, either of its clusters), else at top level.
   */
  private Optional<String> providerClass(String key, String provider) {
    for (String scope : scopes(key)) {
      String found = declared(scope).get(provider);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code config.providers.NAME.param.PARAM} at the scope whose declaration of {@code provider}
   * the clients reading {@code key} use.
   */
  private Optional<String> providerParam(String key, String provider, String param) {
    for (String scope : scopes(key)) {
      if (declared(scope).containsKey(provider)) {
        String prefix = scope.isEmpty() ? "" : scope + ".";
        return Optional.ofNullable(
            raw.entries().get(prefix + PROVIDERS + "." + provider + ".param." + param));
      }
    }
    return Optional.empty();
  }

  private List<String> scopes(String key) {
    List<String> scopes = new ArrayList<>();
    int arrow = key.indexOf("->");
    if (arrow > 0) {
      int dot = key.indexOf('.', arrow);
      scopes.add(key.substring(0, arrow));
      scopes.add(key.substring(arrow + 2, dot < 0 ? key.length() : dot));
    } else {
      int dot = key.indexOf('.');
      if (dot > 0 && aliases.contains(key.substring(0, dot))) {
        scopes.add(key.substring(0, dot));
      } else {
        scopes.addAll(aliases);
      }
    }
    scopes.add(ClientLayers.TOP);
    return scopes;
  }

  /** Provider name to class declared at {@code scope} ("" or an alias). */
  private Map<String, String> declared(String scope) {
    return declared.computeIfAbsent(
        scope,
        s -> {
          String prefix = s.isEmpty() ? "" : s + ".";
          Map<String, String> classes = new LinkedHashMap<>();
          String names = raw.entries().get(prefix + PROVIDERS);
          if (names != null) {
            for (String name : ValueReader.list(names)) {
              String providerClass = raw.entries().get(prefix + PROVIDERS + "." + name + ".class");
              if (providerClass != null) {
                classes.put(name, providerClass);
              }
            }
          }
          return classes;
        });
  }
}
