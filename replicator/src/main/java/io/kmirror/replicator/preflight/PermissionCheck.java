package io.kmirror.replicator.preflight;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.offsets.SourceGroups;
import io.kmirror.replicator.preflight.ClusterGrants.Verdict;
import io.kmirror.replicator.preflight.Permission.Resource.Scope;
import io.kmirror.replicator.preflight.Permission.Side;
import io.kmirror.replicator.topics.TopicFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Checks {@link FlowPermissions#required} for one flow against its two clusters, as the principals
 * of the flow's admin clients. The sets a permission stands for are found as {@code run} finds
 * them: the mirrored topics are the source topics the principal can see that the flow's filter
 * selects, plus every literal {@code topics} entry (a topic the principal may not Describe is
 * invisible to a listing, but a named one is asked about); the carried groups likewise.
 *
 * <p>A topic or group that does not exist yet (a remote topic before the first run, the flow's own
 * group) is judged from the cluster's ACLs for the principal ({@link AclGrants}); what cannot be
 * judged so is listed as not there yet, with the reason.
 */
final class PermissionCheck {

  /** A topic or group name as written literally in a filter, not a regular expression. */
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._-]+");

  /** One operation on one concrete resource. */
  private record Need(Side side, Scope kind, String name, AclOperation operation, String purpose) {

    String resource() {
      return switch (kind) {
        case CLUSTER -> "the cluster";
        case TOPIC -> "topic " + name;
        case TRANSACTIONAL_IDS -> "transactional IDs " + name + "*";
        default -> "group " + name;
      };
    }
  }

  /**
   * What the check found: problem lines, how many needs were granted, what it could not ask, and
   * the resources not there yet whose operations (but Create on a topic) were not judged, with why.
   */
  record Result(
      List<String> problems,
      int granted,
      int unchecked,
      Map<Side, Set<String>> notCreated,
      Map<Side, String> notCheckedWhy) {}

  private final FlowContext flow;
  private final Duration timeout;
  private final Map<Side, ClientPrincipal> principals;
  private Verdict transactional = Verdict.UNCHECKED;

  private PermissionCheck(
      FlowContext flow, Duration timeout, Map<Side, ClientPrincipal> principals) {
    this.flow = flow;
    this.timeout = timeout;
    this.principals = principals;
  }

  /** Checks {@code flow} as the principals of its admin clients, built from the configs given. */
  static Result check(
      FlowContext flow,
      Admin source,
      Map<String, Object> sourceConfig,
      Admin target,
      Map<String, Object> targetConfig,
      Duration timeout)
      throws ExecutionException {
    Map<Side, ClientPrincipal> principals =
        Map.of(
            Side.SOURCE, ClientPrincipal.of(sourceConfig),
            Side.TARGET, ClientPrincipal.of(targetConfig));
    return new PermissionCheck(flow, timeout, principals).run(source, target);
  }

  private Result run(Admin source, Admin target) throws ExecutionException {
    Set<String> mirrored = mirroredTopics(source);
    Set<String> remote = new TreeSet<>();
    mirrored.forEach(t -> remote.add(flow.remoteTopic(t)));
    Set<String> carried =
        Permission.Condition.GROUP_WORK.holds(flow.flow()) ? carriedGroups(source) : Set.of();
    List<Need> needs = new ArrayList<>();
    for (Permission p : FlowPermissions.required(flow)) {
      switch (p.resource().scope()) {
        case MIRRORED_TOPICS -> mirrored.forEach(t -> needs.add(need(p, Scope.TOPIC, t)));
        case REMOTE_TOPICS -> remote.forEach(t -> needs.add(need(p, Scope.TOPIC, t)));
        case CARRIED_GROUPS -> carried.forEach(g -> needs.add(need(p, Scope.GROUP, g)));
        default -> needs.add(need(p, p.resource().scope(), p.resource().name()));
      }
    }
    Map<Side, ClusterGrants> grants = new LinkedHashMap<>();
    grants.put(Side.SOURCE, ask(source, Side.SOURCE, needs));
    grants.put(Side.TARGET, ask(target, Side.TARGET, needs));
    if (needs.stream().anyMatch(n -> n.kind() == Scope.TRANSACTIONAL_IDS)) {
      transactional = probeTransactionalIds(target);
    }
    Map<Side, AclGrants> acls = new LinkedHashMap<>();
    acls.put(Side.SOURCE, uncreated(source, Side.SOURCE, grants.get(Side.SOURCE), needs));
    acls.put(Side.TARGET, uncreated(target, Side.TARGET, grants.get(Side.TARGET), needs));
    List<String> problems = new ArrayList<>();
    Map<Side, Set<String>> notCreated = new LinkedHashMap<>();
    Map<Side, String> notCheckedWhy = new LinkedHashMap<>();
    int granted = 0;
    int unchecked = 0;
    Set<String> said = new LinkedHashSet<>();
    for (Need need : needs) {
      Verdict verdict = verdict(grants.get(need.side()), need);
      if (verdict.kind() == Verdict.Kind.UNKNOWN && need.kind() != Scope.CLUSTER) {
        verdict = acls.get(need.side()).verdict(type(need), need.name(), need.operation());
        acls.get(need.side()).notChecked().ifPresent(why -> notCheckedWhy.put(need.side(), why));
      }
      if (verdict.kind() == Verdict.Kind.GRANTED) {
        granted++;
      } else if (verdict.kind() == Verdict.Kind.UNCHECKED) {
        unchecked++;
      } else if (verdict.kind() == Verdict.Kind.UNKNOWN) {
        notCreated.computeIfAbsent(need.side(), s -> new TreeSet<>()).add(need.resource());
      } else if (said.add(need.side() + need.resource() + need.operation())) {
        problems.add(line(need, verdict));
      }
    }
    return new Result(List.copyOf(problems), granted, unchecked, notCreated, notCheckedWhy);
  }

  /**
   * The ACLs on {@code side} for the needs its cluster could not answer, resources not there yet.
   */
  private AclGrants uncreated(Admin admin, Side side, ClusterGrants grants, List<Need> needs) {
    Set<AclGrants.Uncreated> resources = new LinkedHashSet<>();
    for (Need need : needs) {
      if (need.side() == side
          && need.kind() != Scope.CLUSTER
          && verdict(grants, need).kind() == Verdict.Kind.UNKNOWN) {
        resources.add(new AclGrants.Uncreated(type(need), need.name()));
      }
    }
    ClientPrincipal principal = principals.get(side);
    return AclGrants.ask(
        admin,
        principal.name(),
        principal.unnamed(),
        grants.clusterOperations(),
        resources,
        timeout);
  }

  private static ResourceType type(Need need) {
    return need.kind() == Scope.TOPIC ? ResourceType.TOPIC : ResourceType.GROUP;
  }

  /** {@code missing Read on group kmirror-A-B on cluster A (the mirroring consumers)}. */
  private String line(Need need, Verdict verdict) {
    String what =
        FlowPermissions.operationName(need.operation())
            + " on "
            + need.resource()
            + " on cluster "
            + cluster(need.side());
    if (verdict.kind() != Verdict.Kind.MISSING) {
      return "cannot check " + what + " (" + verdict.reason() + ")";
    }
    return "missing "
        + what
        + " ("
        + need.purpose()
        + (verdict.reason().isEmpty() ? "" : "; " + verdict.reason())
        + ")";
  }

  private static Need need(Permission p, Scope kind, String name) {
    return new Need(p.side(), kind, name, p.operation(), p.purpose());
  }

  private String cluster(Side side) {
    return side == Side.SOURCE ? flow.flow().source() : flow.flow().target();
  }

  private ClusterGrants ask(Admin admin, Side side, List<Need> needs) throws ExecutionException {
    Set<String> topics = new TreeSet<>();
    Set<String> toCreate = new TreeSet<>();
    Set<String> groups = new TreeSet<>();
    for (Need need : needs) {
      if (need.side() != side) {
        continue;
      }
      if (need.kind() == Scope.TOPIC) {
        (need.operation() == AclOperation.CREATE ? toCreate : topics).add(need.name());
      } else if (need.kind() == Scope.GROUP) {
        groups.add(need.name());
      }
    }
    return ClusterGrants.ask(admin, topics, toCreate, groups, timeout);
  }

  private Verdict verdict(ClusterGrants grants, Need need) {
    return switch (need.kind()) {
      case CLUSTER -> grants.onCluster(need.operation());
      case TOPIC -> grants.onTopic(need.name(), need.operation());
      case TRANSACTIONAL_IDS -> transactional;
      default -> grants.onGroup(need.name(), need.operation());
    };
  }

  /**
   * Exactly-once: fences {@code kmirror-A-B.tx.validate}, an ID no worker uses, as the workers
   * fence zombies: allowed only with Write on the flow's transactional-ID prefix. Fencing an ID no
   * producer holds changes nothing.
   */
  private Verdict probeTransactionalIds(Admin target) {
    try {
      target
          .fenceProducers(List.of(flow.transactionalIdPrefix() + "validate"))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Verdict.GRANTED;
    } catch (ExecutionException e) {
      return e.getCause() instanceof TransactionalIdAuthorizationException
          ? Verdict.MISSING
          : new Verdict(Verdict.Kind.FAILED, String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      return new Verdict(Verdict.Kind.FAILED, "no answer within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private Set<String> mirroredTopics(Admin source) throws ExecutionException {
    TopicFilter filter = new TopicFilter(flow.flow(), flow.policy());
    Set<String> mirrored = new TreeSet<>();
    Set<String> visible =
        await(
            source
                .listTopics(
                    new ListTopicsOptions().listInternal(false).timeoutMs((int) timeout.toMillis()))
                .names()
                .toCompletionStage()
                .toCompletableFuture());
    visible.stream().filter(filter::mirrors).forEach(mirrored::add);
    flow.flow().topics().filter().include().stream()
        .filter(t -> LITERAL.matcher(t).matches() && filter.mirrors(t))
        .forEach(mirrored::add);
    return mirrored;
  }

  private Set<String> carriedGroups(Admin source) throws ExecutionException {
    SourceGroups selection = new SourceGroups(flow);
    Set<String> carried = new TreeSet<>();
    try {
      carried.addAll(selection.list(source, timeout));
    } catch (TimeoutException e) {
      throw new ExecutionException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    flow.flow().groups().filter().include().stream()
        .filter(g -> LITERAL.matcher(g).matches() && selection.selectable(g))
        .forEach(carried::add);
    return carried;
  }

  private <T> T await(java.util.concurrent.CompletableFuture<T> future) throws ExecutionException {
    try {
      return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new ExecutionException(e);
    }
  }
}
