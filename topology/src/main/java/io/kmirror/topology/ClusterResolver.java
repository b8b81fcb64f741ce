package io.kmirror.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds each declared cluster: its bootstrap (external or embedded) and its client keys. */
final class ClusterResolver {

  private final Lookup lookup;
  private final ValueReader values;
  private final ClientLayers clients;
  private final Problems problems;

  ClusterResolver(Lookup lookup, ValueReader values, ClientLayers clients, Problems problems) {
    this.lookup = lookup;
    this.values = values;
    this.clients = clients;
    this.problems = problems;
  }

  List<Cluster> resolve(List<String> aliases) {
    List<Cluster> clusters = new ArrayList<>();
    for (String alias : aliases) {
      bootstrap(alias)
          .map(
              b ->
                  new Cluster(
                      alias,
                      b,
                      clients.clusterCommon(alias),
                      clients.clusterRole(alias, ClientRole.CONSUMER),
                      clients.clusterRole(alias, ClientRole.PRODUCER),
                      clients.clusterRole(alias, ClientRole.ADMIN)))
          .ifPresent(clusters::add);
    }
    return clusters;
  }

  private Optional<Bootstrap> bootstrap(String alias) {
    Optional<Resolved> servers = lookup.cluster(Setting.BOOTSTRAP_SERVERS, alias);
    if (servers.isEmpty()) {
      problems.error(
          alias + "." + Setting.BOOTSTRAP_SERVERS.key(),
          "is missing; expected host:port[,host:port...] or 'embedded'");
      return Optional.empty();
    }
    Resolved brokers = lookup.cluster(Setting.EMBEDDED_BROKERS, alias).orElseThrow();
    if (Bootstrap.isEmbedded(servers.get().value())) {
      return Optional.of(
          new Bootstrap.Embedded(
              values.integer(brokers, Rules::embeddedBrokers, Rules.EMBEDDED_BROKERS)));
    }
    if (brokers.explicit()) {
      problems.warning(
          brokers.key(),
          brokers.value(),
          "applies only to embedded clusters; ignored because '"
              + servers.get().key()
              + "' is not 'embedded'");
    }
    try {
      return Optional.of(new Bootstrap.External(servers.get().value()));
    } catch (TopologyException e) {
      problems.error(servers.get(), e.problem().message());
      return Optional.empty();
    }
  }
}
