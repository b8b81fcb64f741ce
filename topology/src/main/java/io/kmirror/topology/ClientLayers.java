package io.kmirror.topology;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka client keys of a file, by the scope they were written at: top level ({@code ""}), a
 * cluster ({@code "A"}) or a flow ({@code "A->B"}); each scope has common keys and per-role keys
 * ({@code consumer.*}, ...) with the prefix stripped. Turns them into the records' {@link
 * ClientConfig}s, more specific layers winning.
 */
final class ClientLayers {

  static final String TOP = "";

  private final Map<String, Map<String, String>> common = new LinkedHashMap<>();
  private final Map<String, Map<ClientRole, Map<String, String>>> roles = new LinkedHashMap<>();

  void putCommon(String scope, String key, String value) {
    common.computeIfAbsent(scope, s -> new LinkedHashMap<>()).put(key, value);
  }

  void putRole(String scope, ClientRole role, String key, String value) {
    roles
        .computeIfAbsent(scope, s -> new EnumMap<>(ClientRole.class))
        .computeIfAbsent(role, r -> new LinkedHashMap<>())
        .put(key, value);
  }

  /** Top-level client keys overlaid by {@code A.<key>}. */
  ClientConfig clusterCommon(String cluster) {
    return ClientConfig.of(common(TOP)).with(ClientConfig.of(common(cluster)));
  }

  /** Top-level {@code role.*} keys overlaid by {@code A.role.*}. */
  ClientConfig clusterRole(String cluster, ClientRole role) {
    return ClientConfig.of(role(TOP, role)).with(ClientConfig.of(role(cluster, role)));
  }

  ClientConfig flowRole(FlowId flow, ClientRole role) {
    return ClientConfig.of(role(flow.toString(), role));
  }

  FlowClients flowClients(FlowId flow) {
    String source = flow.source();
    String target = flow.target();
    return new FlowClients(
        layered(source, ClientRole.CONSUMER).with(flowRole(flow, ClientRole.CONSUMER)),
        layered(source, ClientRole.ADMIN).with(flowRole(flow, ClientRole.ADMIN)),
        layered(target, ClientRole.PRODUCER).with(flowRole(flow, ClientRole.PRODUCER)),
        layered(target, ClientRole.ADMIN).with(flowRole(flow, ClientRole.ADMIN)),
        layered(target, ClientRole.CONSUMER));
  }

  private ClientConfig layered(String cluster, ClientRole role) {
    return clusterCommon(cluster).with(clusterRole(cluster, role));
  }

  private Map<String, String> common(String scope) {
    return common.getOrDefault(scope, Map.of());
  }

  private Map<String, String> role(String scope, ClientRole role) {
    return roles.getOrDefault(scope, Map.of()).getOrDefault(role, Map.of());
  }
}
