package io.kmirror.replicator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.ClusterSpec;
import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.ConfigExamples;
import io.kmirror.replicator.testing.PacedProducer;
import io.kmirror.replicator.testing.PrometheusServer;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.Scrape;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The shipped Grafana dashboard and alert rules against a real Prometheus (Debian's package)
 * scraping a running kmirror with traffic: every panel's expression returns data, every alert rule
 * loads and evaluates healthy, a scrape passes {@code promtool check metrics}, and the rules' unit
 * tests pass under {@code promtool test rules}. Skipped, saying so, where Prometheus is not
 * installed outside CI; in CI ({@code CI=true}) a missing Prometheus fails the test ({@code
 * .ci/run} installs it).
 */
@ExtendWith(KafkaClusterExtension.class)
class DashboardPrometheusIT {

  private static final Path ROOT = Path.of("..");
  private static final Path DASHBOARD = ROOT.resolve("grafana/dashboards/kmirror.json");
  private static final Path RULES = ROOT.resolve("deploy/prometheus/kmirror-alerts.yml");
  private static final Path RULE_TESTS = ROOT.resolve("deploy/prometheus/kmirror-alerts.test.yml");
  private static final Duration WAIT = Duration.ofSeconds(120);

  @AutoClose private static ClusterPair clusters;

  private static Path prometheus;
  private static int httpPort;
  private static Path promtool;

  @BeforeAll
  static void start(
      @ClusterSpec(name = "A") KafkaCluster a, @ClusterSpec(name = "B") KafkaCluster b) {
    prometheus = tool("prometheus");
    promtool = tool("promtool");
    clusters = ClusterPair.open(a, b);
  }

  private static Path tool(String name) {
    Optional<Path> found = PrometheusServer.binary(name);
    if (found.isEmpty()) {
      String why = name + " is not installed (Debian package 'prometheus'; .ci/run installs it)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      LoggerFactory.getLogger(DashboardPrometheusIT.class).warn("SKIPPED: {}", why);
      Assumptions.abort(why);
    }
    return found.get();
  }

  @Test
  void everyDashboardPanelReturnsDataAndEveryAlertRuleIsHealthyOnARealPrometheus()
      throws Exception {
    // Given kmirror mirroring the quickstart topology with traffic, a committed group and a
    // real Prometheus scraping it every second with the shipped alert rules
    Records.createTopic(clusters.adminA(), "orders", 3, Map.of());
    Records.createTopic(clusters.adminA(), "payments", 1, Map.of());
    try (PacedProducer orders = new PacedProducer(clusters.a(), "orders", 3, 1_000_000, 10, 100);
        PacedProducer payments = new PacedProducer(clusters.a(), "payments", 1, 1_000_000, 5, 100);
        Replicators replicator =
            Replicators.start(
                ConfigExamples.load(
                    "quickstart.properties",
                    Map.of(
                        "refresh.topics.interval.seconds", "1",
                        "emit.checkpoints.interval.seconds", "1",
                        "emit.heartbeats.interval.seconds", "1",
                        "sync.group.offsets.interval.seconds", "1")),
                clusters);
        PrometheusServer server = PrometheusServer.start(prometheus, serve(replicator), RULES)) {
      int port = httpPort;
      Records.commit(clusters.adminA(), "audit", Map.of(new TopicPartition("orders", 0), 0L));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Scrape scrape = Scrape.from(port);
                assertThat(scrape.value("kmirror_checkpoints_written_total", Map.of()))
                    .isPositive();
                assertThat(scrape.value("kmirror_checkpoint_timestamp_seconds", Map.of()))
                    .isPositive();
                assertThat(scrape.value("kmirror_heartbeat_timestamp_seconds", Map.of()) * 1000)
                    .isGreaterThan(System.currentTimeMillis() - 60_000);
                assertThat(scrape.value("kmirror_flow_leader", Map.of())).isEqualTo(1);
                assertThat(scrape.value("kmirror_ready", Map.of())).isEqualTo(1);
              });

      // Then every expression of every panel returns data, every alert rule is healthy, and a
      // scrape has no lint problem
      assertEveryPanelReturnsData(server);
      assertEveryRuleIsHealthy(server);
      assertScrapePassesLint(port);
    }
  }

  private static void assertEveryPanelReturnsData(PrometheusServer server) throws Exception {
    Map<String, String> expressions = dashboardExpressions();
    assertThat(expressions).hasSizeGreaterThan(20);
    List<String> empty = new ArrayList<>();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              empty.clear();
              for (Map.Entry<String, String> e : expressions.entrySet()) {
                JsonArray result = server.query(e.getValue()).getJsonArray("result");
                if (result == null || result.isEmpty()) {
                  empty.add(e.getKey() + ": " + e.getValue());
                }
              }
              assertThat(empty).as("panels without data").isEmpty();
            });
  }

  private static void assertEveryRuleIsHealthy(PrometheusServer server) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonObject rules = new JsonObject(server.get("/api/v1/rules").body());
              List<String> unhealthy = new ArrayList<>();
              int count = 0;
              for (Object group : rules.getJsonObject("data").getJsonArray("groups")) {
                for (Object rule : ((JsonObject) group).getJsonArray("rules")) {
                  JsonObject r = (JsonObject) rule;
                  count++;
                  if (!"ok".equals(r.getString("health"))) {
                    unhealthy.add(r.getString("name") + ": " + r.getString("health"));
                  }
                }
              }
              assertThat(count).isGreaterThanOrEqualTo(10);
              assertThat(unhealthy).isEmpty();
            });
  }

  private static void assertScrapePassesLint(int port) throws Exception {
    PrometheusServer.ProcessResult lint =
        PrometheusServer.run(
            List.of(promtool.toString(), "check", "metrics"), Scrape.from(port).text());
    assertThat(lint.output()).as("promtool check metrics").isBlank();
    assertThat(lint.exitCode()).isZero();
  }

  @Test
  void theAlertRulesPassTheirUnitTests() throws Exception {
    PrometheusServer.ProcessResult check =
        PrometheusServer.run(
            List.of(promtool.toString(), "check", "rules", RULES.toString()), null);
    assertThat(check.exitCode()).as(check.output()).isZero();
    PrometheusServer.ProcessResult tests =
        PrometheusServer.run(
            List.of(promtool.toString(), "test", "rules", RULE_TESTS.toString()), null);
    assertThat(tests.exitCode()).as(tests.output()).isZero();
    assertThat(tests.output()).contains("SUCCESS");
  }

  private static int serve(Replicators replicator) throws Exception {
    httpPort = replicator.serveHttp();
    return httpPort;
  }

  /**
   * Every panel's target expression, by panel title and ref, with Grafana's variables replaced as
   * Grafana would for "All" selections.
   */
  private static Map<String, String> dashboardExpressions() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    Map<String, String> expressions = new LinkedHashMap<>();
    collect(dashboard.getJsonArray("panels"), expressions);
    return expressions;
  }

  private static void collect(JsonArray panels, Map<String, String> expressions) {
    if (panels == null) {
      return;
    }
    for (Object p : panels) {
      JsonObject panel = (JsonObject) p;
      collect(panel.getJsonArray("panels"), expressions);
      JsonArray targets = panel.getJsonArray("targets");
      if (targets == null) {
        continue;
      }
      for (Object t : targets) {
        JsonObject target = (JsonObject) t;
        String expr = target.getString("expr");
        if (expr != null && !expr.isBlank()) {
          expressions.put(
              panel.getString("title") + " [" + target.getString("refId") + "]", substitute(expr));
        }
      }
    }
  }

  private static String substitute(String expr) {
    return expr.replace("$__rate_interval", "30s")
        .replace("$__interval", "15s")
        .replace("$__range", "5m")
        .replace("${flow}", ".*")
        .replace("${source}", ".*")
        .replace("${target}", ".*")
        .replace("${topic}", ".*")
        .replace("$flow", ".*")
        .replace("$source", ".*")
        .replace("$target", ".*")
        .replace("$topic", ".*");
  }
}
