package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.testing.PlantedSecrets;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} shows no secret, whichever key holds it, in its human or JSON output. */
class SecretsNeverShownTest {

  @TempDir Path dir;

  @Test
  void validateShowsNoPlantedSecretAndWarnsAboutTheMisspeltKey() {
    PlantedSecrets planted = PlantedSecrets.write(dir, "a:9092", "b:9092");

    CommandRun human = CommandRun.of("validate", planted.file().toString());
    CommandRun json = CommandRun.of("validate", planted.file().toString(), "--json");

    assertThat(human.status()).isEqualTo(ExitCode.OK);
    assertThat(json.status()).isEqualTo(ExitCode.OK);
    for (String secret : planted.secrets()) {
      assertThat(human.out() + human.err()).as("validate").doesNotContain(secret);
      assertThat(json.out() + json.err()).as("validate --json").doesNotContain(secret);
    }
    assertThat(human.outLines())
        .contains(
            "  "
                + planted.file()
                + ": warning: key 'A.sasl.jass.config' is not a known key; did you mean"
                + " 'A.sasl.jaas.config'?");
    JsonObject a = new JsonObject(json.out()).getJsonArray("clusters").getJsonObject(0);
    assertThat(a.getJsonObject("common").getString("sasl.jass.config")).isEqualTo("[hidden]");
    assertThat(a.getJsonObject("common").getString("security.protocol")).isNull();
  }
}
