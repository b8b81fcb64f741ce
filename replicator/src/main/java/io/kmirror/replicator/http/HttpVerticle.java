package io.kmirror.replicator.http;

import io.kmirror.replicator.metrics.Metrics;
import io.kmirror.replicator.runtime.Readiness;
import io.kmirror.replicator.runtime.ReplicatorVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kmirror's HTTP endpoints, on a plain Vert.x {@link HttpServer}:
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter, Prometheus text or OpenMetrics as the {@code Accept}
 *       header asks; rendered on a worker thread, never on the event loop;
 *   <li>{@code GET /health}: 200 while the process answers (it does not ask Kafka);
 *   <li>{@code GET /ready}: 200 when {@link Readiness} says so, else 503 naming what is not ready;
 *       {@code ?verbose} lists every check;
 *   <li>{@code GET /api/status}: flows, lag, offsets and last errors as JSON ({@link StatusJson}),
 *       secrets masked.
 * </ul>
 */
public final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final ReplicatorVerticle replicator;
  private final Metrics metrics;
  private final String host;
  private final int port;
  private final StatusJson status;
  private HttpServer server;

  /**
   * @param port the port to listen on; 0 picks a free one ({@link #actualPort()})
   */
  public HttpVerticle(ReplicatorVerticle replicator, String host, int port) {
    this.replicator = replicator;
    this.metrics = replicator.metrics();
    this.host = host;
    this.port = port;
    this.status = new StatusJson(replicator);
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    return server
        .requestHandler(this::handle)
        .listen()
        .onSuccess(s -> LOG.info("event=http-listening host={} port={}", host, s.actualPort()));
  }

  /** The port the server listens on, once started. */
  public int actualPort() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      text(request, 405, "only GET is served\n");
      return;
    }
    switch (request.path()) {
      case "/metrics" -> metrics(request);
      case "/health" -> text(request, 200, "ok\n");
      case "/ready" -> ready(request);
      case "/api/status" -> json(request, status.render());
      default -> text(request, 404, "not found; try /metrics, /health, /ready or /api/status\n");
    }
  }

  private void metrics(HttpServerRequest request) {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    vertx
        .executeBlocking(() -> metrics.scrape(accept), false)
        .onSuccess(
            body ->
                request
                    .response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, Metrics.contentType(accept))
                    .end(body))
        .onFailure(e -> text(request, 500, "scrape failed: " + e.getMessage() + "\n"));
  }

  private void ready(HttpServerRequest request) {
    List<Readiness.Check> checks = replicator.readiness().checks();
    boolean ready = checks.stream().allMatch(Readiness.Check::ok);
    boolean verbose = request.params().contains("verbose");
    String body;
    if (verbose) {
      body =
          checks.stream()
                  .map(c -> (c.ok() ? "[+] " : "[-] ") + c.name() + ": " + c.detail())
                  .collect(Collectors.joining("\n", "", "\n"))
              + (ready ? "ready\n" : "not ready\n");
    } else if (ready) {
      body = "ready\n";
    } else {
      body =
          "not ready: "
              + checks.stream()
                  .filter(c -> !c.ok())
                  .map(c -> c.name() + " (" + c.detail() + ")")
                  .collect(Collectors.joining("; "))
              + "\n";
    }
    text(request, ready ? 200 : 503, status.scrub(body));
  }

  private static void text(HttpServerRequest request, int code, String body) {
    request
        .response()
        .setStatusCode(code)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(body);
  }

  private static void json(HttpServerRequest request, String body) {
    request
        .response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(body);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
