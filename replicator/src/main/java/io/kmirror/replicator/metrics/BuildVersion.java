package io.kmirror.replicator.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/** The kmirror version Maven recorded in the jar: for {@code --version} and {@code build_info}. */
public final class BuildVersion {

  private static final String POM_PROPERTIES =
      "/META-INF/maven/io.kmirror/kmirror-replicator/pom.properties";

  private BuildVersion() {}

  /** The version, or empty in a development build (classes not from the jar) or when unreadable. */
  public static Optional<String> current() {
    try (InputStream in = BuildVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      return Optional.ofNullable(properties.getProperty("version"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
