package io.kmirror.replicator.deploy;

import static io.kmirror.replicator.deploy.DeployFiles.DEFAULT_HTTP_PORT;
import static io.kmirror.replicator.deploy.DeployFiles.at;
import static io.kmirror.replicator.deploy.DeployFiles.list;
import static io.kmirror.replicator.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.deploy.DeployFiles.Mount;
import io.kmirror.replicator.deploy.Tools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment kit checked by the tools that will read it: kubectl's kustomize, promtool,
 * systemd-analyze and shellcheck. Each test is skipped, saying so, where its tool is missing
 * outside CI; in CI a missing tool fails it.
 */
class DeployToolsIT {

  @Test
  void kustomizeRendersPodsWhoseProbesAndPortsAreKmirrorsEndpoints() throws Exception {
    // Given the manifests rendered as kubectl apply -k would apply them
    Path kubectl = Tools.require("kubectl", "kubernetes-client");
    Result render = Tools.run(List.of(kubectl.toString(), "kustomize", "deploy/k8s"));
    assertThat(render.exit()).as(render.output()).isZero();
    List<Map<String, Object>> objects =
        DeployFiles.yamlDocuments(render.output().replaceAll("(?m)^# Warning: .*$", ""));

    // Then the topology's ConfigMap sets the port the container, probes, Service and monitor use
    Map<String, Object> config = only(objects, "ConfigMap", "kmirror-config");
    Properties topology =
        DeployFiles.properties(map(config.get("data")).get("kmirror.properties").toString());
    int port = Integer.parseInt(topology.getProperty("kmirror.http.port", "" + DEFAULT_HTTP_PORT));
    Map<String, Object> deployment = only(objects, "Deployment", "kmirror");
    assertThat(at(deployment, "spec", "replicas")).as("two pods share the flows").hasValue(2);
    Map<String, Object> pod = map(at(deployment, "spec", "template", "spec").orElseThrow());
    Map<String, Object> container = map(list(pod.get("containers")).get(0));
    Map<String, Object> containerPort = map(list(container.get("ports")).get(0));
    assertThat(containerPort.get("containerPort")).isEqualTo(port);
    String portName = containerPort.get("name").toString();
    assertThat(probe(container, "livenessProbe")).containsExactly("/health", portName);
    assertThat(probe(container, "startupProbe")).containsExactly("/health", portName);
    assertThat(probe(container, "readinessProbe")).containsExactly("/ready", portName);

    Map<String, Object> service = only(objects, "Service", "kmirror");
    Map<String, Object> servicePort = map(list(at(service, "spec", "ports").orElseThrow()).get(0));
    assertThat(servicePort.get("port")).isEqualTo(port);
    assertThat(servicePort.get("targetPort")).isEqualTo(portName);
    Map<String, Object> monitor = only(objects, "ServiceMonitor", "kmirror");
    Map<String, Object> endpoint = map(list(at(monitor, "spec", "endpoints").orElseThrow()).get(0));
    assertThat(endpoint.get("port")).isEqualTo(servicePort.get("name"));
    assertThat(endpoint.get("path")).isEqualTo("/metrics");
    assertThat(at(monitor, "spec", "selector", "matchLabels"))
        .isEqualTo(at(service, "metadata", "labels"));
    assertThat(at(service, "spec", "selector"))
        .isEqualTo(at(deployment, "spec", "template", "metadata", "labels"));

    // And the pod runs as non-root on a read-only root filesystem, writing only to emptyDirs
    assertThat(at(pod, "securityContext", "runAsNonRoot")).hasValue(true);
    assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).hasValue(true);
    assertThat(env(container)).containsEntry("KMIRROR_CDS", "off");
    assertThat(list(container.get("volumeMounts")))
        .anyMatch(m -> "/tmp".equals(map(m).get("mountPath")));

    // And no value of any Secret appears in any ConfigMap
    assertNoSecretInConfigMaps(objects);
    // And the dashboard ConfigMap carries the shipped dashboard
    Map<String, Object> dashboard = only(objects, "ConfigMap", "kmirror-dashboard");
    assertThat(map(dashboard.get("data")).get("kmirror.json"))
        .isEqualTo(DeployFiles.read(DeployFiles.DASHBOARD));
  }

  private static void assertNoSecretInConfigMaps(List<Map<String, Object>> objects) {
    List<String> secretValues = new ArrayList<>();
    for (Map<String, Object> secret : ofKind(objects, "Secret")) {
      for (Object v : map(secret.getOrDefault("stringData", Map.of())).values()) {
        secretValues.add(v.toString());
      }
      for (Object v : map(secret.getOrDefault("data", Map.of())).values()) {
        secretValues.add(
            new String(
                Base64.getDecoder().decode(v.toString()), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    assertThat(secretValues).as("the example Secret has values").isNotEmpty();
    for (Map<String, Object> configMap : ofKind(objects, "ConfigMap")) {
      String data = map(configMap.get("data")).values().toString();
      for (String value : secretValues) {
        for (String line : value.split("\n")) {
          if (line.isBlank()) {
            continue;
          }
          assertThat(data)
              .as("ConfigMap %s", at(configMap, "metadata", "name").orElseThrow())
              .doesNotContain(line.strip());
        }
      }
      assertThat(data).doesNotContain("password=\"");
    }
  }

  @Test
  void promtoolAcceptsTheComposePrometheusConfigAsMountedInItsContainer(@TempDir Path tmp)
      throws Exception {
    // Given the files compose mounts into the Prometheus container, laid out at their container
    // paths
    Path promtool = Tools.require("promtool", "prometheus");
    Path config = null;
    for (Mount mount : DeployFiles.composeMounts(DeployFiles.composeService("prometheus"))) {
      Path inside = tmp.resolve(mount.container().substring(1));
      Files.createDirectories(inside.getParent());
      Files.copy(mount.host(), inside);
      if (mount.container().equals("/etc/prometheus/prometheus.yml")) {
        config = inside;
      }
    }
    assertThat(config).as("compose mounts /etc/prometheus/prometheus.yml").isNotNull();

    // When promtool checks the config (and with it the rule files it loads)
    Result check = Tools.run(List.of(promtool.toString(), "check", "config", config.toString()));

    // Then it passes, rules included
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("kmirror-alerts.yml").contains("SUCCESS");
  }

  @Test
  void systemdAnalyzeVerifiesTheUnit(@TempDir Path tmp) throws Exception {
    // Given the unit, its ExecStart pointed at a stub where /opt/kmirror is not installed
    Path systemdAnalyze = Tools.require("systemd-analyze", "systemd");
    Path stub = tmp.resolve("kmirror");
    Files.writeString(stub, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    String unit = DeployFiles.read(DeployFiles.UNIT);
    if (!Files.isExecutable(Path.of("/opt/kmirror/bin/kmirror"))) {
      unit = unit.replace("ExecStart=/opt/kmirror/bin/kmirror ", "ExecStart=" + stub + " ");
    }
    Path copy = tmp.resolve("kmirror.service");
    Files.writeString(copy, unit);

    // When systemd-analyze verifies it
    Result verify = Tools.run(List.of(systemdAnalyze.toString(), "verify", copy.toString()));

    // Then it finds nothing wrong: no unknown key, no bad value, no missing executable
    assertThat(verify.exit()).as(verify.output()).isZero();
    assertThat(verify.output()).as(verify.output()).doesNotContain("kmirror.service:");
  }

  @Test
  void shellcheckFindsNothingInTheShellScripts() throws Exception {
    // Given every shell script under deploy/ and .ci/
    Path shellcheck = Tools.require("shellcheck", "shellcheck");
    List<String> scripts = new ArrayList<>();
    for (Path dir : List.of(DeployFiles.DEPLOY, DeployFiles.ROOT.resolve(".ci"))) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          if (file.toString().endsWith(".sh")
              || DeployFiles.read(file).startsWith("#!")
                  && DeployFiles.read(file)
                      .lines()
                      .findFirst()
                      .orElse("")
                      .matches("#!.*\\b(ba|da)?sh\\b.*")) {
            scripts.add(file.toString());
          }
        }
      }
    }
    assertThat(scripts)
        .anyMatch(s -> s.endsWith("deploy/bin/kmirror"))
        .anyMatch(s -> s.endsWith(".ci/run"));

    // When shellcheck reads them, Then it has nothing to say
    List<String> command = new ArrayList<>(List.of(shellcheck.toString()));
    command.addAll(scripts);
    Result check = Tools.run(command);
    assertThat(check.exit()).as("shellcheck %s:%n%s", scripts, check.output()).isZero();
  }

  private static List<String> probe(Map<String, Object> container, String name) {
    Map<String, Object> get = map(at(container, name, "httpGet").orElseThrow());
    return List.of(get.get("path").toString(), get.get("port").toString());
  }

  private static Map<String, String> env(Map<String, Object> container) {
    Map<String, String> env = new java.util.HashMap<>();
    for (Object e : list(container.get("env"))) {
      Object value = map(e).get("value");
      if (value != null) {
        env.put(map(e).get("name").toString(), value.toString());
      }
    }
    return env;
  }

  private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  private static Map<String, Object> only(
      List<Map<String, Object>> objects, String kind, String namePrefix) {
    List<Map<String, Object>> found =
        ofKind(objects, kind).stream()
            .filter(o -> at(o, "metadata", "name").orElseThrow().toString().startsWith(namePrefix))
            .filter(
                o ->
                    !kind.equals("ConfigMap")
                        || at(o, "metadata", "name")
                            .orElseThrow()
                            .toString()
                            .matches(namePrefix + "(-[a-z0-9]{10})?"))
            .toList();
    assertThat(found).as("%s %s in the rendered manifests", kind, namePrefix).hasSize(1);
    return found.get(0);
  }
}
