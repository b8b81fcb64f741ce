package io.kmirror.replicator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code kmirror --version}: the project version recorded in the jar, and the Kafka version. */
final class VersionProvider implements IVersionProvider {

  private static final String POM_PROPERTIES =
      "/META-INF/maven/io.kmirror/kmirror-replicator/pom.properties";

  @Override
  public String[] getVersion() {
    return new String[] {
      "kmirror " + projectVersion(),
      "Kafka clients " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
    };
  }

  private static String projectVersion() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return "(development build)";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "(unknown version)");
    } catch (IOException e) {
      return "(unknown version)";
    }
  }
}
