package io.kmirror.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyCatalogTest {

  @Test
  void everyKmirrorDefaultInReferenceConfMatchesTheShippedDefault() {
    Config shipped = TopologyFiles.SHIPPED_DEFAULTS;
    for (Setting setting : Setting.values()) {
      setting
          .configPath()
          .ifPresent(
              path ->
                  assertThat(String.valueOf(shipped.getValue(path).unwrapped()))
                      .as(path)
                      .isEqualTo(setting.kmirrorDefault().orElseThrow()));
    }
    assertThat(
            new KmirrorSettings(
                shipped.getInt("kmirror.http.port"),
                shipped.getString("kmirror.http.host"),
                Duration.ofSeconds(shipped.getLong("kmirror.shutdown.timeout.seconds")),
                shipped.getBoolean("kmirror.exactly.once.enabled"),
                new MetricsSettings(
                    shipped.getInt("kmirror.metrics.topics.max"),
                    Duration.ofSeconds(shipped.getLong("kmirror.metrics.stalled.after.seconds")),
                    shipped.getBoolean("kmirror.metrics.partition.lag.enabled")),
                new RunSettings(
                    Duration.ofSeconds(shipped.getLong("kmirror.startup.timeout.seconds")),
                    Duration.ofSeconds(shipped.getLong("kmirror.status.interval.seconds"))),
                java.util.Optional.of(shipped.getString("kmirror.instance.id"))
                    .filter(id -> !id.isEmpty())))
        .isEqualTo(KmirrorSettings.defaults());
  }

  @Test
  void everySettingWithoutARequiredValueHasAValidShippedDefault() {
    Topology topology = TopologyFiles.topology(TopologyFiles.twoClusters());
    assertThat(topology.flows()).hasSize(1);
    for (Setting setting : Setting.values()) {
      if (setting != Setting.CLUSTERS && setting != Setting.BOOTSTRAP_SERVERS) {
        assertThat(setting.kmirrorDefault()).as(setting.key()).isPresent();
      }
    }
  }

  @Test
  void kmirrorDefaultsThatDifferFromMm2AreTheDocumentedFasterOnes() {
    List<String> differing = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      if (setting.differsFromMm2()) {
        differing.add(setting.key());
      }
    }
    assertThat(differing)
        .containsExactly(
            "replication.factor",
            "refresh.topics.interval.seconds",
            "refresh.groups.interval.seconds",
            "emit.checkpoints.interval.seconds",
            "sync.group.offsets.enabled",
            "sync.group.offsets.interval.seconds");
  }

  @Test
  void noKnownTopLevelKeyCanBeMistakenForAKeyOfAnUnknownCluster() {
    // A top-level 'X.rest' whose rest is a known key reads as a key for an undeclared cluster X.
    List<String> known = new ArrayList<>(KafkaClientKeys.all().keySet());
    known.addAll(IgnoredKeys.names());
    for (Setting setting : Setting.values()) {
      known.add(setting.key());
    }
    String[] lines = TopologyFiles.twoClusters();
    for (String key : known) {
      if (key.equals("clusters") || key.equals("bootstrap.servers")) {
        continue;
      }
      List<String> file = new ArrayList<>(List.of(lines));
      file.add(key + " = " + sampleValue(key));
      String[] withKey = file.toArray(String[]::new);
      assertThat(problemsOf(withKey)).as(key).noneMatch(line -> line.contains("names cluster"));
    }
  }

  @Test
  void typoSuggestionsAreCloseMatchesOnly() {
    List<String> known = List.of("topics", "topics.exclude", "groups", "tasks.max");

    assertThat(Suggestions.closest("topcs", known)).contains("topics");
    assertThat(Suggestions.closest("topics.exlude", known)).contains("topics.exclude");
    assertThat(Suggestions.closest("foo", known)).isEmpty();
    assertThat(Suggestions.closest("zzzzzzzzzzzz", known)).isEmpty();
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void theClientKeyListCoversTheKeysMm2FilesUse() {
    for (String key :
        List.of(
            "security.protocol",
            "sasl.jaas.config",
            "sasl.mechanism",
            "ssl.truststore.location",
            "config.providers",
            "client.id",
            "max.poll.records",
            "linger.ms")) {
      assertThat(KafkaClientKeys.isClientKey(key)).as(key).isTrue();
    }
    assertThat(KafkaClientKeys.accepts(ClientRole.CONSUMER, "max.poll.records")).isTrue();
    assertThat(KafkaClientKeys.accepts(ClientRole.PRODUCER, "max.poll.records")).isFalse();
    assertThat(KafkaClientKeys.accepts(ClientRole.ADMIN, "config.providers.env.class")).isTrue();
  }

  private static List<String> problemsOf(String... lines) {
    try {
      return TopologyFiles.parse(lines).warnings().stream().map(Problem::line).toList();
    } catch (TopologyException e) {
      return e.problems().stream().map(Problem::line).toList();
    }
  }

  private static String sampleValue(String key) {
    return key.endsWith("class") ? "org.apache.kafka.connect.mirror.DefaultTopicFilter" : "1";
  }
}
