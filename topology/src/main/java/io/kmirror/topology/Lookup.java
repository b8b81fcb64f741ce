package io.kmirror.topology;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.Locale;
import java.util.Optional;

/**
 * MM2's lookup order, applied once per flow, cluster or process: {@code A->B.key}, then {@code
 * A.key} (the flow's source cluster), then {@code key}, then the default (kmirror's own keys take
 * theirs from {@code reference.conf} and its environment overrides).
 */
final class Lookup {

  private final String file;
  private final SortedKeys keys;
  private final Config defaults;

  Lookup(String file, SortedKeys keys, Config defaults) {
    this.file = file;
    this.keys = keys;
    this.defaults = defaults;
  }

  Optional<Resolved> flow(Setting setting, FlowId flow) {
    if (setting.readAtFlowLevel()) {
      Optional<Resolved> written = written(setting, flow.toString());
      if (written.isPresent()) {
        return written;
      }
    }
    return setting.readAtClusterLevel() ? cluster(setting, flow.source()) : global(setting);
  }

  Optional<Resolved> cluster(Setting setting, String cluster) {
    Optional<Resolved> written = written(setting, cluster);
    return written.isPresent() ? written : global(setting);
  }

  Optional<Resolved> global(Setting setting) {
    Optional<Resolved> written =
        setting.readAtTopLevel() ? written(setting, ClientLayers.TOP) : Optional.empty();
    return written.isPresent() ? written : byDefault(setting);
  }

  private Optional<Resolved> written(Setting setting, String scope) {
    return keys.setting(scope, setting)
        .map(w -> new Resolved(setting, file, w.key(), w.value(), true));
  }

  private Optional<Resolved> byDefault(Setting setting) {
    Optional<String> path = setting.configPath().filter(defaults::hasPath);
    if (path.isPresent()) {
      ConfigValue value = defaults.getValue(path.get());
      String text = String.valueOf(value.unwrapped()).strip();
      return Optional.of(new Resolved(setting, origin(value), path.get(), text, false));
    }
    return setting.kmirrorDefault().map(v -> new Resolved(setting, file, setting.key(), v, false));
  }

  /** Where a default was set, short: {@code environment}, {@code reference.conf}, ... */
  private static String origin(ConfigValue value) {
    String description = value.origin().description();
    String lower = description.toLowerCase(Locale.ROOT);
    if (lower.contains("env")) {
      return "environment";
    }
    if (lower.contains("system properties")) {
      return "system properties";
    }
    int at = description.indexOf(" @ ");
    return at > 0 ? description.substring(0, at) : description;
  }
}
