package io.kmirror.replicator.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

  private static List<String> describe(List<AlterConfigOp> ops) {
    return ops.stream()
        .map(o -> o.opType() + " " + o.configEntry().name() + "=" + o.configEntry().value())
        .sorted()
        .toList();
  }

  @Test
  void onlyChangedKeysAreSet() {
    List<AlterConfigOp> ops =
        ConfigDiff.diff(
            Map.of("retention.ms", "1000", "cleanup.policy", "compact"),
            Map.of("retention.ms", "5000", "cleanup.policy", "compact"),
            Set.of("retention.ms", "cleanup.policy"),
            Set.of());

    assertThat(describe(ops)).containsExactly("SET retention.ms=1000");
  }

  @Test
  void targetOnlyKeysAreLeftAlone() {
    List<AlterConfigOp> ops =
        ConfigDiff.diff(
            Map.of("retention.ms", "1000"),
            Map.of("retention.ms", "1000", "max.message.bytes", "2000000"),
            Set.of("retention.ms", "max.message.bytes"),
            Set.of("retention.ms"));

    assertThat(ops).isEmpty();
  }

  @Test
  void aKeyCopiedEarlierAndNowDefaultOnTheSourceIsDeletedOnTheTarget() {
    List<AlterConfigOp> ops =
        ConfigDiff.diff(
            Map.of(),
            Map.of("retention.ms", "1000"),
            Set.of("retention.ms"),
            Set.of("retention.ms"));

    assertThat(describe(ops)).containsExactly("DELETE retention.ms=null");
  }
}
