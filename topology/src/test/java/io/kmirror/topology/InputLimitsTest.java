package io.kmirror.topology;

import static io.kmirror.topology.TopologyFiles.problems;
import static io.kmirror.topology.TopologyFiles.twoClusters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputLimitsTest {

  @TempDir Path dir;

  @Test
  void anOversizedFileIsRefusedWithOneLineBeforeItIsRead() throws IOException {
    Path file = dir.resolve("huge.properties");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(InputLimits.MAX_FILE_BYTES + 1);
    }

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> new TopologyParser().parse(file));

    assertThat(e.problems())
        .extracting(Problem::line)
        .containsExactly(
            file
                + ": is 1048577 bytes; expected at most 1048576 bytes (1 MiB) for a topology file");
  }

  @Test
  void anOversizedValueIsRefusedNamingItsKeyAndTheLimitButNotTheValue() {
    String value = "x".repeat(InputLimits.MAX_VALUE_CHARS + 1);

    assertThat(problems(twoClusters("A.sasl.jaas.config = " + value)))
        .containsExactly(
            "topology.properties: key 'A.sasl.jaas.config' has a value of 65537 characters;"
                + " expected at most 65536");
  }

  @Test
  void aValueAtTheLimitIsAccepted() {
    String value = "x".repeat(InputLimits.MAX_VALUE_CHARS);

    assertThat(
            TopologyFiles.topology(twoClusters("A.ssl.truststore.certificates = " + value))
                .cluster("A")
                .orElseThrow()
                .common()
                .entries())
        .containsEntry("ssl.truststore.certificates", value);
  }
}
