package io.kmirror.topology;

import java.time.Duration;
import java.util.Objects;

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
 */
public record KmirrorSettings(
    int httpPort,
    String httpHost,
    Duration shutdownTimeout,
    boolean exactlyOnce,
    MetricsSettings metrics,
    RunSettings run) {

  public static final int DEFAULT_HTTP_PORT = 9464;

  private static final KmirrorSettings DEFAULTS =
      new KmirrorSettings(
          DEFAULT_HTTP_PORT,
          "0.0.0.0",
          Duration.ofSeconds(30),
          false,
          MetricsSettings.defaults(),
          RunSettings.defaults());

  public KmirrorSettings {
    Rules.port(httpPort);
    Rules.notBlank(Objects.requireNonNull(httpHost, "httpHost"), Rules.HOST);
    Rules.timeout(Objects.requireNonNull(shutdownTimeout, "shutdownTimeout"));
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(run, "run");
  }

  /** As above, with the shipped start-up and status settings. */
  public KmirrorSettings(
      int httpPort,
      String httpHost,
      Duration shutdownTimeout,
      boolean exactlyOnce,
      MetricsSettings metrics) {
    this(httpPort, httpHost, shutdownTimeout, exactlyOnce, metrics, RunSettings.defaults());
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
    return new KmirrorSettings(port, httpHost, shutdownTimeout, exactlyOnce, metrics, run);
  }
}
