package io.ottplatform.serving.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** watch.ingestUrl: where the watch page's SDK posts; a URL the SDK cannot use is refused at start. */
class WatchConfigTest {

  private static final Validator VALIDATOR = Validators.newValidator();

  private static Set<ConstraintViolation<WatchConfig>> violations(String url) {
    WatchConfig config = new WatchConfig();
    config.setIngestUrl(url);
    return VALIDATOR.validate(config);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8081", "https://ingest.example.com", "https://example.com/ingest/",
      "http://127.0.0.1:18081"})
  void anAbsoluteHttpUrlIsAccepted(String url) {
    assertThat(violations(url)).as(url).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:8081", "ftp://ingest.example.com", "/v1/events", "https://ingest.example.com?x=1",
      "https://ingest.example.com/#top", "http://"})
  void anythingElseIsRefusedWithTheSettingsName(String url) {
    assertThat(violations(url)).as(url).singleElement()
        .satisfies(v -> assertThat(v.getMessage()).contains("watch.ingestUrl").contains("absolute http or https URL"));
  }

  @Test
  void anEmptyUrlIsRefused() {
    assertThat(violations("")).isNotEmpty();
  }

  @Test
  void theSdksEndpointHasNoTrailingSlash() {
    WatchConfig config = new WatchConfig();
    config.setIngestUrl("https://example.com/ingest/");
    assertThat(config.endpoint()).isEqualTo("https://example.com/ingest");
    assertThat(new WatchConfigResource(config).config())
        .isEqualTo(new WatchPageConfig("https://example.com/ingest", "/sdk/ott-player-sdk.iife.js"));
  }
}
