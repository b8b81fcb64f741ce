package io.kmirror.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every key kmirror reads or ignores, with kmirror's default. */
class ConfigurationDocTest {

  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  @Test
  void everySettingIsDocumentedWithItsDefault() throws IOException {
    String doc = Files.readString(DOC);
    for (Setting setting : Setting.values()) {
      // written plain (`topics`) or with a cluster or flow prefix (`A.bootstrap.servers`)
      assertThat(doc)
          .as(setting.key())
          .containsPattern("`([A-Za-z]+(->[A-Za-z]+)?\\.)?" + Pattern.quote(setting.key()) + "`");
      setting
          .kmirrorDefault()
          .ifPresent(d -> assertThat(doc).as(setting.key() + " default").contains("`" + d + "`"));
      if (setting.differsFromMm2()) {
        String row =
            "| `%s` | `%s` | `%s` |"
                .formatted(
                    setting.key(),
                    setting.kmirrorDefault().orElseThrow(),
                    setting.mm2Default().orElseThrow());
        assertThat(doc).as(setting.key() + " kmirror and MM2 defaults").contains(row);
      }
    }
  }

  @Test
  void everyIgnoredKeyIsDocumented() throws IOException {
    String doc = Files.readString(DOC);
    for (String key : IgnoredKeys.names()) {
      assertThat(doc).as(key).contains("`" + key + "`");
    }
  }
}
