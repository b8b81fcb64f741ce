package io.kmirror.replicator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kmirror.replicator.sample.ClusterTopic;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoPlanTest {

  private static Topology example(String name) {
    return new TopologyParser()
        .parse(Path.of("..", "config-examples", name + ".properties"))
        .topology();
  }

  private static DemoPlan.Route route(String flow, String topic, String remote) {
    return new DemoPlan.Route(FlowId.parse(flow), topic, remote);
  }

  @Test
  void quickstartFillsOrdersAndPaymentsOnA() {
    DemoPlan plan = DemoPlan.of(example("quickstart"));

    assertThat(plan.sourceTopics()).isEqualTo(Map.of("A", List.of("orders", "payments")));
    assertThat(plan.routes())
        .containsExactly(
            route("A->B", "orders", "A.orders"), route("A->B", "payments", "A.payments"));
  }

  @Test
  void activeActiveFillsBothSidesAndMirrorsEachWayUnderThePrefix() {
    DemoPlan plan = DemoPlan.of(example("active-active"));

    assertThat(plan.sourceTopics())
        .containsEntry("east", List.of("orders", "payments"))
        .containsEntry("west", List.of("orders", "payments"));
    assertThat(plan.routes())
        .containsExactly(
            route("east->west", "orders", "east.orders"),
            route("east->west", "payments", "east.payments"),
            route("west->east", "orders", "west.orders"),
            route("west->east", "payments", "west.payments"));
  }

  @Test
  void fanOutRoutesOnlyWhatEachFlowsFilterMirrors() {
    DemoPlan plan = DemoPlan.of(example("fan-out"));

    assertThat(plan.sourceTopics())
        .isEqualTo(Map.of("central", List.of("orders", "products", "prices")));
    assertThat(plan.routes(FlowId.parse("central->us")))
        .extracting(DemoPlan.Route::sourceTopic)
        .containsExactly("orders", "products");
    assertThat(plan.routes(FlowId.parse("central->eu")))
        .extracting(DemoPlan.Route::sourceTopic)
        .containsExactly("orders", "products", "prices");
  }

  @Test
  void everyConfigExampleHasAPlan() {
    for (String name :
        List.of("quickstart", "active-passive", "active-active", "fan-out", "aggregation")) {
      assertThat(DemoPlan.of(example(name)).routes()).as(name).isNotEmpty();
    }
  }

  @Test
  void aFlowWithoutALiteralPatternIsRefusedByName() {
    Topology topology = TestFlows.topology(TestFlows.flow("A", "B").topics(".*").build());

    assertThatThrownBy(() -> DemoPlan.of(topology))
        .isInstanceOf(DemoSetupException.class)
        .hasMessage(
            "flow A->B: no sample topic name can be derived from topics = .* (the demo needs a"
                + " literal name like orders or a prefix like orders.* that the flow mirrors)");
  }

  @Test
  void anExternalClusterIsRefused() {
    Topology topology =
        TestFlows.topology(
            Map.of("B", "kafka-b:9092"), TestFlows.flow("A", "B").topics("orders").build());

    assertThatThrownBy(() -> DemoPlan.of(topology))
        .isInstanceOf(DemoSetupException.class)
        .hasMessage(
            "cluster B has bootstrap.servers = kafka-b:9092; the demo fills topics with sample"
                + " records, so it runs on embedded clusters only (set B.bootstrap.servers ="
                + " embedded)");
  }

  @Test
  void expectedCountsAddEveryRouteIntoATopicToWhatWasProducedThere() {
    // Identity naming, aggregation: both regions write into analytics' own "orders".
    Topology topology =
        TestFlows.topology(
            TestFlows.flow("eu", "analytics").identity().topics("orders").build(),
            TestFlows.flow("us", "analytics").identity().topics("orders").build());
    DemoPlan plan = DemoPlan.of(topology);

    Map<ClusterTopic, Long> expected =
        plan.expected(
            Map.of(new ClusterTopic("eu", "orders"), 10L, new ClusterTopic("us", "orders"), 7L));

    assertThat(expected)
        .containsEntry(new ClusterTopic("eu", "orders"), 10L)
        .containsEntry(new ClusterTopic("us", "orders"), 7L)
        .containsEntry(new ClusterTopic("analytics", "orders"), 17L)
        .hasSize(3);
  }
}
