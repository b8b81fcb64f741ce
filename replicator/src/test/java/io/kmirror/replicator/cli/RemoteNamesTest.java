package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.NameFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteNamesTest {

  private static String sample(String include, String... exclude) {
    return RemoteNames.sampleTopic(new NameFilter(List.of(include), List.of(exclude)));
  }

  @Test
  void sampleTopicIsTheLiteralStartOfAnIncludeWhenItMatches() {
    assertThat(sample("payments.*|orders.*")).isEqualTo("payments");
    assertThat(sample("clicks")).isEqualTo("clicks");
  }

  @Test
  void sampleTopicFallsBackToOrdersThenToAPlaceholder() {
    assertThat(sample(".*")).isEqualTo("orders");
    assertThat(sample("sales-(eu|us)")).isEqualTo("<topic>");
    assertThat(sample(".*", "orders")).isEqualTo("<topic>");
  }
}
