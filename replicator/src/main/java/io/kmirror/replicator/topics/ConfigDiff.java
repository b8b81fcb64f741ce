package io.kmirror.replicator.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;

/**
 * The incremental changes that bring a remote topic's configs in line with its source: set every
 * copied key whose value differs, and delete (back to the target's default) a key kmirror copied
 * earlier that the source no longer sets. Every other key on the target, in particular one set only
 * there, is left alone.
 */
public final class ConfigDiff {

  private ConfigDiff() {}

  /**
   * @param desired the source's copyable configs
   * @param target the remote topic's current values, all keys
   * @param targetOverrides the keys set on the remote topic itself
   * @param copiedBefore the keys kmirror set on the remote topic, as stored ({@link CopiedConfigs})
   */
  public static List<AlterConfigOp> diff(
      Map<String, String> desired,
      Map<String, String> target,
      Set<String> targetOverrides,
      Set<String> copiedBefore) {
    List<AlterConfigOp> ops = new ArrayList<>();
    desired.forEach(
        (name, value) -> {
          if (!Objects.equals(value, target.get(name))) {
            ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET));
          }
        });
    for (String name : copiedBefore) {
      if (!desired.containsKey(name) && targetOverrides.contains(name)) {
        ops.add(new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE));
      }
    }
    return ops;
  }
}
