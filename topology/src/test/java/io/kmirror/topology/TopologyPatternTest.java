package io.kmirror.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyPatternTest {

  private static final List<String> CLUSTERS = List.of("A", "B", "C", "D");

  private static TopologyPattern classify(String... flows) {
    return TopologyPattern.classify(CLUSTERS, Arrays.stream(flows).map(FlowId::parse).toList());
  }

  @Test
  void oneFlowIsActivePassive() {
    TopologyPattern pattern = classify("A->B");

    assertThat(pattern.name()).isEqualTo("active-passive");
    assertThat(pattern.describe()).isEqualTo("active-passive (A->B)");
    assertThat(pattern.describe(FlowId.parse("A->B"))).isEqualTo("active-passive (A->B)");
  }

  @Test
  void flowsBothWaysBetweenTwoClustersAreActiveActive() {
    TopologyPattern pattern = classify("B->A", "A->B");

    assertThat(pattern.name()).isEqualTo("active-active");
    assertThat(pattern.describe()).isEqualTo("active-active (A<->B)");
    assertThat(pattern.describe(FlowId.parse("B->A"))).isEqualTo("active-active (A<->B)");
  }

  @Test
  void oneSourceWithSeveralTargetsIsFanOut() {
    TopologyPattern pattern = classify("A->C", "A->B");

    assertThat(pattern.name()).isEqualTo("fan-out");
    assertThat(pattern.describe()).isEqualTo("fan-out (A->B,C)");
    assertThat(pattern.describe(FlowId.parse("A->C"))).isEqualTo("fan-out (A->B,C)");
  }

  @Test
  void severalSourcesIntoOneTargetIsAggregation() {
    TopologyPattern pattern = classify("B->D", "A->D", "C->D");

    assertThat(pattern.name()).isEqualTo("aggregation");
    assertThat(pattern.describe()).isEqualTo("aggregation (A,B,C->D)");
  }

  @Test
  void activeActivePlusFanOutFromOneOfItsClustersIsNamedAsAMix() {
    TopologyPattern pattern = classify("A->B", "B->A", "A->C", "A->D");

    assertThat(pattern.name()).isEqualTo("mixed");
    assertThat(pattern.describe()).isEqualTo("mixed: active-active (A<->B) + fan-out (A->C,D)");
    assertThat(pattern.describe(FlowId.parse("A->B"))).isEqualTo("active-active (A<->B)");
    assertThat(pattern.describe(FlowId.parse("A->D"))).isEqualTo("fan-out (A->C,D)");
  }

  @Test
  void aFlowCanBePartOfAFanOutAndAnAggregationAtOnce() {
    TopologyPattern pattern = classify("A->C", "A->D", "B->C");

    assertThat(pattern.describe()).isEqualTo("mixed: fan-out (A->C,D) + aggregation (A,B->C)");
    assertThat(pattern.describe(FlowId.parse("A->C")))
        .isEqualTo("fan-out (A->C,D) + aggregation (A,B->C)");
    assertThat(pattern.describe(FlowId.parse("B->C"))).isEqualTo("aggregation (A,B->C)");
  }

  @Test
  void activeActiveWithAnExtraPassiveFlowIsAMix() {
    assertThat(classify("A->B", "B->A", "B->C").describe())
        .isEqualTo("mixed: active-active (A<->B) + active-passive (B->C)");
  }

  @Test
  void independentPairsOfOneKindListEachPair() {
    assertThat(classify("A->B", "C->D").describe()).isEqualTo("active-passive (A->B; C->D)");
    assertThat(classify("A->B", "B->A", "C->D", "D->C").describe())
        .isEqualTo("active-active (A<->B; C<->D)");
  }

  @Test
  void aChainIsTwoActivePassiveFlows() {
    assertThat(classify("A->B", "B->C").describe()).isEqualTo("active-passive (A->B; B->C)");
  }

  @Test
  void noEnabledFlowIsNone() {
    TopologyPattern pattern = classify();

    assertThat(pattern.name()).isEqualTo("none");
    assertThat(pattern.describe()).isEqualTo("none (no enabled flow)");
    assertThat(pattern.describe(FlowId.parse("A->B"))).isEqualTo("disabled");
  }

  @Test
  void clustersAreNamedInTheirDeclaredOrderNotAlphabetically() {
    TopologyPattern pattern =
        TopologyPattern.classify(
            List.of("primary", "backup", "audit"),
            List.of(FlowId.parse("primary->backup"), FlowId.parse("primary->audit")));

    assertThat(pattern.describe()).isEqualTo("fan-out (primary->backup,audit)");
  }

  @Test
  void topologyClassifiesOnlyItsEnabledFlows() {
    Topology topology = TopologyFiles.topology(TopologyFiles.twoClusters("B->A.enabled = false"));

    assertThat(topology.pattern().describe()).isEqualTo("active-passive (A->B)");
    assertThat(topology.pattern().describe(FlowId.parse("B->A"))).isEqualTo("disabled");
  }
}
