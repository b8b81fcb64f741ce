package io.kmirror.replicator.topics;

import io.kmirror.topology.FlowId;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a topic the target refuses (policy, ACL, invalid config) once per reason instead of once per
 * refresh; a success clears it, so a later refusal is logged again. Used on one context only.
 */
final class RefusalLog {

  private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

  private final FlowId flow;
  private final Map<String, String> lastReason = new HashMap<>();

  RefusalLog(FlowId flow) {
    this.flow = flow;
  }

  /** Returns true when this refusal is new (and was logged). */
  boolean refused(String topic, String action, Throwable reason) {
    String key = action + " " + topic;
    String text = reason.getClass().getSimpleName() + ": " + reason.getMessage();
    if (text.equals(lastReason.put(key, text))) {
      return false;
    }
    LOG.warn(
        "flow={} topic={} event=target-refused action={} reason=\"{}\" retry=next-refresh",
        flow,
        topic,
        action,
        text);
    return true;
  }

  void succeeded(String topic, String action) {
    if (lastReason.remove(action + " " + topic) != null) {
      LOG.info("flow={} topic={} event=target-accepted action={}", flow, topic, action);
    }
  }
}
