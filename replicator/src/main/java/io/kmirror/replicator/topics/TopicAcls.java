package io.kmirror.replicator.topics;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * MM2's rules for which source topic ACLs a remote topic gets ({@code
 * MirrorSourceConnector.syncTopicAcls}), as a pure function: only {@link PatternType#LITERAL}
 * bindings on a topic the flow mirrors; never {@code ALLOW WRITE}, so applications cannot write to
 * a replica; {@code ALLOW ALL} becomes {@code ALLOW READ}; every other entry (other operations, any
 * {@code DENY}) is copied as it is, with its principal and host, to the remote topic's name.
 *
 * <p>Prefixed patterns and the wildcard topic {@code *} are not copied: they are not literal
 * bindings of a mirrored topic (MM2 would turn a literal {@code *} into an ACL on a topic named
 * {@code A.*}, which matches nothing).
 */
final class TopicAcls {

  /** Every literal topic ACL of a cluster. */
  static final AclBindingFilter LITERAL_TOPIC_ACLS =
      new AclBindingFilter(
          new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.LITERAL),
          AccessControlEntryFilter.ANY);

  private TopicAcls() {}

  /** The bindings the remote topics must have, from the source's bindings. */
  static Set<AclBinding> remoteBindings(
      Collection<AclBinding> source, Set<String> mirrored, UnaryOperator<String> remoteName) {
    Set<AclBinding> remote = new LinkedHashSet<>();
    for (AclBinding binding : source) {
      ResourcePattern pattern = binding.pattern();
      AccessControlEntry entry = binding.entry();
      if (pattern.resourceType() != ResourceType.TOPIC
          || pattern.patternType() != PatternType.LITERAL
          || !mirrored.contains(pattern.name())
          || isAllow(entry, AclOperation.WRITE)) {
        continue;
      }
      AccessControlEntry copied =
          isAllow(entry, AclOperation.ALL)
              ? new AccessControlEntry(
                  entry.principal(), entry.host(), AclOperation.READ, AclPermissionType.ALLOW)
              : entry;
      remote.add(
          new AclBinding(
              new ResourcePattern(
                  ResourceType.TOPIC, remoteName.apply(pattern.name()), PatternType.LITERAL),
              copied));
    }
    return remote;
  }

  private static boolean isAllow(AccessControlEntry entry, AclOperation operation) {
    return entry.permissionType() == AclPermissionType.ALLOW && entry.operation() == operation;
  }
}
