package io.kmirror.replicator.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Flow;
import org.junit.jupiter.api.Test;

class TopicFilterTest {

  private static TopicFilter filter(Flow flow) {
    return new TopicFilter(flow, FlowContext.of(flow).policy());
  }

  @Test
  void internalTopicsAreNeverMirroredWhateverTheFilterSays() {
    TopicFilter filter = filter(TestFlows.flow("A", "B").topics(".*").build());

    assertThat(filter.mirrors("__consumer_offsets")).isFalse();
    assertThat(filter.mirrors("__transaction_state")).isFalse();
    assertThat(filter.mirrors("mm2-offset-syncs.B.internal")).isFalse();
    assertThat(filter.mirrors("kmirror-offsets.A.internal")).isFalse();
    assertThat(filter.mirrors("connect-configs-internal")).isFalse();
    assertThat(filter.mirrors("orders.replica")).isFalse();
    assertThat(filter.mirrors("B.checkpoints.internal")).isFalse();
    assertThat(filter.mirrors("orders")).isTrue();
  }

  @Test
  void includeAndExcludeFiltersApply() {
    TopicFilter filter =
        filter(TestFlows.flow("A", "B").topics("orders.*").exclude(".*-tmp").build());

    assertThat(filter.mirrors("orders")).isTrue();
    assertThat(filter.mirrors("orders-tmp")).isFalse();
    assertThat(filter.mirrors("payments")).isFalse();
  }

  @Test
  void topicThatCameFromTheTargetIsACycleWithPrefixNaming() {
    TopicFilter filter = filter(TestFlows.flow("A", "B").build());

    assertThat(filter.mirrors("B.orders")).isFalse();
    assertThat(filter.mirrors("C.B.orders")).isFalse();
    assertThat(filter.mirrors("C.orders")).isTrue();
  }

  @Test
  void identityNamingCannotDetectCyclesSoTheTopicPasses() {
    TopicFilter filter = filter(TestFlows.flow("A", "B").identity().build());

    assertThat(filter.isCycle("orders")).isFalse();
    assertThat(filter.mirrors("orders")).isTrue();
  }
}
