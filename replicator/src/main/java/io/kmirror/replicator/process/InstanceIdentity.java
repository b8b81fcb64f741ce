package io.kmirror.replicator.process;

import io.kmirror.topology.KmirrorSettings;
import io.kmirror.topology.Topology;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The stable identity {@code kmirror run} gives its process in the flows' consumer groups: {@code
 * kmirror.instance.id} when written (file, {@code KMIRROR_INSTANCE_ID}), else the host name. A host
 * name is what stays the same when a supervisor restarts the process: the machine's name under
 * systemd, the pod's name in Kubernetes (a container restarted in its pod, or a StatefulSet pod
 * rescheduled), the container's name under compose. Two processes on one host need distinct ids
 * written out; the second would otherwise take the first one's place in the group.
 */
public final class InstanceIdentity {

  private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
  private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9._-]");

  private InstanceIdentity() {}

  /** {@code topology} with its instance id set: the written one, else this host's name. */
  public static Topology forRun(Topology topology) {
    return forRun(topology, InstanceIdentity::hostName);
  }

  static Topology forRun(Topology topology, Supplier<Optional<String>> hostName) {
    KmirrorSettings settings = topology.settings();
    if (settings.instanceId().isPresent()) {
      return topology;
    }
    return hostName
        .get()
        .map(InstanceIdentity::usable)
        .filter(id -> !id.isEmpty())
        .map(
            id ->
                new Topology(
                    topology.file(),
                    topology.clusters(),
                    topology.flows(),
                    settings.withInstanceId(id)))
        .orElse(topology);
  }

  /**
   * Kafka accepts letters, digits, '.', '_' and '-' in a group.instance.id; the rest become '-'.
   */
  static String usable(String hostName) {
    String id = NOT_ALLOWED.matcher(hostName.strip()).replaceAll("-").toLowerCase(Locale.ROOT);
    return id.length() > KmirrorSettings.INSTANCE_ID_MAX_LENGTH
        ? id.substring(0, KmirrorSettings.INSTANCE_ID_MAX_LENGTH)
        : id;
  }

  /**
   * {@code HOSTNAME} when the shell or container runtime set it, else the kernel's host name (no
   * DNS lookup on the restart path: a slow resolver would add its timeout to every start), else the
   * resolver's answer.
   */
  private static Optional<String> hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return Optional.of(env);
    }
    try {
      String kernel = Files.readString(KERNEL_HOSTNAME, StandardCharsets.US_ASCII).strip();
      if (!kernel.isEmpty()) {
        return Optional.of(kernel);
      }
    } catch (IOException e) {
      // Not Linux: ask the resolver.
    }
    try {
      return Optional.of(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
