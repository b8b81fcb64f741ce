package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.testing.TestFlows;
import org.junit.jupiter.api.Test;

class SourceGroupsTest {

  @Test
  void theFlowsOwnMirroringGroupIsNeverCarriedEvenWhenTheFilterPassesEverything() {
    // Given flow A->B, whose groups filter passes every group
    SourceGroups groups = new SourceGroups(FlowContext.of(TestFlows.flow("A", "B").build()));

    // Then applications' groups are carried, kmirror-A-B is not, and another flow's group is
    assertThat(groups.selectable("orders-app")).isTrue();
    assertThat(groups.selectable("kmirror-A-B")).isFalse();
    assertThat(groups.selectable("kmirror-B-A")).isTrue();
  }
}
