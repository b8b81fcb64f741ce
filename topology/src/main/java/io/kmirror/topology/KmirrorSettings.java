package io.kmirror.topology;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * kmirror's own process-wide settings, which MM2 does not have. Defaults live in {@code
 * reference.conf} (overridable through environment variables such as {@code KMIRROR_HTTP_PORT}); a
 * {@code kmirror.*} key in the properties file overrides both.
 *
 * @param httpPort {@code kmirror.http.port}: metrics, health and status (0 picks a free port)
 * @param httpHost {@code kmirror.http.host}: the address the HTTP server listens on
 * @param shutdownTimeout {@code kmirror.shutdown.timeout.seconds}: how long a stop may take to
 *     flush, commit and close before the process gives up waiting
 * @param exactlyOnce {@code kmirror.exactly.once.enabled}: transactional producers on the targets,
 *     source positions stored in the same transaction (off: at-least-once)
 * @param metrics {@code kmirror.metrics.*}: the shape of the Prometheus metrics
 * @param run {@code kmirror.startup.timeout.seconds} and {@code kmirror.status.interval.seconds}
 * @param instanceId {@code kmirror.instance.id}: this process's stable identity in the flows'
 *     consumer groups (static membership), unique among live processes; empty when not written, and
 *     then {@code kmirror run} picks the host name while demo and drill join dynamically
 */
public record KmirrorSettings(
    int httpPort,
    String httpHost,
    Duration shutdownTimeout,
    boolean exactlyOnce,
    MetricsSettings metrics,
    RunSettings run,
    Optional<String> instanceId) {

  public static final int DEFAULT_HTTP_PORT = 9464;

  /**
   * Longest {@code kmirror.instance.id}: the consumers' {@code group.instance.id} adds the flow and
   * the task to it and Kafka takes at most 249 characters.
   */
  public static final int INSTANCE_ID_MAX_LENGTH = 128;

  private static final KmirrorSettings DEFAULTS =
      new KmirrorSettings(
          DEFAULT_HTTP_PORT,
          "0.0.0.0",
          Duration.ofSeconds(30),
          false,
          MetricsSettings.defaults(),
          RunSettings.defaults(),
          Optional.empty());

  public KmirrorSettings {
    Rules.port(httpPort);
    Rules.notBlank(Objects.requireNonNull(httpHost, "httpHost"), Rules.HOST);
    Rules.timeout(Objects.requireNonNull(shutdownTimeout, "shutdownTimeout"));
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(instanceId, "instanceId").ifPresent(Rules::instanceId);
  }

  /** As above, with the shipped start-up and status settings and without an instance id. */
  public KmirrorSettings(
      int httpPort,
      String httpHost,
      Duration shutdownTimeout,
      boolean exactlyOnce,
      MetricsSettings metrics) {
    this(
        httpPort,
        httpHost,
        shutdownTimeout,
        exactlyOnce,
        metrics,
        RunSettings.defaults(),
        Optional.empty());
  }

  /** As above, with the shipped metrics settings. */
  public KmirrorSettings(
      int httpPort, String httpHost, Duration shutdownTimeout, boolean exactlyOnce) {
    this(httpPort, httpHost, shutdownTimeout, exactlyOnce, MetricsSettings.defaults());
  }

  /** The values {@code reference.conf} ships, ignoring the environment: for tests and tools. */
  public static KmirrorSettings defaults() {
    return DEFAULTS;
  }

  public KmirrorSettings withHttpPort(int port) {
    return new KmirrorSettings(
        port, httpHost, shutdownTimeout, exactlyOnce, metrics, run, instanceId);
  }

  /** A copy with {@code id} as the instance id; throws {@link TopologyException} if not valid. */
  public KmirrorSettings withInstanceId(String id) {
    return new KmirrorSettings(
        httpPort, httpHost, shutdownTimeout, exactlyOnce, metrics, run, Optional.of(id));
  }
}
