package io.kmirror.replicator.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment kit's files, read as the tools that use them read them: YAML through SnakeYAML
 * (already on the test class path through Kafka's broker; it understands the compose file's anchors
 * and merge keys), properties as {@link Properties}, the unit file and Dockerfile by line.
 */
final class DeployFiles {

  /** The repository root: tests run in the replicator module's folder. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static final Path DEPLOY = ROOT.resolve("deploy");
  static final Path COMPOSE = DEPLOY.resolve("compose/compose.yaml");
  static final Path K8S = DEPLOY.resolve("k8s");
  static final Path UNIT = DEPLOY.resolve("systemd/kmirror.service");
  static final Path DOCKERFILE = DEPLOY.resolve("Dockerfile");
  static final Path LAUNCHER = DEPLOY.resolve("bin/kmirror");
  static final Path JAR = ROOT.resolve("replicator/target/kmirror.jar");
  static final Path DASHBOARD = ROOT.resolve("grafana/dashboards/kmirror.json");
  static final Path ALERTS = DEPLOY.resolve("prometheus/kmirror-alerts.yml");

  /** kmirror.http.port's default (docs/configuration.md). */
  static final int DEFAULT_HTTP_PORT = 9464;

  /** kmirror.shutdown.timeout.seconds' default (docs/configuration.md). */
  static final int DEFAULT_DRAIN_SECONDS = 30;

  private static final Pattern DURATION = Pattern.compile("(\\d+)s?");

  private DeployFiles() {}

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** One YAML document as maps, lists and scalars. */
  static Map<String, Object> yaml(Path file) throws IOException {
    return new Yaml().load(read(file));
  }

  /** Every document of a multi-document YAML text. */
  static List<Map<String, Object>> yamlDocuments(String text) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(text)) {
      if (doc != null) {
        docs.add(map(doc));
      }
    }
    return docs;
  }

  static Properties properties(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p;
  }

  static Properties properties(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  /** Follows a path of map keys; empty when any step is missing. */
  static Optional<Object> at(Map<String, Object> root, String... keys) {
    Object o = root;
    for (String key : keys) {
      if (!(o instanceof Map<?, ?> m) || !m.containsKey(key)) {
        return Optional.empty();
      }
      o = m.get(key);
    }
    return Optional.ofNullable(o);
  }

  /** The value of {@code Key=} in the unit file's [Service] section (the last one wins). */
  static Optional<String> unitValue(String unit, String key) {
    String value = null;
    for (String line : unit.split("\n")) {
      if (line.startsWith(key + "=")) {
        value = line.substring(key.length() + 1).trim();
      }
    }
    return Optional.ofNullable(value);
  }

  /** Whole seconds from "60", "60s" or the like. */
  static int seconds(String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration in seconds: " + value);
    }
    return Integer.parseInt(m.group(1));
  }

  static Map<String, Object> composeService(String name) throws IOException {
    return map(
        at(yaml(COMPOSE), "services", name)
            .orElseThrow(() -> new AssertionError(COMPOSE + " has no service " + name)));
  }

  /** A compose service's bind mounts, host path (resolved) to container path. */
  static List<Mount> composeMounts(Map<String, Object> service) {
    List<Mount> mounts = new ArrayList<>();
    for (Object volume : list(service.get("volumes"))) {
      String[] parts = volume.toString().split(":");
      mounts.add(new Mount(COMPOSE.getParent().resolve(parts[0]).normalize(), parts[1]));
    }
    return mounts;
  }

  /** A bind mount: a file or folder on the host, seen at a path in the container. */
  record Mount(Path host, String container) {}

  /**
   * Grace periods the deployment forms give kmirror between SIGTERM and SIGKILL, in seconds:
   * Kubernetes' terminationGracePeriodSeconds, compose's stop_grace_period, systemd's
   * TimeoutStopSec.
   */
  static Map<String, Integer> gracePeriods() throws IOException {
    Map<String, Object> deployment = k8sSource("deployment.yaml");
    int k8s =
        ((Number)
                at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds")
                    .orElseThrow())
            .intValue();
    int compose = seconds(composeService("kmirror").get("stop_grace_period").toString());
    int systemd = seconds(unitValue(read(UNIT), "TimeoutStopSec").orElseThrow());
    return Map.of("kubernetes", k8s, "compose", compose, "systemd", systemd);
  }

  static Map<String, Object> k8sSource(String file) throws IOException {
    return yaml(K8S.resolve(file));
  }

  /**
   * The Dockerfile's instructions of one kind (ENV, COPY, ...), arguments only, continuations
   * joined.
   */
  static List<String> dockerfile(String instruction) throws IOException {
    List<String> found = new ArrayList<>();
    String joined = read(DOCKERFILE).replace("\\\n", " ");
    for (String line : joined.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith(instruction + " ")) {
        found.add(trimmed.substring(instruction.length() + 1).trim());
      }
    }
    return found;
  }

  /** A JSON-array (exec form) instruction's words; fails on the shell form. */
  static List<String> execForm(String instruction) throws IOException {
    List<String> values = dockerfile(instruction);
    if (values.size() != 1 || !values.get(0).startsWith("[")) {
      throw new AssertionError(instruction + " must be one exec-form (JSON array) line: " + values);
    }
    List<Object> words = list(new Yaml().load(values.get(0)));
    return words.stream().map(Object::toString).toList();
  }
}
