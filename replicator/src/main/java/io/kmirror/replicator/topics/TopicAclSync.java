package io.kmirror.replicator.topics;

import io.kmirror.replicator.flow.Causes;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.metrics.TopicSyncMeters.Operation;
import io.kmirror.topology.FlowId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the source's topic ACLs of the mirrored topics to their remote topics ({@link TopicAcls}
 * says which), once per topic-sync pass. Idempotent: it reads the target's literal topic ACLs and
 * creates only the missing bindings, each counted as {@code operation="acl"}. It never deletes an
 * ACL (as MM2: an ACL revoked on the source stays on the target until an operator removes it).
 *
 * <p>A cluster without an authorizer answers with {@link SecurityDisabledException}: one WARN for
 * the flow, then silence. Any other failure is logged once per distinct reason and retried on the
 * next pass; the returned future never fails, so ACLs never hold topics or records back.
 */
final class TopicAclSync {

  private static final Logger LOG = LoggerFactory.getLogger(TopicAclSync.class);

  private final FlowId flow;
  private final Admin source;
  private final Admin target;
  private final UnaryOperator<String> remoteName;
  private final FlowMetrics metrics;
  private final Context context;
  private boolean noAuthorizerLogged;
  private String lastFailure;

  TopicAclSync(
      FlowId flow,
      Admin source,
      Admin target,
      UnaryOperator<String> remoteName,
      FlowMetrics metrics,
      Context context) {
    this.flow = flow;
    this.source = source;
    this.target = target;
    this.remoteName = remoteName;
    this.metrics = metrics;
    this.context = context;
  }

  /** One pass over {@code mirrored}, the source topics whose remote topics exist. */
  Future<Void> sync(Set<String> mirrored) {
    if (mirrored.isEmpty()) {
      return Future.succeededFuture();
    }
    return describe(source)
        .compose(
            sourceAcls -> {
              Set<AclBinding> wanted = TopicAcls.remoteBindings(sourceAcls, mirrored, remoteName);
              return wanted.isEmpty()
                  ? Future.succeededFuture()
                  : describe(target).compose(existing -> create(wanted, existing));
            })
        .<Void>mapEmpty()
        .recover(this::failed);
  }

  private Future<Collection<AclBinding>> describe(Admin admin) {
    return AdminCalls.of(admin.describeAcls(TopicAcls.LITERAL_TOPIC_ACLS).values(), context);
  }

  private Future<Void> create(Set<AclBinding> wanted, Collection<AclBinding> existing) {
    Set<AclBinding> missing = new LinkedHashSet<>(wanted);
    missing.removeAll(existing);
    if (missing.isEmpty()) {
      return Future.succeededFuture();
    }
    List<AclBinding> bindings = new ArrayList<>(missing);
    return AdminCalls.each(target.createAcls(bindings).values(), context)
        .map(
            outcomes -> {
              outcomes.forEach(
                  (binding, outcome) -> {
                    if (outcome.ok()) {
                      metrics.topicSync().succeeded(Operation.ACL);
                      LOG.info(
                          "flow={} topic={} event=topic-acl-created principal={} host={}"
                              + " operation={} permission={}",
                          flow,
                          binding.pattern().name(),
                          binding.entry().principal(),
                          binding.entry().host(),
                          binding.entry().operation(),
                          binding.entry().permissionType());
                    } else {
                      metrics.topicSync().failed(Operation.ACL);
                      logOnce(outcome.error());
                    }
                  });
              return null;
            });
  }

  private Future<Void> failed(Throwable error) {
    Throwable cause = Causes.unwrap(error);
    if (cause instanceof SecurityDisabledException) {
      if (!noAuthorizerLogged) {
        noAuthorizerLogged = true;
        LOG.warn(
            "flow={} event=topic-acls-not-synced reason=\"a cluster has no authorizer ({})\""
                + " action=\"set sync.topic.acls.enabled = false to silence this\"",
            flow,
            cause.getMessage());
      }
    } else {
      logOnce(cause);
    }
    return Future.succeededFuture();
  }

  private void logOnce(Throwable cause) {
    String reason = String.valueOf(cause);
    if (!reason.equals(lastFailure)) {
      lastFailure = reason;
      LOG.warn("flow={} event=topic-acl-sync-failed reason=\"{}\" retry=next-pass", flow, reason);
    }
  }
}
