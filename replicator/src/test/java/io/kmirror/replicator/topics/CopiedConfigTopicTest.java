package io.kmirror.replicator.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CopiedConfigTopicTest {

  @Test
  void copiedKeysAreStoredSortedAndCommaJoinedAndReadBackAsTheSameSet() {
    byte[] stored = CopiedConfigTopic.encode(Set.of("retention.ms", "cleanup.policy"));

    assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("cleanup.policy,retention.ms");
    assertThat(CopiedConfigTopic.decode(stored)).contains(Set.of("cleanup.policy", "retention.ms"));
  }

  @Test
  void aTopicWithNoCopiedKeysIsATombstoneAndATombstoneForgetsTheTopic() {
    assertThat(CopiedConfigTopic.encode(Set.of())).isNull();
    assertThat(CopiedConfigTopic.decode(null)).isEqualTo(Optional.empty());
  }
}
