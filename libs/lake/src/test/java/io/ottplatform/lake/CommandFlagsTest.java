package io.ottplatform.lake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandFlagsTest {

  private final CommandFlags flags = CommandFlags.of("date", "date", "rank", "als.rank");

  @Test
  void knownFlagsBecomeSettingsOverridesInBothSpellings() {
    assertThat(flags.toSettingsArguments(new String[] {"--date", "2026-11-25", "--rank=16"}))
        .containsExactly("--set", "date=2026-11-25", "--set", "als.rank=16");
  }

  @Test
  void everythingElseIsLeftForSettingsToReadOrReport() {
    assertThat(flags.toSettingsArguments(new String[] {"--config", "f.yml", "--set", "a=b", "--bogus", "--help"}))
        .containsExactly("--config", "f.yml", "--set", "a=b", "--bogus", "--help");
  }

  @Test
  void aFlagWithoutValueBecomesAnEmptyValueThatTheTypedReadNames() {
    assertThat(flags.toSettingsArguments(new String[] {"--date"})).containsExactly("--set", "date=");
  }
}
