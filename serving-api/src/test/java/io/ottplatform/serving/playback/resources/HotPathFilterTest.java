package io.ottplatform.serving.playback.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the fast path takes on itself; everything else must reach Jersey, which owns content
 * negotiation (406, 415). The end-to-end equivalence is in ServingApiIT.
 */
class HotPathFilterTest {

  @Test
  void answersOnlyPlainJsonOrWildcardAccepts() {
    assertThat(HotPathFilter.acceptsJson(null)).isTrue();
    assertThat(HotPathFilter.acceptsJson("application/json")).isTrue();
    assertThat(HotPathFilter.acceptsJson("*/*")).isTrue();
    assertThat(HotPathFilter.acceptsJson("text/html, Application/JSON")).isTrue();

    assertThat(HotPathFilter.acceptsJson("text/html")).isFalse();
    assertThat(HotPathFilter.acceptsJson("application/json;q=0, */*")).as("parameters go to Jersey").isFalse();
    assertThat(HotPathFilter.acceptsJson("application/xml")).isFalse();
  }

  @Test
  void takesOnlyJsonBodiesInUtf8() {
    assertThat(HotPathFilter.isJson("application/json")).isTrue();
    assertThat(HotPathFilter.isJson("application/json; charset=UTF-8")).isTrue();

    assertThat(HotPathFilter.isJson(null)).isFalse();
    assertThat(HotPathFilter.isJson("application/json; charset=ISO-8859-1")).isFalse();
    assertThat(HotPathFilter.isJson("text/plain")).isFalse();
    assertThat(HotPathFilter.isJson("application/x-www-form-urlencoded")).isFalse();
  }
}
