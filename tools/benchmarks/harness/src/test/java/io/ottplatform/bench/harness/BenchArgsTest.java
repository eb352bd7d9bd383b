package io.ottplatform.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchArgsTest {

  private static BenchArgs declared() {
    return BenchArgs.declare("demo", "a benchmark for tests")
        .option("rate", "2000", "requests/s")
        .option("seconds", "10", "measured seconds")
        .option("jfr", "", "a CPU profile");
  }

  @Test
  void defaultsSpaceAndEqualsForms() {
    BenchArgs args = declared().parse("--rate", "500", "--seconds=3");
    assertThat(args.integer("rate")).isEqualTo(500);
    assertThat(args.integer("seconds")).isEqualTo(3);
    assertThat(args.given("jfr")).isFalse();
    assertThat(declared().parse().integer("rate")).isEqualTo(2000);
  }

  @Test
  void everyUnknownKeyIsReportedAtOnceWithTheKnownOnes() {
    assertThatThrownBy(() -> declared().parse("--rat", "5", "--second", "3", "stray"))
        .isInstanceOf(BenchArgs.UsageException.class)
        .hasMessageContaining("unknown option --rat (known: rate, seconds, jfr)")
        .hasMessageContaining("unknown option --second")
        .hasMessageContaining("expected --key value, got 'stray'");
  }

  @Test
  void aBadNumberNamesKeyAndValue() {
    assertThatThrownBy(() -> declared().parse("--rate", "fast").integer("rate"))
        .hasMessage("demo: --rate must be a whole number, not 'fast'");
    assertThatThrownBy(() -> declared().parse("--rate", "0").atLeast("rate", 1))
        .hasMessage("demo: --rate must be a whole number >= 1, not '0'");
  }

  @Test
  void helpListsTheOptionsWithTheirDefaults() {
    assertThatThrownBy(() -> declared().parse("--help"))
        .isInstanceOfSatisfying(BenchArgs.UsageException.class, e -> assertThat(e.help()).isTrue())
        .hasMessageContaining("usage: ott bench demo")
        .hasMessageContaining("--rate").hasMessageContaining("(default 2000)");
  }

  @Test
  void flagsAndPassedThroughArgumentsForTheProgramTheBenchmarkDrives() {
    BenchArgs args = declared().flag("queries-only", "only time the queries").passUnknown()
        .parse("--set", "lake.catalog=x", "--queries-only", "--rate", "5", "--set=kafka.topic=t");
    assertThat(args.bool("queries-only")).isTrue();
    assertThat(args.integer("rate")).isEqualTo(5);
    assertThat(args.rest()).containsExactly("--set", "lake.catalog=x", "--set=kafka.topic=t");
    assertThat(declared().flag("queries-only", "").parse().bool("queries-only")).isFalse();
  }
}
