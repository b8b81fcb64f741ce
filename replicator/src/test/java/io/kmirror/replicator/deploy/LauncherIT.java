package io.kmirror.replicator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.replicator.deploy.Tools.Result;
import io.kmirror.replicator.testing.KmirrorProcess;
import io.kmirror.replicator.testing.Scrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher (deploy/bin/kmirror) starts the real shaded jar: it validates every topology the kit
 * ships, and, laid out as the image lays it out and started with the image's entrypoint, command
 * and environment, it serves /health and exits 0 on SIGTERM within the shortest grace period a
 * deployment form gives it. Needs replicator/target/kmirror.jar (failsafe runs after package).
 */
class LauncherIT {

  @Test
  void theLauncherValidatesEveryShippedTopology() throws Exception {
    // Given every topology of the kit and every config example
    List<Path> topologies = new ArrayList<>();
    topologies.add(DeployFiles.COMPOSE.getParent().resolve("kmirror.properties"));
    topologies.add(DeployFiles.K8S.resolve("kmirror.properties"));
    try (Stream<Path> examples = Files.list(DeployFiles.ROOT.resolve("config-examples"))) {
      examples.filter(p -> p.toString().endsWith(".properties")).sorted().forEach(topologies::add);
    }
    for (Path topology : topologies) {
      // When the launcher validates it
      Result result =
          Tools.run(
              // --no-resolve: the k8s topology's secrets exist only in the pod
              List.of(
                  DeployFiles.LAUNCHER.toString(), "validate", "--no-resolve", topology.toString()),
              Map.of("JAVA_HOME", System.getProperty("java.home"), "KMIRROR_CDS", "off"));
      // Then it is valid, without a warning
      assertThat(result.exit()).as("%s:%n%s", topology, result.output()).isZero();
      assertThat(result.output())
          .as(topology.toString())
          .contains(": valid, ")
          .doesNotContain("warning");
    }
  }

  @Test
  void theImageEntrypointServesHealthAndExitsZeroOnSigtermWithinTheGracePeriod(@TempDir Path root)
      throws Exception {
    // Given the image's layout (the Dockerfile's COPY lines) under a temporary root
    Path launcher = inside(root, "/opt/kmirror/bin/kmirror");
    Files.createDirectories(launcher.getParent());
    Files.copy(DeployFiles.LAUNCHER, launcher);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = inside(root, "/opt/kmirror/lib/kmirror.jar");
    Files.createDirectories(jar.getParent());
    Files.copy(DeployFiles.JAR, jar);
    List<String> cmd = DeployFiles.execForm("CMD");
    Path config = inside(root, cmd.get(cmd.size() - 1));
    Files.createDirectories(config.getParent());
    Files.copy(DeployFiles.ROOT.resolve("config-examples/quickstart.properties"), config);
    int grace = Collections.min(DeployFiles.gracePeriods().values());

    // When the entrypoint runs the command with the image's environment (HTTP on a free port)
    List<String> command = new ArrayList<>();
    for (String word : DeployFiles.execForm("ENTRYPOINT")) {
      command.add(inside(root, word).toString());
    }
    for (String word : cmd) {
      command.add(word.startsWith("/") ? inside(root, word).toString() : word);
    }
    Map<String, String> env = new HashMap<>();
    for (String entry : DeployFiles.dockerfile("ENV")) {
      String[] kv = entry.split("=", 2);
      env.put(kv[0], kv[1]);
    }
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("KMIRROR_HTTP_PORT", "0");
    try (KmirrorProcess kmirror = KmirrorProcess.command(command, root, env).start()) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> !kmirror.isAlive() || kmirror.stdout().contains("kmirror running 1 flow(s)"));
      assertThat(kmirror.isAlive()).as("running; stderr:%n%s", kmirror.log()).isTrue();
      int port = kmirror.httpPort(Duration.ofSeconds(10));

      // Then /health answers, the flow comes up
      assertThat(Scrape.get(port, "/health").statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(Scrape.from(port).value("kmirror_flow_up", Map.of())).isEqualTo(1));
      // and the launcher wrote no class-data archive next to the jar (KMIRROR_CDS=off)
      try (Stream<Path> lib = Files.list(jar.getParent())) {
        assertThat(lib).containsExactly(jar);
      }

      // And SIGTERM (what docker stop, the kubelet and systemd send) drains and exits 0 in time
      assertThat(kmirror.stop(Duration.ofSeconds(grace)))
          .as(
              "exit status within %d s, the shortest grace period; stderr:%n%s",
              grace, kmirror.log())
          .hasValue(0);
      assertThat(kmirror.log())
          .contains("event=replicator-stopped")
          .doesNotContain("stop-incomplete");
    }
  }

  private static Path inside(Path root, String containerPath) {
    return root.resolve(containerPath.substring(1));
  }
}
