package io.kmirror.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file in config-examples/ loads without warnings, runs as is, and shows its pattern. */
class ConfigExamplesTest {

  /** Surefire runs in the module directory. */
  private static final Path EXAMPLES = Path.of("..", "config-examples");

  private static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".properties")).sorted().toList();
    }
  }

  private static ParsedTopology load(String name) {
    return new TopologyParser(TopologyFiles.SHIPPED_DEFAULTS).parse(EXAMPLES.resolve(name));
  }

  @Test
  void everyExampleLoadsWithoutWarningsOnEmbeddedClusters() throws IOException {
    List<Path> examples = examples();
    assertThat(examples)
        .extracting(p -> p.getFileName().toString())
        .contains(
            "active-passive.properties",
            "active-active.properties",
            "fan-out.properties",
            "aggregation.properties",
            "quickstart.properties");
    for (Path example : examples) {
      ParsedTopology parsed = new TopologyParser(TopologyFiles.SHIPPED_DEFAULTS).parse(example);
      assertThat(parsed.warnings()).as(example.toString()).isEmpty();
      assertThat(parsed.topology().clusters()).as(example.toString()).allMatch(Cluster::embedded);
      assertThat(parsed.topology().enabledFlows()).as(example.toString()).isNotEmpty();
    }
  }

  @Test
  void eachPatternExampleIsClassifiedAsThePatternItIsNamedFor() {
    assertThat(load("active-passive.properties").topology().pattern().name())
        .isEqualTo("active-passive");
    assertThat(load("active-active.properties").topology().pattern().name())
        .isEqualTo("active-active");
    assertThat(load("fan-out.properties").topology().pattern().name()).isEqualTo("fan-out");
    assertThat(load("aggregation.properties").topology().pattern().name()).isEqualTo("aggregation");
  }

  @Test
  void quickstartIsTwoClustersOneFlowAndAFewTopics() {
    Topology quickstart = load("quickstart.properties").topology();

    assertThat(quickstart.clusters()).hasSize(2);
    assertThat(quickstart.enabledFlows()).hasSize(1);
    assertThat(quickstart.enabledFlows().get(0).topics().filter().include())
        .containsExactly("orders", "payments");
  }

  @Test
  void exampleFiltersMeanWhatTheirCommentsSay() {
    Flow primaryToDr = load("active-passive.properties").topology().enabledFlows().get(0);
    NameFilter topics = primaryToDr.topics().filter();

    assertThat(topics.matches("orders.eu")).isTrue();
    assertThat(topics.matches("payments")).isTrue();
    assertThat(topics.matches("customers")).isTrue();
    assertThat(topics.matches("orders.tmp")).isFalse();
    assertThat(topics.matches("orders-scratch")).isFalse();
    assertThat(topics.matches("audit")).isFalse();
  }
}
