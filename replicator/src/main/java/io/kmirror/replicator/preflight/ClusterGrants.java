package io.kmirror.replicator.preflight;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What one cluster grants the principal of one admin client, as the cluster itself says: the
 * authorized operations of {@code describeCluster}, {@code describeTopics} and {@code
 * describeConsumerGroups}, and for Create a validate-only topic creation (which the broker
 * authorizes like a real one, on the cluster or the topic, and creates nothing). Reading ACLs would
 * need rights kmirror does not otherwise need, and would miss grants by group or super user.
 *
 * <p>A topic or group that does not exist yet has no authorized operations to ask for: only Create
 * on a topic can be checked so then ({@link Verdict.Kind#UNKNOWN}); {@link AclGrants} reads the
 * ACLs for the rest.
 */
final class ClusterGrants {

  /** The answer for one operation on one resource. */
  record Verdict(Kind kind, String reason) {

    enum Kind {
      GRANTED,
      MISSING,
      /**
       * The topic or group does not exist yet, so the cluster cannot say (Kafka answers a describe
       * of a missing group with GroupIdNotFound once Describe is granted).
       */
      UNKNOWN,
      /**
       * The topic refuses Describe, so its authorized operations cannot be read; an operation that
       * does not imply Describe (DescribeConfigs, AlterConfigs) is then left unanswered rather than
       * reported missing, since the missing Describe-implying one is reported already.
       */
      UNCHECKED,
      /** The question failed for another reason, named in {@code reason}. */
      FAILED
    }

    static final Verdict GRANTED = new Verdict(Kind.GRANTED, "");
    static final Verdict MISSING = new Verdict(Kind.MISSING, "");
    static final Verdict UNKNOWN = new Verdict(Kind.UNKNOWN, "");
    static final Verdict UNCHECKED = new Verdict(Kind.UNCHECKED, "");

    static Verdict of(boolean granted) {
      return granted ? GRANTED : MISSING;
    }
  }

  private final Set<AclOperation> cluster;
  private final Map<String, Outcome> topics;
  private final Map<String, Verdict> creatable;
  private final Map<String, Outcome> groups;

  /** Operations granted, or why none could be read. */
  private record Outcome(Optional<Set<AclOperation>> operations, Verdict otherwise) {}

  private ClusterGrants(
      Set<AclOperation> cluster,
      Map<String, Outcome> topics,
      Map<String, Verdict> creatable,
      Map<String, Outcome> groups) {
    this.cluster = cluster;
    this.topics = topics;
    this.creatable = creatable;
    this.groups = groups;
  }

  /**
   * Asks {@code admin}'s cluster, one call per kind, each bounded by {@code timeout}.
   *
   * @throws ExecutionException when the cluster does not describe itself
   */
  static ClusterGrants ask(
      Admin admin,
      Collection<String> topics,
      Collection<String> toCreate,
      Collection<String> groups,
      Duration timeout)
      throws ExecutionException {
    int millis = (int) timeout.toMillis();
    Set<AclOperation> cluster =
        get(
                admin
                    .describeCluster(
                        new DescribeClusterOptions()
                            .includeAuthorizedOperations(true)
                            .timeoutMs(millis))
                    .authorizedOperations(),
                timeout)
            .orElse(Set.of(AclOperation.ALL));
    Map<String, Outcome> topicOutcomes = new HashMap<>();
    if (!topics.isEmpty()) {
      admin
          .describeTopics(
              topics,
              new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs(millis))
          .topicNameValues()
          .forEach(
              (name, future) ->
                  topicOutcomes.put(
                      name, outcome(future.thenApply(d -> d.authorizedOperations()), timeout)));
    }
    Map<String, Outcome> groupOutcomes = new HashMap<>();
    if (!groups.isEmpty()) {
      admin
          .describeConsumerGroups(
              groups,
              new DescribeConsumerGroupsOptions()
                  .includeAuthorizedOperations(true)
                  .timeoutMs(millis))
          .describedGroups()
          .forEach(
              (name, future) ->
                  groupOutcomes.put(
                      name, outcome(future.thenApply(d -> d.authorizedOperations()), timeout)));
    }
    return new ClusterGrants(
        cluster, topicOutcomes, creatable(admin, toCreate, timeout), groupOutcomes);
  }

  private static Map<String, Verdict> creatable(
      Admin admin, Collection<String> topics, Duration timeout) {
    Map<String, Verdict> verdicts = new HashMap<>();
    if (topics.isEmpty()) {
      return verdicts;
    }
    List<NewTopic> specs =
        topics.stream().map(t -> new NewTopic(t, Optional.empty(), Optional.empty())).toList();
    admin
        .createTopics(
            specs, new CreateTopicsOptions().validateOnly(true).timeoutMs((int) timeout.toMillis()))
        .values()
        .forEach(
            (name, future) -> {
              try {
                get(future, timeout);
                verdicts.put(name, Verdict.GRANTED);
              } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TopicExistsException) {
                  verdicts.put(name, Verdict.GRANTED);
                } else if (cause instanceof TopicAuthorizationException) {
                  verdicts.put(name, Verdict.MISSING);
                } else {
                  verdicts.put(name, new Verdict(Verdict.Kind.FAILED, Preflight.reason(e)));
                }
              }
            });
    return verdicts;
  }

  private static Outcome outcome(KafkaFuture<Set<AclOperation>> future, Duration timeout) {
    try {
      // null when the broker sent none: no authorizer answers with every operation, so this
      // is an old broker; read it as all granted rather than invent refusals.
      return new Outcome(Optional.of(get(future, timeout).orElse(Set.of(AclOperation.ALL))), null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TopicAuthorizationException
          || cause instanceof GroupAuthorizationException) {
        return new Outcome(Optional.of(Set.of()), null);
      }
      if (cause instanceof UnknownTopicOrPartitionException
          || cause instanceof GroupIdNotFoundException) {
        return new Outcome(Optional.empty(), Verdict.UNKNOWN);
      }
      return new Outcome(Optional.empty(), new Verdict(Verdict.Kind.FAILED, Preflight.reason(e)));
    }
  }

  /** The principal's authorized operations on the cluster. */
  Set<AclOperation> clusterOperations() {
    return cluster;
  }

  Verdict onCluster(AclOperation operation) {
    return Verdict.of(grants(cluster, operation));
  }

  Verdict onTopic(String topic, AclOperation operation) {
    if (operation == AclOperation.CREATE) {
      return creatable.getOrDefault(topic, Verdict.UNKNOWN);
    }
    return verdict(topics.get(topic), operation);
  }

  Verdict onGroup(String group, AclOperation operation) {
    return verdict(groups.get(group), operation);
  }

  private static Verdict verdict(Outcome outcome, AclOperation operation) {
    if (outcome == null) {
      return Verdict.UNKNOWN;
    }
    boolean describeRefused = outcome.operations().map(Set::isEmpty).orElse(false);
    if (describeRefused
        && (operation == AclOperation.DESCRIBE_CONFIGS
            || operation == AclOperation.ALTER_CONFIGS)) {
      return Verdict.UNCHECKED;
    }
    return outcome
        .operations()
        .map(ops -> Verdict.of(grants(ops, operation)))
        .orElse(outcome.otherwise());
  }

  private static boolean grants(Set<AclOperation> granted, AclOperation operation) {
    return granted.contains(operation) || granted.contains(AclOperation.ALL);
  }

  private static <T> Optional<T> get(KafkaFuture<T> future, Duration timeout)
      throws ExecutionException {
    try {
      return Optional.ofNullable(future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new ExecutionException(e);
    }
  }
}
