package io.kmirror.replicator.cli;

/**
 * The address to print for the HTTP endpoints: a wildcard listen address is reached on loopback.
 */
final class HttpUrls {

  private HttpUrls() {}

  static String base(String host, int port) {
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    return "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port;
  }
}
