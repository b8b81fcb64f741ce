package io.kmirror.replicator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.sample.ClusterTopic;
import io.kmirror.replicator.testing.TestFlows;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {

  private static final ClusterTopic ORDERS = new ClusterTopic("A", "orders");
  private static final ClusterTopic REMOTE_ORDERS = new ClusterTopic("B", "A.orders");
  private static final ClusterTopic PAYMENTS = new ClusterTopic("A", "payments");
  private static final ClusterTopic REMOTE_PAYMENTS = new ClusterTopic("B", "A.payments");

  private final DemoPlan plan =
      DemoPlan.of(TestFlows.topology(TestFlows.flow("A", "B").topics("orders|payments").build()));

  private final Map<ClusterTopic, Long> produced = Map.of(ORDERS, 750L, PAYMENTS, 750L);

  @Test
  void matchingCountsPass() {
    Verdict verdict =
        new Verdict(
            plan,
            produced,
            Map.of(ORDERS, 750L, REMOTE_ORDERS, 750L, PAYMENTS, 750L, REMOTE_PAYMENTS, 750L),
            List.of());

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.lines())
        .containsExactly(
            "  flow  topic     remote topic  source  target  result",
            "  A->B  orders    A.orders         750     750  ok",
            "  A->B  payments  A.payments       750     750  ok",
            "PASS: every target holds every source record exactly once (2 topic routes, 1500"
                + " records produced, no loops)");
  }

  @Test
  void missingExtraAndAbsentTopicsFailWithTheDifference() {
    Verdict verdict =
        new Verdict(
            plan, produced, Map.of(ORDERS, 750L, REMOTE_ORDERS, 749L, PAYMENTS, 750L), List.of());

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.result(plan.routes().get(0))).isEqualTo("MISSING 1");
    assertThat(verdict.result(plan.routes().get(1))).isEqualTo("MISSING TOPIC");
    assertThat(verdict.lines())
        .contains("  A->B  payments  A.payments       750       -  MISSING TOPIC")
        .last()
        .isEqualTo("FAIL: 2 of 2 topic routes differ");

    Verdict extra =
        new Verdict(
            plan,
            produced,
            Map.of(ORDERS, 751L, REMOTE_ORDERS, 752L, PAYMENTS, 750L, REMOTE_PAYMENTS, 750L),
            List.of());
    assertThat(extra.result(plan.routes().get(0))).isEqualTo("EXTRA 2, SOURCE HAS 751 OF 750");
  }

  @Test
  void aLoopedTopicFailsEvenWhenCountsMatch() {
    Verdict verdict =
        new Verdict(
            plan,
            produced,
            Map.of(ORDERS, 750L, REMOTE_ORDERS, 750L, PAYMENTS, 750L, REMOTE_PAYMENTS, 750L),
            List.of(new ClusterTopic("A", "B.A.orders")));

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.lines())
        .contains("  LOOP: B.A.orders on A names A as its source")
        .last()
        .isEqualTo("FAIL: 1 looped topic(s)");
  }

  @Test
  void nothingProducedIsAFailure() {
    Verdict verdict =
        new Verdict(
            plan,
            Map.of(ORDERS, 0L, PAYMENTS, 0L),
            Map.of(ORDERS, 0L, REMOTE_ORDERS, 0L, PAYMENTS, 0L, REMOTE_PAYMENTS, 0L),
            List.of());

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.lines()).last().isEqualTo("FAIL: no records were produced");
  }

  @Test
  void identityAggregationShowsWhatEachTargetTopicShouldHold() {
    DemoPlan identity =
        DemoPlan.of(
            TestFlows.topology(
                TestFlows.flow("eu", "analytics").identity().topics("orders").build(),
                TestFlows.flow("us", "analytics").identity().topics("orders").build()));
    ClusterTopic eu = new ClusterTopic("eu", "orders");
    ClusterTopic us = new ClusterTopic("us", "orders");
    ClusterTopic analytics = new ClusterTopic("analytics", "orders");

    Verdict verdict =
        new Verdict(
            identity, Map.of(eu, 10L, us, 5L), Map.of(eu, 10L, us, 5L, analytics, 15L), List.of());

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.lines())
        .startsWith(
            "  flow           topic   remote topic  source  expected  target  result",
            "  eu->analytics  orders  orders            10        15      15  ok");
  }
}
