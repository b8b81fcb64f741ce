package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.testing.LogCapture;
import io.kmirror.replicator.testing.PlantedSecrets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmirror demo} on a topology with a distinct secret in every secret-bearing key (embedded,
 * PLAINTEXT clusters, so the clients ignore them): the demo passes, and no secret is in its output
 * or its log at DEBUG.
 */
class SecretsNeverInDemoIT {

  @TempDir Path dir;

  @Test
  void aDemoShowsAndLogsNoPlantedSecret() {
    PlantedSecrets planted = PlantedSecrets.write(dir, "embedded", "embedded");
    try (LogCapture log = LogCapture.start()) {
      CommandRun run =
          CommandRun.of(
              "demo", planted.file().toString(), "--duration", "5", "--log-level", "DEBUG");

      assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
      String shown = run.out() + run.err() + log.text();
      assertThat(shown).contains("flow=A->B");
      for (String secret : planted.secrets()) {
        assertThat(shown).doesNotContain(secret);
      }
    }
  }
}
