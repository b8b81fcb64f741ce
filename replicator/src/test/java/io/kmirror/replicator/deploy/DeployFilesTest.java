package io.kmirror.replicator.deploy;

import static io.kmirror.replicator.deploy.DeployFiles.ALERTS;
import static io.kmirror.replicator.deploy.DeployFiles.COMPOSE;
import static io.kmirror.replicator.deploy.DeployFiles.DASHBOARD;
import static io.kmirror.replicator.deploy.DeployFiles.DEFAULT_DRAIN_SECONDS;
import static io.kmirror.replicator.deploy.DeployFiles.DEFAULT_HTTP_PORT;
import static io.kmirror.replicator.deploy.DeployFiles.K8S;
import static io.kmirror.replicator.deploy.DeployFiles.ROOT;
import static io.kmirror.replicator.deploy.DeployFiles.at;
import static io.kmirror.replicator.deploy.DeployFiles.composeMounts;
import static io.kmirror.replicator.deploy.DeployFiles.composeService;
import static io.kmirror.replicator.deploy.DeployFiles.list;
import static io.kmirror.replicator.deploy.DeployFiles.map;
import static io.kmirror.replicator.deploy.DeployFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.deploy.DeployFiles.Mount;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The deployment kit's files agree with each other and with what kmirror serves. */
class DeployFilesTest {

  @Test
  void kubernetesCopiesOfTheDashboardAndAlertRulesMatchTheirOriginals() throws Exception {
    // Given the copies kustomize needs inside deploy/k8s (it reads no file outside its folder)
    // Then they are the shipped dashboard and alert rules, unchanged
    assertThat(Files.mismatch(K8S.resolve("grafana/kmirror.json"), DASHBOARD))
        .as(
            "deploy/k8s/grafana/kmirror.json differs from %s: run deploy/k8s/sync-copies.sh",
            DASHBOARD)
        .isEqualTo(-1L);
    Map<String, Object> rule = DeployFiles.k8sSource("prometheusrule.yaml");
    assertThat(rule.get("kind")).isEqualTo("PrometheusRule");
    assertThat(rule.get("spec"))
        .as("deploy/k8s/prometheusrule.yaml differs from %s: run deploy/k8s/sync-copies.sh", ALERTS)
        .isEqualTo(yaml(ALERTS));
  }

  @Test
  void everyFileTheComposeFileMountsExistsAndTheImageIsBuiltFromTheDockerfile() throws Exception {
    // Given the compose file
    Map<String, Object> services = map(yaml(COMPOSE).get("services"));
    assertThat(services).containsKeys("kafka-a", "kafka-b", "kmirror", "prometheus", "grafana");

    // Then every bind mount's host side exists
    for (Map.Entry<String, Object> service : services.entrySet()) {
      for (Mount mount : composeMounts(map(service.getValue()))) {
        assertThat(mount.host()).as("service %s mounts %s", service.getKey(), mount).exists();
      }
    }
    // And kmirror is built from deploy/Dockerfile with the repository as context
    Map<String, Object> build =
        map(services.get("kmirror")).entrySet().stream()
            .filter(e -> e.getKey().equals("build"))
            .map(e -> map(e.getValue()))
            .findFirst()
            .orElseThrow();
    Path context = COMPOSE.getParent().resolve(build.get("context").toString()).normalize();
    assertThat(context).isEqualTo(ROOT);
    assertThat(context.resolve(build.get("dockerfile").toString()))
        .isEqualTo(DeployFiles.DOCKERFILE);
  }

  @Test
  void composeWiresKmirrorPrometheusAndGrafanaTogether() throws Exception {
    // Given kmirror's topology in compose, mounted where the image's CMD reads it
    Map<String, Object> kmirror = composeService("kmirror");
    List<String> cmd = DeployFiles.execForm("CMD");
    Mount topology =
        composeMounts(kmirror).stream()
            .filter(m -> m.container().equals(cmd.get(cmd.size() - 1)))
            .findFirst()
            .orElseThrow();
    Properties properties = DeployFiles.properties(topology.host());
    int port =
        Integer.parseInt(properties.getProperty("kmirror.http.port", "" + DEFAULT_HTTP_PORT));

    // Then Prometheus (the config it mounts) scrapes the kmirror service on that port
    Map<String, Path> prometheusFiles = byContainerPath(composeService("prometheus"));
    Map<String, Object> prometheusConfig =
        yaml(prometheusFiles.get("/etc/prometheus/prometheus.yml"));
    Map<String, Object> job = map(list(prometheusConfig.get("scrape_configs")).get(0));
    assertThat(job.get("job_name")).isEqualTo("kmirror");
    assertThat(list(map(list(job.get("static_configs")).get(0)).get("targets")))
        .containsExactly("kmirror:" + port);
    assertThat(list(kmirror.get("ports"))).contains(port + ":" + port);
    // and loads the alert rules from the file next to its config
    for (Object ruleFile : list(prometheusConfig.get("rule_files"))) {
      assertThat(prometheusFiles.get("/etc/prometheus/" + ruleFile)).isEqualTo(ALERTS);
    }

    // And Grafana gets the provisioning folder, whose dashboard provider reads the folder that
    // holds the dashboard the observability tests check, and whose datasource is that Prometheus
    Map<String, Path> grafanaFiles = byContainerPath(composeService("grafana"));
    Path provisioning = grafanaFiles.get("/etc/grafana/provisioning");
    assertThat(provisioning).isEqualTo(ROOT.resolve("grafana/provisioning"));
    Map<String, Object> provider =
        map(list(yaml(provisioning.resolve("dashboards/kmirror.yml")).get("providers")).get(0));
    String dashboards = at(provider, "options", "path").orElseThrow().toString();
    assertThat(grafanaFiles.get(dashboards).resolve("kmirror.json")).isEqualTo(DASHBOARD);
    Map<String, Object> datasource =
        map(list(yaml(provisioning.resolve("datasources/kmirror.yml")).get("datasources")).get(0));
    URI url = URI.create(datasource.get("url").toString());
    assertThat(composeServiceNames()).contains(url.getHost());
    assertThat(url.getPort()).isEqualTo(9090);
    assertThat(list(composeService("prometheus").get("ports"))).contains("9090:9090");
  }

  @Test
  void everyGracePeriodIsLongerThanKmirrorsDrain() throws Exception {
    // Given the drain each deployment form's topology allows (the default where unset)
    int drain = DEFAULT_DRAIN_SECONDS;
    for (Path topology :
        List.of(
            COMPOSE.getParent().resolve("kmirror.properties"), K8S.resolve("kmirror.properties"))) {
      drain =
          Math.max(
              drain,
              Integer.parseInt(
                  DeployFiles.properties(topology)
                      .getProperty(
                          "kmirror.shutdown.timeout.seconds", "" + DEFAULT_DRAIN_SECONDS)));
    }
    // Then every form waits longer than that before it kills the process
    for (Map.Entry<String, Integer> grace : DeployFiles.gracePeriods().entrySet()) {
      assertThat(grace.getValue()).as(grace.getKey()).isGreaterThan(drain);
    }
  }

  @Test
  void theImageRunsTheLauncherAsANonRootUserAndExposesTheHttpPort() throws Exception {
    assertThat(DeployFiles.dockerfile("FROM"))
        .last()
        .asString()
        .startsWith("eclipse-temurin:17-jre");
    assertThat(DeployFiles.execForm("ENTRYPOINT")).containsExactly("/opt/kmirror/bin/kmirror");
    assertThat(DeployFiles.dockerfile("COPY"))
        .contains("deploy/bin/kmirror /opt/kmirror/bin/kmirror")
        .anyMatch(
            copy -> copy.endsWith("replicator/target/kmirror.jar /opt/kmirror/lib/kmirror.jar"));
    assertThat(DeployFiles.dockerfile("USER"))
        .singleElement()
        .asString()
        .doesNotStartWith("0")
        .doesNotStartWith("root");
    assertThat(DeployFiles.dockerfile("EXPOSE")).containsExactly("" + DEFAULT_HTTP_PORT);
    assertThat(DeployFiles.execForm("CMD"))
        .containsExactly("run", "/etc/kmirror/kmirror.properties");
  }

  @Test
  void theSystemdUnitStopsCleanlyAndKeepsTheJitWorking() throws Exception {
    String unit = DeployFiles.read(DeployFiles.UNIT);
    assertThat(DeployFiles.unitValue(unit, "Type")).hasValue("exec");
    assertThat(DeployFiles.unitValue(unit, "Restart")).hasValue("on-failure");
    assertThat(DeployFiles.unitValue(unit, "SuccessExitStatus")).hasValue("143");
    assertThat(DeployFiles.unitValue(unit, "User")).hasValue("kmirror");
    assertThat(DeployFiles.unitValue(unit, "LimitNOFILE")).isPresent();
    assertThat(DeployFiles.unitValue(unit, "EnvironmentFile")).isPresent();
    assertThat(DeployFiles.unitValue(unit, "MemoryDenyWriteExecute")).isEmpty();
  }

  private static Map<String, Path> byContainerPath(Map<String, Object> service) {
    Map<String, Path> byPath = new java.util.HashMap<>();
    for (Mount mount : composeMounts(service)) {
      byPath.put(mount.container(), mount.host());
    }
    return byPath;
  }

  private static java.util.Set<String> composeServiceNames() throws Exception {
    return map(yaml(COMPOSE).get("services")).keySet();
  }
}
