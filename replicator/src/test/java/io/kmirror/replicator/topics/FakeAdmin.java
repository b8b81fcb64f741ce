package io.kmirror.replicator.topics;

import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsResult;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DeleteTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;

/**
 * An in-memory cluster behind the {@link Admin} calls topic sync makes (list, describe topics and
 * configs, create, alter configs, delete, list offsets), counting every call by method. Topics can
 * be hidden from the listing and describes made to fail per topic, as a broker with a missing ACL
 * or a timeout would. Any other method throws.
 */
final class FakeAdmin {

  private static final Node NODE = new Node(0, "localhost", 9092);

  final Map<String, Integer> topics = new ConcurrentHashMap<>();
  final Set<String> hiddenFromListing = ConcurrentHashMap.newKeySet();
  final Map<String, RuntimeException> describeFailures = new ConcurrentHashMap<>();
  final Set<String> leaderless = ConcurrentHashMap.newKeySet();
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final List<String> deleted = new ArrayList<>();

  /** Per topic, the configs set on the topic itself (reported as DYNAMIC_TOPIC_CONFIG). */
  final Map<String, Map<String, String>> configs = new ConcurrentHashMap<>();

  /** Topics whose IncrementalAlterConfigs fails, as a target's alter policy would refuse it. */
  final Set<String> refusedAlters = ConcurrentHashMap.newKeySet();

  int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  Admin admin() {
    return (Admin)
        Proxy.newProxyInstance(
            Admin.class.getClassLoader(),
            new Class<?>[] {Admin.class},
            (proxy, method, args) -> {
              calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
              return switch (method.getName()) {
                case "listTopics" -> listTopics();
                case "describeTopics" -> describeTopics(names(args[0]));
                case "describeConfigs" -> describeConfigs(resources(args[0]));
                case "createTopics" -> createTopics(newTopics(args[0]));
                case "incrementalAlterConfigs" -> alterConfigs(alterations(args[0]));
                case "deleteTopics" -> deleteTopics(names(args[0]));
                case "listOffsets" -> listOffsets(partitions(args[0]));
                case "close" -> null;
                default -> throw new UnsupportedOperationException(method.getName());
              };
            });
  }

  @SuppressWarnings("unchecked")
  private static Collection<String> names(Object arg) {
    if (arg instanceof Collection<?> c) {
      return (Collection<String>) c;
    }
    return ((org.apache.kafka.common.TopicCollection.TopicNameCollection) arg).topicNames();
  }

  @SuppressWarnings("unchecked")
  private static Collection<ConfigResource> resources(Object arg) {
    return (Collection<ConfigResource>) arg;
  }

  @SuppressWarnings("unchecked")
  private static Map<ConfigResource, Collection<AlterConfigOp>> alterations(Object arg) {
    return (Map<ConfigResource, Collection<AlterConfigOp>>) arg;
  }

  @SuppressWarnings("unchecked")
  private static Collection<NewTopic> newTopics(Object arg) {
    return (Collection<NewTopic>) arg;
  }

  @SuppressWarnings("unchecked")
  private static Set<TopicPartition> partitions(Object arg) {
    return ((Map<TopicPartition, ?>) arg).keySet();
  }

  private ListTopicsResult listTopics() throws ReflectiveOperationException {
    Map<String, TopicListing> listings = new HashMap<>();
    topics.keySet().stream()
        .filter(t -> !hiddenFromListing.contains(t))
        .forEach(t -> listings.put(t, new TopicListing(t, Uuid.ZERO_UUID, false)));
    // ListTopicsResult has no public constructor.
    Constructor<ListTopicsResult> c =
        ListTopicsResult.class.getDeclaredConstructor(KafkaFuture.class);
    c.setAccessible(true);
    return c.newInstance(KafkaFuture.completedFuture(listings));
  }

  private DescribeTopicsResult describeTopics(Collection<String> names) {
    Map<String, KafkaFuture<TopicDescription>> futures = new HashMap<>();
    for (String name : names) {
      Integer partitions = topics.get(name);
      if (describeFailures.containsKey(name)) {
        futures.put(name, failed(describeFailures.get(name)));
      } else if (partitions == null) {
        futures.put(name, failed(new UnknownTopicOrPartitionException("no topic " + name)));
      } else {
        List<TopicPartitionInfo> infos =
            IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartitionInfo(p, NODE, List.of(NODE), List.of(NODE)))
                .toList();
        futures.put(name, KafkaFuture.completedFuture(new TopicDescription(name, false, infos)));
      }
    }
    return new DescribeTopicsResult(null, futures) {};
  }

  private DescribeConfigsResult describeConfigs(Collection<ConfigResource> resources) {
    Map<ConfigResource, KafkaFuture<Config>> futures = new HashMap<>();
    for (ConfigResource r : resources) {
      futures.put(
          r,
          topics.containsKey(r.name())
              ? KafkaFuture.completedFuture(new Config(entries(r.name())))
              : failed(new UnknownTopicOrPartitionException("no topic " + r.name())));
    }
    return new DescribeConfigsResult(futures) {};
  }

  private List<ConfigEntry> entries(String topic) {
    return configs.getOrDefault(topic, Map.of()).entrySet().stream()
        .map(
            e ->
                new ConfigEntry(
                    e.getKey(),
                    e.getValue(),
                    ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG,
                    false,
                    false,
                    List.of(),
                    ConfigEntry.ConfigType.STRING,
                    null))
        .toList();
  }

  private AlterConfigsResult alterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> ops)
      throws ReflectiveOperationException {
    Map<ConfigResource, KafkaFuture<Void>> futures = new HashMap<>();
    ops.forEach(
        (resource, changes) -> {
          if (refusedAlters.contains(resource.name())) {
            futures.put(resource, failed(new PolicyViolationException("refused")));
            return;
          }
          Map<String, String> set = configs.computeIfAbsent(resource.name(), t -> new HashMap<>());
          for (AlterConfigOp op : changes) {
            if (op.opType() == AlterConfigOp.OpType.DELETE) {
              set.remove(op.configEntry().name());
            } else {
              set.put(op.configEntry().name(), op.configEntry().value());
            }
          }
          futures.put(resource, KafkaFuture.completedFuture(null));
        });
    // AlterConfigsResult has no public constructor.
    Constructor<AlterConfigsResult> c = AlterConfigsResult.class.getDeclaredConstructor(Map.class);
    c.setAccessible(true);
    return c.newInstance(futures);
  }

  private CreateTopicsResult createTopics(Collection<NewTopic> created) {
    Map<String, KafkaFuture<CreateTopicsResult.TopicMetadataAndConfig>> futures = new HashMap<>();
    for (NewTopic t : created) {
      topics.put(t.name(), t.numPartitions());
      if (t.configs() != null) {
        configs.put(t.name(), new HashMap<>(t.configs()));
      }
      futures.put(t.name(), KafkaFuture.completedFuture(null));
    }
    return new CreateTopicsResult(futures) {};
  }

  private DeleteTopicsResult deleteTopics(Collection<String> names) {
    Map<String, KafkaFuture<Void>> futures = new HashMap<>();
    for (String name : names) {
      synchronized (deleted) {
        deleted.add(name);
      }
      topics.remove(name);
      configs.remove(name);
      futures.put(name, KafkaFuture.completedFuture(null));
    }
    return new DeleteTopicsResult(null, futures) {};
  }

  private ListOffsetsResult listOffsets(Set<TopicPartition> partitions) {
    Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> futures =
        new HashMap<>();
    for (TopicPartition tp : new HashSet<>(partitions)) {
      futures.put(
          tp,
          leaderless.contains(tp.topic())
              ? failed(new LeaderNotAvailableException("no leader for " + tp))
              : KafkaFuture.completedFuture(
                  new ListOffsetsResult.ListOffsetsResultInfo(0, -1, java.util.Optional.empty())));
    }
    return new ListOffsetsResult(futures);
  }

  private static <T> KafkaFuture<T> failed(RuntimeException error) {
    KafkaFutureImpl<T> f = new KafkaFutureImpl<>();
    f.completeExceptionally(error);
    return f;
  }
}
