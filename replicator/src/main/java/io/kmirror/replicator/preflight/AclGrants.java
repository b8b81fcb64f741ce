package io.kmirror.replicator.preflight;

import io.kmirror.replicator.preflight.ClusterGrants.Verdict;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.clients.admin.DescribeAclsOptions;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What a cluster's ACLs grant one principal on topics and groups that do not exist yet, which have
 * no authorized operations to ask for. Read with {@code describeAcls} (literal, prefixed and
 * wildcard bindings that match each name: {@link PatternType#MATCH}) and judged as Kafka's
 * StandardAuthorizer judges: a matching DENY for the operation (or All) wins, else a matching ALLOW
 * for it, for All, or for an operation that implies it (Read, Write, Delete and Alter imply
 * Describe; AlterConfigs implies DescribeConfigs), else refused.
 *
 * <p>What this cannot see, and so reports as not checked rather than guessed: a principal kmirror
 * cannot name from the client settings (only SASL PLAIN and SCRAM carry a user name; a
 * certificate's subject or an OAuth token's is mapped by the broker), a principal without Describe
 * on the cluster (needed to read ACLs), and a super user (who needs no ACL, seen as a principal
 * holding every cluster operation). Bindings limited to one host are ignored, since the host the
 * broker sees is not known here; a broker with {@code allow.everyone.if.no.acl.found=true} is not
 * detected.
 */
final class AclGrants {

  private static final Set<AclOperation> CLUSTER_OPERATIONS =
      Set.of(
          AclOperation.ALTER,
          AclOperation.ALTER_CONFIGS,
          AclOperation.CLUSTER_ACTION,
          AclOperation.CREATE,
          AclOperation.DESCRIBE,
          AclOperation.DESCRIBE_CONFIGS,
          AclOperation.IDEMPOTENT_WRITE);

  private static final String NO_DESCRIBE =
      "reading ACLs needs Describe on the cluster, not granted";

  /** The resources asked about and their matching bindings; empty when not read. */
  private final Map<String, List<AclBinding>> bindings;

  private final Optional<String> principal;
  private final Optional<String> notChecked;
  private final boolean noAuthorizer;

  private AclGrants(
      Map<String, List<AclBinding>> bindings,
      Optional<String> principal,
      Optional<String> notChecked,
      boolean noAuthorizer) {
    this.bindings = bindings;
    this.principal = principal;
    this.notChecked = notChecked;
    this.noAuthorizer = noAuthorizer;
  }

  /** A resource not there yet: {@code TOPIC} or {@code GROUP} and its name. */
  record Uncreated(ResourceType type, String name) {}

  /**
   * Reads the bindings that match {@code resources} for {@code principal} ({@code User:name}, empty
   * when it cannot be named: {@code unnamed} says why). {@code clusterOperations} are the
   * principal's authorized operations on the cluster, as {@link ClusterGrants} read them.
   */
  static AclGrants ask(
      Admin admin,
      Optional<String> principal,
      String unnamed,
      Set<AclOperation> clusterOperations,
      Collection<Uncreated> resources,
      Duration timeout) {
    if (resources.isEmpty()) {
      return new AclGrants(Map.of(), principal, Optional.empty(), false);
    }
    if (!clusterOperations.contains(AclOperation.DESCRIBE)
        && !clusterOperations.contains(AclOperation.ALL)) {
      // asked anyway, a broker logs the refused DescribeAcls as an unexpected ERROR with a trace
      return notChecked(principal, NO_DESCRIBE);
    }
    Map<String, List<AclBinding>> found = new HashMap<>();
    try {
      for (Uncreated resource : resources) {
        AclBindingFilter filter =
            new AclBindingFilter(
                new ResourcePatternFilter(resource.type(), resource.name(), PatternType.MATCH),
                AccessControlEntryFilter.ANY);
        Collection<AclBinding> matching =
            admin
                .describeAcls(filter, new DescribeAclsOptions().timeoutMs((int) timeout.toMillis()))
                .values()
                .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        found.put(key(resource.type(), resource.name()), new ArrayList<>(matching));
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SecurityDisabledException) {
        return new AclGrants(Map.of(), principal, Optional.empty(), true);
      }
      if (e.getCause() instanceof ClusterAuthorizationException) {
        return notChecked(principal, NO_DESCRIBE);
      }
      return notChecked(principal, "reading ACLs failed (" + Preflight.reason(e) + ")");
    } catch (TimeoutException e) {
      return notChecked(principal, "reading ACLs timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    // past here the cluster has an authorizer (no authorizer refuses DescribeAcls)
    if (clusterOperations.contains(AclOperation.ALL)
        || clusterOperations.containsAll(CLUSTER_OPERATIONS)) {
      return notChecked(
          principal, "the principal holds every operation on the cluster, as a super user does");
    }
    if (principal.isEmpty()) {
      return notChecked(principal, unnamed);
    }
    return new AclGrants(found, principal, Optional.empty(), false);
  }

  private static AclGrants notChecked(Optional<String> principal, String why) {
    return new AclGrants(Map.of(), principal, Optional.of(why), false);
  }

  /** Why the ACLs of uncreated resources were not judged; empty when they were. */
  Optional<String> notChecked() {
    return notChecked;
  }

  /**
   * The verdict for {@code operation} on an uncreated resource: {@link Verdict.Kind#GRANTED}, or
   * {@link Verdict.Kind#MISSING} with the principal named, or {@link Verdict.Kind#UNKNOWN} when not
   * judged ({@link #notChecked()} says why).
   */
  Verdict verdict(ResourceType type, String name, AclOperation operation) {
    if (noAuthorizer) {
      return Verdict.GRANTED;
    }
    List<AclBinding> matching = bindings.get(key(type, name));
    if (matching == null || principal.isEmpty()) {
      return Verdict.UNKNOWN;
    }
    return judge(matching, principal.get(), operation);
  }

  /**
   * StandardAuthorizer's judgement of {@code operation} for {@code principal} from the bindings
   * that match one resource name: a DENY for it (or All) wins, else an ALLOW that implies it, else
   * refused. Bindings of other principals, and those limited to one host, do not count.
   */
  static Verdict judge(List<AclBinding> matching, String principal, AclOperation operation) {
    String reason = "it does not exist yet; read from the ACLs of " + principal + " on its name";
    boolean allowed = false;
    for (AclBinding binding : matching) {
      String who = binding.entry().principal();
      if (!(who.equals(principal) || who.equals("User:*")) || !binding.entry().host().equals("*")) {
        continue;
      }
      AclOperation granted = binding.entry().operation();
      if (binding.entry().permissionType() == AclPermissionType.DENY
          && (granted == operation || granted == AclOperation.ALL)) {
        return new Verdict(Verdict.Kind.MISSING, reason + ", which deny it");
      }
      if (binding.entry().permissionType() == AclPermissionType.ALLOW
          && implies(granted, operation)) {
        allowed = true;
      }
    }
    return allowed ? Verdict.GRANTED : new Verdict(Verdict.Kind.MISSING, reason);
  }

  private static boolean implies(AclOperation granted, AclOperation needed) {
    if (granted == needed || granted == AclOperation.ALL) {
      return true;
    }
    return switch (needed) {
      case DESCRIBE ->
          granted == AclOperation.READ
              || granted == AclOperation.WRITE
              || granted == AclOperation.DELETE
              || granted == AclOperation.ALTER;
      case DESCRIBE_CONFIGS -> granted == AclOperation.ALTER_CONFIGS;
      default -> false;
    };
  }

  private static String key(ResourceType type, String name) {
    return type + ":" + name;
  }
}
