package io.kmirror.replicator.topics;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Topic sync's reads of one cluster's topics: partition counts and (when configs are synced) config
 * entries, in one batched DescribeTopics and one DescribeConfigs whatever the number of topics. A
 * topic that failed either call is left out of the answer and reported to {@link UnreadTopics}, so
 * the pass keeps what it knew of it instead of dropping it.
 *
 * <p>Used on the flow's context, like {@link TopicSync}.
 */
final class TopicReads {

  private final TopicConfigFilter configFilter;
  private final UnreadTopics unread;
  private final Context context;

  TopicReads(TopicConfigFilter configFilter, UnreadTopics unread, Context context) {
    this.configFilter = configFilter;
    this.unread = unread;
    this.context = context;
  }

  /** Partition count and (when configs are synced) config entries of each topic that answered. */
  record Described(int partitions, List<ConfigEntry> configs) {}

  /**
   * One batched DescribeTopics (and DescribeConfigs) for all {@code topics}. A topic missing from
   * the result failed one of them: its failure goes to {@link UnreadTopics} under {@code read}.
   */
  Future<Map<String, Described>> describe(Admin admin, Set<String> topics, String read) {
    if (topics.isEmpty()) {
      unread.outcome(read, topics, Map.of());
      return Future.succeededFuture(Map.of());
    }
    Future<Map<String, AdminCalls.Outcome<TopicDescription>>> descriptions =
        AdminCalls.each(admin.describeTopics(topics).topicNameValues(), context);
    Future<Map<ConfigResource, AdminCalls.Outcome<Config>>> configs =
        configFilter.enabled()
            ? AdminCalls.each(admin.describeConfigs(resources(topics)).values(), context)
            : Future.succeededFuture(Map.of());
    return Future.all(descriptions, configs)
        .map(all -> described(topics, read, descriptions.result(), configs.result()));
  }

  private Map<String, Described> described(
      Set<String> topics,
      String read,
      Map<String, AdminCalls.Outcome<TopicDescription>> descriptions,
      Map<ConfigResource, AdminCalls.Outcome<Config>> configs) {
    Map<String, Described> result = new HashMap<>();
    Map<String, Throwable> failed = new HashMap<>();
    for (String name : topics) {
      AdminCalls.Outcome<TopicDescription> d = descriptions.get(name);
      AdminCalls.Outcome<Config> config = configs.get(resource(name));
      if (d == null || !d.ok()) {
        failed.put(name, d == null ? new IllegalStateException("no answer") : d.error());
      } else if (configFilter.enabled() && (config == null || !config.ok())) {
        failed.put(name, config == null ? new IllegalStateException("no answer") : config.error());
      } else {
        List<ConfigEntry> entries =
            config == null ? List.of() : new ArrayList<>(config.value().entries());
        result.put(name, new Described(d.value().partitions().size(), entries));
      }
    }
    unread.outcome(read, topics, failed);
    return result;
  }

  private static List<ConfigResource> resources(Set<String> topics) {
    return topics.stream().map(TopicReads::resource).toList();
  }

  static ConfigResource resource(String topic) {
    return new ConfigResource(ConfigResource.Type.TOPIC, topic);
  }
}
