package io.kmirror.replicator.deploy;

import io.kmirror.replicator.testing.PrometheusServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/**
 * External tools the deployment checks run: found, or the test is skipped (outside CI) saying why.
 */
final class Tools {

  private Tools() {}

  /**
   * The tool on the PATH. Missing: outside CI the test is skipped with the reason, logged; with
   * {@code CI=true} it fails, since .ci/run installs every one of them.
   */
  static Path require(String name, String debianPackage) {
    Optional<Path> found = PrometheusServer.binary(name);
    if (found.isEmpty()) {
      String why =
          name + " is not installed (Debian package '" + debianPackage + "'; .ci/run installs it)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      LoggerFactory.getLogger(Tools.class).warn("SKIPPED: {}", why);
      Assumptions.abort(why);
    }
    return found.get();
  }

  /** What a finished command printed (stdout and stderr together) and its exit status. */
  record Result(int exit, String output) {}

  /** Runs a command to its end (at most two minutes) in the repository root. */
  static Result run(List<String> command) throws IOException, InterruptedException {
    return run(command, Map.of());
  }

  static Result run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("kmirror-tool", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(DeployFiles.ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within 120 s");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
