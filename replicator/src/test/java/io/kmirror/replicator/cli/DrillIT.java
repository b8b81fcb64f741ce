package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmirror drill --embedded} in-process, as a user runs it: embedded primary and dr, sample
 * traffic, three groups, primary really stopped, failover from the checkpoints on dr, a verifying
 * consumer per group (about 45 s on two cores).
 */
class DrillIT {

  @Test
  void anEmbeddedDrillPassesWithNothingReReadOrSkippedForEveryGroup(@TempDir Path dir)
      throws Exception {
    // When the embedded drill runs with its report in a temporary directory
    Path base = dir.resolve("drill");
    CommandRun run =
        CommandRun.of("drill", "--embedded", "--report", base.toString(), "--source-timeout", "3");

    // Then it exits 0 and says where the reports are
    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.outLines())
        .contains(
            "drill primary->dr (embedded): PASSED",
            "report: " + base.resolveSibling("drill.md").toAbsolutePath(),
            "report: " + base.resolveSibling("drill.json").toAbsolutePath());

    // And the JSON report shows the outage and 0 re-read, 0 skipped for every group
    JsonObject report = new JsonObject(Files.readString(dir.resolve("drill.json")));
    assertThat(report.getBoolean("passed")).isTrue();
    assertThat(report.getBoolean("sourceReachableAtFailover")).isFalse();
    assertThat(report.getString("checkpointsAsOf")).isNotNull();
    JsonArray groups = report.getJsonArray("groups");
    assertThat(groups.stream().map(g -> ((JsonObject) g).getString("group")))
        .containsExactly("billing", "analytics", "audit");
    for (Object g : groups) {
      JsonObject group = (JsonObject) g;
      assertThat(group.getLong("reRead")).as(group.encode()).isZero();
      assertThat(group.getLong("skipped")).as(group.encode()).isZero();
      assertThat(group.getJsonArray("partitions")).hasSize(6);
    }
    assertThat(report.getJsonObject("rto").getDouble("seconds")).isPositive();
    assertThat(Files.readString(dir.resolve("drill.md")))
        .startsWith("# Disaster-recovery drill primary->dr: PASSED");
  }
}
