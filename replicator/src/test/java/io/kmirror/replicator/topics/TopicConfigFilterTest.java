package io.kmirror.replicator.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.NameFilter;
import io.kmirror.topology.TopicSettings;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.junit.jupiter.api.Test;

class TopicConfigFilterTest {

  private static ConfigEntry entry(String name, String value, ConfigEntry.ConfigSource source) {
    return new ConfigEntry(name, value, source, false, false, List.of(), null, null);
  }

  @Test
  void copiesOnlyTopicLevelOverridesThatAreNotExcluded() {
    TopicConfigFilter filter =
        new TopicConfigFilter(
            new TopicSettings.ConfigSync(true, new NameFilter(List.of("segment\\..*"), List.of())));

    Map<String, String> copied =
        filter.copyable(
            List.of(
                entry("retention.ms", "1000", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG),
                entry("segment.bytes", "1048576", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG),
                entry("min.insync.replicas", "2", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG),
                entry(
                    "message.timestamp.type",
                    "LogAppendTime",
                    ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG),
                entry("cleanup.policy", "delete", ConfigEntry.ConfigSource.DEFAULT_CONFIG),
                entry("compression.type", "lz4", ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG)));

    assertThat(copied).containsExactly(Map.entry("retention.ms", "1000"));
  }
}
