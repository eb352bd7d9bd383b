package io.ottplatform.serving.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ViewerCountryResolverTest {

  private final ViewerCountryResolver resolver = new ViewerCountryResolver(List.of("10.0.0.0/8", "2001:db8::/32"), "");

  @Test
  void believesTheHeaderOnlyFromTrustedProxies() {
    assertThat(resolver.resolve("10.1.2.3", "de")).contains("DE");
    assertThat(resolver.resolve("2001:db8::1", "FR")).contains("FR");
    assertThat(resolver.resolve("192.168.1.1", "DE")).as("spoofed by a client").isEmpty();
    assertThat(resolver.resolve("11.0.0.1", "DE")).isEmpty();
  }

  @Test
  void malformedHeadersAndAddressesFallBack() {
    ViewerCountryResolver withFallback = new ViewerCountryResolver(List.of("10.0.0.0/8"), "US");
    assertThat(withFallback.resolve("10.1.2.3", "DEU")).contains("US");
    assertThat(withFallback.resolve("10.1.2.3", "' OR 1=1")).contains("US");
    assertThat(withFallback.resolve("not-an-ip.example", "DE")).contains("US");
    assertThat(withFallback.resolve("10.1.2.3", null)).contains("US");
  }

  @Test
  void prefixesThatAreNotByteAlignedMatchExactly() {
    ViewerCountryResolver r = new ViewerCountryResolver(List.of("172.16.0.0/12"), "");
    assertThat(r.resolve("172.31.255.255", "SE")).contains("SE");
    assertThat(r.resolve("172.32.0.1", "SE")).isEmpty();
  }
}
