package io.kmirror.replicator.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text scrape, parsed into samples, and a small HTTP client for the endpoints. */
public final class Scrape {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One sample: a metric name, its labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Sample> samples;

  private Scrape(String text) {
    this.text = text;
    List<Sample> parsed = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      parsed.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
    this.samples = List.copyOf(parsed);
  }

  public static Scrape of(String text) {
    return new Scrape(text);
  }

  /** GETs {@code http://127.0.0.1:port/metrics} and parses it. */
  public static Scrape from(int port) throws IOException, InterruptedException {
    return of(get(port, "/metrics").body());
  }

  public static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return get(port, path, "*/*");
  }

  public static HttpResponse<String> get(int port, String path, String accept)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(10))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public String text() {
    return text;
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Samples of {@code name} whose labels include every one of {@code labels}. */
  public List<Sample> matching(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  /** The sum of the matching samples' values; fails when there is none. */
  public double value(String name, Map<String, String> labels) {
    List<Sample> found = matching(name, labels);
    if (found.isEmpty()) {
      throw new AssertionError("no sample " + name + labels);
    }
    return found.stream().mapToDouble(Sample::value).sum();
  }

  /** The text's {@code # TYPE} line for a metric family, e.g. {@code counter}. */
  public String type(String family) {
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE " + family + " ")) {
        return line.substring(("# TYPE " + family + " ").length()).trim();
      }
    }
    throw new AssertionError("no TYPE line for " + family);
  }

  /** The text's {@code # HELP} line for a metric family. */
  public String help(String family) {
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP " + family + " ")) {
        return line.substring(("# HELP " + family + " ").length()).trim();
      }
    }
    throw new AssertionError("no HELP line for " + family);
  }
}
