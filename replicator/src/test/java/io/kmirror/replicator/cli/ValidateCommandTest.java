package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

  /** The module runs with replicator/ as its working directory. */
  private static final Path EXAMPLES = Path.of("..", "config-examples");

  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    Path file = dir.resolve("topology.properties");
    Files.writeString(file, String.join("\n", lines));
    return file;
  }

  @Test
  void validFileExitsZeroAndSummarisesClustersFlowsAndPattern() throws IOException {
    Path file =
        file(
            "clusters = A, B",
            "A.bootstrap.servers = embedded",
            "B.bootstrap.servers = b1:9092,b2:9092",
            "A->B.enabled = true",
            "A->B.topics = orders.*|payments.*",
            "B->A.enabled = false",
            "offset.storage.replication.factor = 1",
            "A->B.topcs = typo");

    CommandRun run = CommandRun.of("validate", file.toString());

    assertThat(run.status()).isEqualTo(ExitCode.OK);
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines())
        .containsExactly(
            file + ": valid, 2 clusters, 2 flows (1 enabled)",
            "",
            "Clusters",
            "  A  embedded (1 broker)",
            "  B  b1:9092,b2:9092",
            "",
            "Flows",
            "  A->B  enabled, active-passive (A->B)",
            "    topics    orders.*|payments.*  excluding mm2.*\\.internal, .*\\.replica, __.*",
            "    groups    .*  excluding console-consumer-.*, connect-.*, __.*",
            "    policy    DefaultReplicationPolicy (separator '.'): orders -> A.orders",
            "    timing    topics 5s, groups 5s, checkpoints 5s, group offsets 5s, heartbeats 1s",
            "    options   configs synced, ACLs synced, 1 task",
            "  B->A  disabled",
            "    topics    .*  excluding mm2.*\\.internal, .*\\.replica, __.*",
            "    groups    .*  excluding console-consumer-.*, connect-.*, __.*",
            "    policy    DefaultReplicationPolicy (separator '.'): orders -> B.orders",
            "    timing    topics 5s, groups 5s, checkpoints 5s, group offsets 5s, heartbeats 1s",
            "    options   configs synced, ACLs synced, 1 task",
            "",
            "Pattern: active-passive (A->B)",
            "",
            "Warnings (1)",
            "  "
                + file
                + ": warning: key 'A->B.topcs' is not a known key; did you mean 'A->B.topics'?",
            "",
            "Ignored keys (1): accepted for MM2 compatibility, not used",
            "  offset.storage.replication.factor  Kafka Connect worker setting; kmirror runs no Connect"
                + " worker");
  }

  @Test
  void identityPolicyExampleKeepsTheTopicName() throws IOException {
    Path file =
        file(
            "clusters = A, B",
            "A.bootstrap.servers = a:1",
            "B.bootstrap.servers = b:1",
            "A->B.enabled = true",
            "replication.policy.class = IdentityReplicationPolicy");

    assertThat(CommandRun.of("validate", file.toString()).out())
        .contains("    policy    IdentityReplicationPolicy (separator '.'): orders -> orders");
  }

  @Test
  void invalidFileExitsTwoWithOneLinePerProblemOnStandardError() throws IOException {
    Path file =
        file(
            "clusters = A, B",
            "A.bootstrap.servers = embedded",
            "A->B.enabled = yes",
            "A->B.topics = [a-",
            "A->B.topcs = x");

    CommandRun run = CommandRun.of("validate", file.toString());

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            file
                + ": key 'B.bootstrap.servers' is missing; expected host:port[,host:port...] or"
                + " 'embedded'",
            file + ": key 'A->B.enabled' value 'yes' is not a boolean; expected true or false",
            file
                + ": key 'A->B.topics' value '[a-' is not a valid regular expression (Illegal"
                + " character range near index 3); expected a Java regex",
            file + ": warning: key 'A->B.topcs' is not a known key; did you mean 'A->B.topics'?",
            "kmirror validate: the topology has 3 errors");
  }

  @Test
  void missingFileExitsTwoWithoutAStackTrace() {
    Path missing = dir.resolve("missing.properties");

    CommandRun run = CommandRun.of("validate", missing.toString());

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly(
            missing + ": cannot be read (no such file); expected a readable MM2 properties file",
            "kmirror validate: the topology has 1 error");
  }

  @Test
  void jsonPrintsTheResolvedTopologyWithSecretsHidden() throws IOException {
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "truststore = s3cr3t-truststore\n");
    Path file =
        file(
            "clusters = A, B",
            "A.bootstrap.servers = embedded",
            "A.embedded.brokers = 2",
            "B.bootstrap.servers = b1:9092",
            "B.security.protocol = SASL_SSL",
            "B.sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"u\" password=\"s3cr3t\";",
            "config.providers = file",
            "config.providers.file.class = org.apache.kafka.common.config.provider.FileConfigProvider",
            "B.ssl.truststore.password = ${file:" + secrets + ":truststore}",
            "A->B.enabled = true",
            "A->B.topics = orders.*",
            "A->B.groups.exclude = test-.*",
            "A->B.producer.linger.ms = 20",
            "A->B.emit.checkpoints.interval.seconds = 7");

    CommandRun run = CommandRun.of("validate", file.toString(), "--json");

    assertThat(run.status()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).doesNotContain("s3cr3t").doesNotContain(secrets.toString());
    JsonObject json = new JsonObject(run.out());
    assertThat(json.getString("file")).isEqualTo(file.toString());
    assertThat(json.getJsonObject("pattern").getString("description"))
        .isEqualTo("active-passive (A->B)");
    JsonArray clusters = json.getJsonArray("clusters");
    assertThat(clusters.getJsonObject(0).getJsonObject("bootstrap"))
        .isEqualTo(new JsonObject().put("embedded", true).put("brokers", 2));
    assertThat(clusters.getJsonObject(1).getJsonObject("bootstrap"))
        .isEqualTo(new JsonObject().put("embedded", false).put("servers", "b1:9092"));
    assertThat(clusters.getJsonObject(1).getJsonObject("common").getString("sasl.jaas.config"))
        .isEqualTo("[hidden]");

    JsonObject flow = json.getJsonArray("flows").getJsonObject(0);
    assertThat(flow.getString("id")).isEqualTo("A->B");
    assertThat(flow.getString("source")).isEqualTo("A");
    assertThat(flow.getString("target")).isEqualTo("B");
    assertThat(flow.getBoolean("enabled")).isTrue();
    assertThat(flow.getJsonObject("topics").getJsonArray("include"))
        .isEqualTo(new JsonArray(List.of("orders.*")));
    assertThat(flow.getJsonObject("groups").getJsonArray("exclude"))
        .isEqualTo(new JsonArray(List.of("test-.*")));
    assertThat(flow.getJsonObject("groups").getJsonObject("checkpoints"))
        .isEqualTo(new JsonObject().put("enabled", true).put("intervalSeconds", 7));
    assertThat(flow.getJsonObject("policy").getString("class"))
        .isEqualTo("org.apache.kafka.connect.mirror.DefaultReplicationPolicy");
    assertThat(flow.getJsonObject("policy").getString("example")).isEqualTo("orders -> A.orders");
    JsonObject producer = flow.getJsonObject("clients").getJsonObject("targetProducer");
    assertThat(producer.getString("linger.ms")).isEqualTo("20");
    assertThat(producer.getString("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(producer.getString("sasl.jaas.config")).isEqualTo("[hidden]");
    assertThat(producer.getString("ssl.truststore.password")).isEqualTo("[hidden]");
    assertThat(producer.getString("config.providers.file.class"))
        .isEqualTo("org.apache.kafka.common.config.provider.FileConfigProvider");
    assertThat(json.getJsonObject("settings").getInteger("httpPort")).isEqualTo(9464);
  }

  @Test
  void everyConfigExampleValidatesWithoutWarnings() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      examples = files.filter(f -> f.toString().endsWith(".properties")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
    for (Path example : examples) {
      CommandRun run = CommandRun.of("validate", example.toString());
      assertThat(run.status()).as(example + ": " + run.err()).isEqualTo(ExitCode.OK);
      assertThat(run.out()).as(example.toString()).doesNotContain("Warnings (");
      assertThat(CommandRun.of("validate", example.toString(), "--json").status()).isZero();
    }
  }
}
