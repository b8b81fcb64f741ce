package io.kmirror.topology;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka client keys of a file, by the scope they were written at: top level ({@code ""}), a
 * cluster ({@code "A"}) or a flow ({@code "A->B"}); each scope has common keys and per-role keys
 * ({@code consumer.*}, ...) with the prefix stripped, and a flow also has MM2's per-end admin keys
 * ({@code A->B.source.admin.*}, {@code A->B.target.admin.*}). Turns them into the records' {@link
 * ClientConfig}s, more specific layers winning.
 *
 * <p>Invariant: a client only ever receives keys written for its own cluster, for every cluster, or
 * for the flow's client that runs on its cluster, so one cluster's credentials never reach another
 * (the parser refuses connection keys in {@code A->B.admin.*}, which reaches both ends).
 */
final class ClientLayers {

  static final String TOP = "";

  private final Map<String, Map<String, String>> common = new LinkedHashMap<>();
  private final Map<String, Map<ClientRole, Map<String, String>>> roles = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> sourceAdmin = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> targetAdmin = new LinkedHashMap<>();

  void putCommon(String scope, String key, String value) {
    common.computeIfAbsent(scope, s -> new LinkedHashMap<>()).put(key, value);
  }

  void putRole(String scope, ClientRole role, String key, String value) {
    roles
        .computeIfAbsent(scope, s -> new EnumMap<>(ClientRole.class))
        .computeIfAbsent(role, r -> new LinkedHashMap<>())
        .put(key, value);
  }

  /** {@code A->B.source.admin.key} ({@code source} true) or {@code A->B.target.admin.key}. */
  void putFlowAdmin(FlowId flow, boolean source, String key, String value) {
    (source ? sourceAdmin : targetAdmin)
        .computeIfAbsent(flow.toString(), f -> new LinkedHashMap<>())
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
    ClientConfig flowAdmin = flowRole(flow, ClientRole.ADMIN);
    return new FlowClients(
        layered(source, ClientRole.CONSUMER).with(flowRole(flow, ClientRole.CONSUMER)),
        layered(source, ClientRole.ADMIN)
            .with(flowAdmin)
            .with(ClientConfig.of(sourceAdmin.getOrDefault(flow.toString(), Map.of()))),
        layered(source, ClientRole.PRODUCER),
        layered(target, ClientRole.PRODUCER).with(flowRole(flow, ClientRole.PRODUCER)),
        layered(target, ClientRole.ADMIN)
            .with(flowAdmin)
            .with(ClientConfig.of(targetAdmin.getOrDefault(flow.toString(), Map.of()))),
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
