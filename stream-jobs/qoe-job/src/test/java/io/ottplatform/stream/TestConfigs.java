package io.ottplatform.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Job configs for tests: the bundled settings plus the test's, state in a fresh folder, no dashboard table unless asked. */
final class TestConfigs {

  private TestConfigs() {}

  static QoeJobConfig qoe(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    try {
      Path state = Files.createTempDirectory("qoe-test-state");
      all.put("checkpoint-dir", state.resolve("checkpoints").toString());
      all.put("savepoint-dir", state.resolve("savepoints").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    all.put("jdbc-url", "");
    all.putAll(settings);
    return QoeJobConfig.fromMap(all);
  }
}
