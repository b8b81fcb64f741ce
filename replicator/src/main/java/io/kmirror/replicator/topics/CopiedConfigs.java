package io.kmirror.replicator.topics;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;

/**
 * Topic sync's bookkeeping of the configs it copied: per source topic, the config keys it set on
 * the remote topic. A key in here that the source no longer sets is deleted from the remote topic;
 * a key set on the remote topic that was never in here (set there by a person) is left alone.
 *
 * <p>It must outlive the process ({@link CopiedConfigTopic}): kept only in memory, a config the
 * source dropped while kmirror was down, or before its first pass after a restart, stayed on the
 * remote topic for ever. Both methods complete on the caller's context.
 */
public interface CopiedConfigs {

  /** For a flow that does not copy configs: nothing stored, nothing to store. */
  CopiedConfigs NONE =
      new CopiedConfigs() {
        @Override
        public Future<Map<String, Set<String>>> read() {
          return Future.succeededFuture(Map.of());
        }

        @Override
        public Future<Void> write(Map<String, Set<String>> entries) {
          return Future.succeededFuture();
        }
      };

  /** Every source topic's copied keys as stored now, including what other processes wrote. */
  Future<Map<String, Set<String>>> read();

  /**
   * Stores each entry, replacing what was stored for that topic; an empty set forgets the topic.
   * Completes once the store has every entry durably.
   */
  Future<Void> write(Map<String, Set<String>> entries);
}
