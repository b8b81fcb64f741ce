package io.kmirror.topology;

import io.kmirror.topology.FlowResolver.ResolvedFlow;
import java.util.List;
import java.util.Locale;

/**
 * What {@code kmirror.exactly.once.enabled = true} cannot work with, one line each: a flow's target
 * producer with a {@code transactional.id} of the user's (kmirror gives each worker its own, {@code
 * kmirror-A-B.tx.<instance>-<task>}, and fences by that name: one id shared by every worker would
 * fence them against each other), or with {@code enable.idempotence = false} (transactions need an
 * idempotent producer; kmirror would otherwise turn it back on without a word).
 */
final class ExactlyOnceChecks {

  static final String TRANSACTIONAL_ID_OWNED =
      "is set while kmirror.exactly.once.enabled = true; kmirror gives each worker its own"
          + " transactional.id (kmirror-SOURCE-TARGET.tx.INSTANCE-TASK) and fences zombies by it;"
          + " expected no such key";
  static final String IDEMPOTENCE_NEEDED =
      "turns idempotence off while kmirror.exactly.once.enabled = true; transactions need an"
          + " idempotent producer; expected true or no such key";

  private ExactlyOnceChecks() {}

  static void check(List<ResolvedFlow> flows, boolean exactlyOnce, Problems problems) {
    if (!exactlyOnce) {
      return;
    }
    for (ResolvedFlow resolved : flows) {
      Flow flow = resolved.flow();
      if (!flow.enabled()) {
        continue;
      }
      var producer = flow.clients().targetProducer().entries();
      String prefix = flow.id() + ".producer.";
      String transactionalId = producer.get("transactional.id");
      if (transactionalId != null) {
        problems.error(prefix + "transactional.id", transactionalId, TRANSACTIONAL_ID_OWNED);
      }
      String idempotence = producer.get("enable.idempotence");
      if (idempotence != null && idempotence.strip().toLowerCase(Locale.ROOT).equals("false")) {
        problems.error(prefix + "enable.idempotence", idempotence, IDEMPOTENCE_NEEDED);
      }
    }
  }
}
