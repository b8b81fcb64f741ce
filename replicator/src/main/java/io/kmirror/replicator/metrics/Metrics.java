package io.kmirror.replicator.metrics;

import io.kmirror.topology.Flow;
import io.kmirror.topology.MetricsSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one metrics registry (Micrometer's Prometheus registry), with the JVM and process
 * binders and {@code kmirror_build_info}. Flows get their meters from {@link #flow}; the HTTP
 * server renders {@link #scrape}.
 *
 * <p>A meter that cannot be registered (the same name with other labels) is a programming error: a
 * {@link #strict()} registry throws, so tests catch it; the service's registry logs it once and
 * goes on without that meter rather than stop replicating.
 */
public final class Metrics implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final Set<String> LINT_FAILURES = Set.of("process.cpu.time", "system.cpu.count");

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final ClusterReachability clusters;

  private Metrics(boolean strict) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .config()
        .onMeterRegistrationFailed(
            (id, reason) -> {
              if (strict) {
                throw new IllegalStateException("meter " + id.getName() + ": " + reason);
              }
              LOG.warn("event=meter-registration-failed meter={} reason=\"{}\"", id, reason);
            });
    // Two binder meters whose Prometheus names fail promtool's lint (an abbreviated unit, a
    // "_count" gauge) and add nothing process_cpu_usage and the JVM's own meters do not say.
    registry.config().meterFilter(MeterFilter.deny(id -> LINT_FAILURES.contains(id.getName())));
    new JvmMemoryMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("kmirror.build.info", () -> 1)
        .description("Always 1; the version label says which kmirror this is")
        .tag("version", BuildVersion.current().orElse("dev"))
        .register(registry);
    clusters = new ClusterReachability(registry);
  }

  /** The service's registry: a meter that cannot be registered is logged and left out. */
  public static Metrics create() {
    return new Metrics(false);
  }

  /** For tests: a meter that cannot be registered throws. */
  public static Metrics strict() {
    return new Metrics(true);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Whether each cluster answered its last probe, as {@code kmirror_cluster_reachable}. */
  public ClusterReachability clusters() {
    return clusters;
  }

  /** {@code kmirror_ready}: 1 while {@code ready} says the process is ready, else 0. */
  public void readiness(BooleanSupplier ready) {
    Gauge.builder("kmirror.ready", ready, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 when every enabled flow runs, reaches both clusters and has synced topics")
        .strongReference(true)
        .register(registry);
  }

  /** The meters of one flow, created now so that every series exists from the start. */
  public FlowMetrics flow(Flow flow, MetricsSettings settings) {
    return new FlowMetrics(registry, flow.id(), settings);
  }

  /** The content type {@link #scrape} answers for a request's {@code Accept} header. */
  public static String contentType(String accept) {
    return openMetrics(accept) ? OPENMETRICS : PROMETHEUS_TEXT;
  }

  /**
   * Every meter in Prometheus text format, or OpenMetrics when {@code accept} asks for it (as
   * Prometheus does when it may scrape exemplars). Blocking for a moment: call it off the event
   * loop.
   */
  public String scrape(String accept) {
    return registry.scrape(contentType(accept));
  }

  private static boolean openMetrics(String accept) {
    return accept != null && accept.contains("application/openmetrics-text");
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
