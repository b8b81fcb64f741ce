package io.kmirror.replicator.testing;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on a free loopback port with a
 * throw-away TSDB, scraping one target every second and evaluating the given rule file. {@link
 * #close()} stops it and deletes its data.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final Process process;
  private final Path dir;
  private final int port;

  private PrometheusServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The binary on the PATH (or in /usr/bin), if installed. */
  public static Optional<Path> binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String entry : (path + ":/usr/bin").split(":")) {
      Path candidate = Path.of(entry, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Starts Prometheus scraping {@code 127.0.0.1:targetPort} as job {@code kmirror}. */
  public static PrometheusServer start(Path binary, int targetPort, Path rules) throws Exception {
    Path dir = Files.createTempDirectory("kmirror-prometheus");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - " + rules.toAbsolutePath().normalize(),
            "scrape_configs:",
            "  - job_name: kmirror",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + targetPort + "']",
            ""));
    int port = freePort();
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    PrometheusServer server = new PrometheusServer(process, dir, port);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> server.get("/-/ready").statusCode() == 200);
    } catch (RuntimeException e) {
      server.close();
      throw new IllegalStateException(
          "prometheus did not start: " + Files.readString(dir.resolve("prometheus.log")), e);
    }
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An instant query through {@code /api/v1/query}: the response's {@code data} object. */
  public JsonObject query(String expression) throws IOException, InterruptedException {
    HttpResponse<String> response =
        get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
    JsonObject body = new JsonObject(response.body());
    if (!"success".equals(body.getString("status"))) {
      throw new AssertionError("query failed: " + expression + ": " + response.body());
    }
    return body.getJsonObject("data");
  }

  /** Runs a command to its end; returns its exit code and output. */
  public static ProcessResult run(List<String> command, String stdin) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new ProcessResult(p.exitValue(), out);
  }

  /** A finished command. */
  public record ProcessResult(int exitCode, String output) {}

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
