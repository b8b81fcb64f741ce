package io.kmirror.replicator.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicPlannerTest {

  private static TopicPlan.SourceTopic source(String name, int partitions, Map<String, String> c) {
    return new TopicPlan.SourceTopic(name, partitions, c);
  }

  private static TopicPlanner.Inputs inputs(
      Set<String> sourceListed,
      Map<String, TopicPlan.SourceTopic> source,
      Set<String> targetListed,
      Map<String, TopicPlan.TargetTopic> target,
      Map<String, Integer> previousReady) {
    return inputs(sourceListed, source, targetListed, target, previousReady, Set.of());
  }

  private static TopicPlanner.Inputs inputs(
      Set<String> sourceListed,
      Map<String, TopicPlan.SourceTopic> source,
      Set<String> targetListed,
      Map<String, TopicPlan.TargetTopic> target,
      Map<String, Integer> previousReady,
      Set<String> sourceGone) {
    return new TopicPlanner.Inputs(
        sourceListed,
        source,
        targetListed,
        target,
        t -> "A." + t,
        previousReady,
        Map.of(),
        true,
        sourceGone);
  }

  @Test
  void missingRemoteTopicIsCreatedWithSourcePartitionsAndConfigs() {
    TopicPlan plan =
        TopicPlanner.plan(
            inputs(
                Set.of("orders"),
                Map.of("orders", source("orders", 6, Map.of("retention.ms", "1000"))),
                Set.of(),
                Map.of(),
                Map.of()));

    assertThat(plan.creates())
        .containsExactly(
            new TopicPlan.Create("orders", "A.orders", 6, Map.of("retention.ms", "1000")));
    assertThat(plan.ready()).isEmpty();
  }

  @Test
  void remoteTopicWithFewerPartitionsGrowsAndIsReadyWithWhatItHas() {
    TopicPlan plan =
        TopicPlanner.plan(
            inputs(
                Set.of("orders"),
                Map.of("orders", source("orders", 8, Map.of())),
                Set.of("A.orders"),
                Map.of("A.orders", new TopicPlan.TargetTopic("A.orders", 6, Map.of(), Set.of())),
                Map.of("orders", 6)));

    assertThat(plan.grows()).containsExactly(new TopicPlan.Grow("orders", "A.orders", 6, 8));
    assertThat(plan.ready()).containsExactly(Map.entry("orders", 6));
    assertThat(plan.creates()).isEmpty();
  }

  @Test
  void changedConfigIsAlteredButTargetOnlyConfigIsNot() {
    TopicPlan plan =
        TopicPlanner.plan(
            inputs(
                Set.of("orders"),
                Map.of("orders", source("orders", 1, Map.of("retention.ms", "2000"))),
                Set.of("A.orders"),
                Map.of(
                    "A.orders",
                    new TopicPlan.TargetTopic(
                        "A.orders",
                        1,
                        Map.of("retention.ms", "1000", "max.message.bytes", "5"),
                        Set.of("retention.ms", "max.message.bytes"))),
                Map.of("orders", 1)));

    assertThat(plan.alters()).hasSize(1);
    assertThat(plan.alters().get(0).ops())
        .extracting(o -> o.configEntry().name())
        .containsExactly("retention.ms");
  }

  @Test
  void topicGoneFromSourceIsDeletedAndNoLongerReady() {
    TopicPlan plan =
        TopicPlanner.plan(
            inputs(
                Set.of(),
                Map.of(),
                Set.of("A.orders"),
                Map.of(),
                Map.of("orders", 3),
                Set.of("orders")));

    assertThat(plan.deleted()).containsExactly("orders");
    assertThat(plan.ready()).isEmpty();
  }

  @Test
  void topicMissingFromTheListingButNotConfirmedGoneIsKeptAndNotDeleted() {
    TopicPlan plan =
        TopicPlanner.plan(
            inputs(Set.of(), Map.of(), Set.of("A.orders"), Map.of(), Map.of("orders", 3)));

    assertThat(plan.deleted()).isEmpty();
    assertThat(plan.ready()).containsExactly(Map.entry("orders", 3));
  }

  @Test
  void topicListedButNotDescribedKeepsItsReadiness() {
    TopicPlan plan =
        TopicPlanner.plan(
            inputs(Set.of("orders"), Map.of(), Set.of("A.orders"), Map.of(), Map.of("orders", 3)));

    assertThat(plan.ready()).containsExactly(Map.entry("orders", 3));
    assertThat(plan.deleted()).isEmpty();
    assertThat(plan.creates()).isEmpty();
  }

  /** One existing, described remote topic {@code A.orders}, with the stored bookkeeping. */
  private static TopicPlanner.Inputs existing(
      Map<String, String> sourceConfigs,
      Map<String, String> targetOverrides,
      Map<String, Set<String>> stored) {
    return new TopicPlanner.Inputs(
        Set.of("orders"),
        Map.of("orders", source("orders", 1, sourceConfigs)),
        Set.of("A.orders"),
        Map.of(
            "A.orders",
            new TopicPlan.TargetTopic("A.orders", 1, targetOverrides, targetOverrides.keySet())),
        t -> "A." + t,
        Map.of(),
        stored,
        true,
        Set.of());
  }

  private static java.util.List<String> ops(TopicPlan plan) {
    return plan.alters().stream()
        .flatMap(a -> a.ops().stream())
        .map(o -> o.opType() + " " + o.configEntry().name())
        .sorted()
        .toList();
  }

  @Test
  void aStoredKeyTheSourceDroppedIsDeletedOnAFreshProcessAndForgottenOnceDeleted() {
    // Given a restarted process: nothing in memory, the bookkeeping read back from the store
    Map<String, Set<String>> stored = Map.of("orders", Set.of("retention.ms", "cleanup.policy"));

    // When the source no longer sets retention.ms, the remote topic still does
    TopicPlan plan =
        TopicPlanner.plan(
            existing(
                Map.of("cleanup.policy", "compact"),
                Map.of("cleanup.policy", "compact", "retention.ms", "1000"),
                stored));

    // Then it is deleted, nothing is stored ahead, and afterwards only cleanup.policy is stored
    assertThat(ops(plan)).containsExactly("DELETE retention.ms");
    assertThat(plan.copiedAhead()).isEmpty();
    assertThat(plan.copied()).containsExactly(Map.entry("orders", Set.of("cleanup.policy")));
  }

  @Test
  void aTargetOnlyKeyNeverStoredIsLeftAloneAfterARestart() {
    TopicPlan plan =
        TopicPlanner.plan(
            existing(
                Map.of("retention.ms", "1000"),
                Map.of("retention.ms", "1000", "max.message.bytes", "2000000"),
                Map.of("orders", Set.of("retention.ms"))));

    assertThat(plan.alters()).isEmpty();
    assertThat(plan.copied()).isEmpty();
    assertThat(plan.copiedAhead()).isEmpty();
  }

  @Test
  void keysAboutToBeSetAreStoredAheadTogetherWithThoseStoredBefore() {
    TopicPlan plan =
        TopicPlanner.plan(
            existing(
                Map.of("retention.ms", "1000", "segment.ms", "60000"),
                Map.of("retention.ms", "1000", "cleanup.policy", "compact"),
                Map.of("orders", Set.of("retention.ms", "cleanup.policy"))));

    assertThat(ops(plan)).containsExactly("DELETE cleanup.policy", "SET segment.ms");
    assertThat(plan.copiedAhead())
        .containsExactly(
            Map.entry("orders", Set.of("retention.ms", "cleanup.policy", "segment.ms")));
    assertThat(plan.copied())
        .containsExactly(Map.entry("orders", Set.of("retention.ms", "segment.ms")));
  }

  @Test
  void configsAlreadyEqualOnTheTargetAreStoredSoAnUpgradedProcessLearnsThem() {
    TopicPlan plan =
        TopicPlanner.plan(
            existing(Map.of("retention.ms", "1000"), Map.of("retention.ms", "1000"), Map.of()));

    assertThat(plan.alters()).isEmpty();
    assertThat(plan.copied()).containsExactly(Map.entry("orders", Set.of("retention.ms")));
  }

  @Test
  void aCreatedTopicStoresItsConfigsAheadAndADeletedOneIsForgotten() {
    TopicPlan plan =
        TopicPlanner.plan(
            new TopicPlanner.Inputs(
                Set.of("orders"),
                Map.of("orders", source("orders", 1, Map.of("retention.ms", "1000"))),
                Set.of("A.gone"),
                Map.of(),
                t -> "A." + t,
                Map.of("gone", 1),
                Map.of("gone", Set.of("retention.ms")),
                true,
                Set.of("gone")));

    assertThat(plan.copiedAhead()).containsExactly(Map.entry("orders", Set.of("retention.ms")));
    assertThat(plan.copied())
        .containsOnly(Map.entry("orders", Set.of("retention.ms")), Map.entry("gone", Set.of()));
  }
}
