package io.ottplatform.ingest.core;

import io.ottplatform.net.CidrRange;
import io.ottplatform.net.IpAddresses;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RequestEnricherTest {

  static RequestEnricher enricher;

  @BeforeAll
  static void analyzer() {
    enricher = new RequestEnricher(new IpAddresses(List.of(CidrRange.parse("10.0.0.0/8"), CidrRange.parse("::1"))),
        new UserAgentClassifier(100), "CloudFront-Viewer-Country");
  }

  @Test
  void truncatesAddressesToTheirNetwork() {
    assertThat(IpAddresses.prefix(CidrRange.literal("203.0.113.77"))).isEqualTo("203.0.113.0/24");
    assertThat(IpAddresses.prefix(CidrRange.literal("2001:db8:abcd:12:1:2:3:4"))).isEqualTo("2001:db8:abcd::/48");
    assertThat(CidrRange.literal("example.com")).as("never a DNS lookup").isNull();
  }

  @Test
  void rateLimitsAnIpv6ClientByItsSlash64SoNewInterfaceIdsAreNoNewBuckets() {
    RequestEnricher.Client one = enricher.client("2001:db8:abcd:12::1", null);
    RequestEnricher.Client sameSubscriber = enricher.client("2001:db8:abcd:12:9f3e:11ff:fe00:7", null);
    RequestEnricher.Client nextNetwork = enricher.client("2001:db8:abcd:13::1", null);
    assertThat(one.rateKey()).isEqualTo("2001:db8:abcd:12::/64").isEqualTo(sameSubscriber.rateKey())
        .isNotEqualTo(nextNetwork.rateKey());
    assertThat(enricher.client("::1", "2001:db8:1:2:3:4:5:6").rateKey()).as("behind a trusted proxy")
        .isEqualTo("2001:db8:1:2::/64");
    assertThat(enricher.client("203.0.113.9", null).rateKey()).as("IPv4: the whole address")
        .isEqualTo("203.0.113.9").isNotEqualTo(enricher.client("203.0.113.10", null).rateKey());
  }

  @Test
  void believesForwardedForAndCountryOnlyFromTrustedProxies() {
    RequestEnricher.Client viaCdn = enricher.client("10.1.2.3", "1.2.3.4, 198.51.100.23, 10.9.9.9");
    RequestContext ctx = enricher.context(Instant.EPOCH, viaCdn, "nl", null);
    assertThat(ctx.clientIpPrefix()).as("right-most untrusted hop").isEqualTo("198.51.100.0/24");
    assertThat(ctx.country()).isEqualTo("NL");

    RequestEnricher.Client direct = enricher.client("203.0.113.9", "198.51.100.23");
    RequestContext spoofed = enricher.context(Instant.EPOCH, direct, "NL", null);
    assertThat(spoofed.clientIpPrefix()).isEqualTo("203.0.113.0/24");
    assertThat(spoofed.country()).as("a header from anyone is not a country").isNull();

    assertThat(enricher.context(Instant.EPOCH, viaCdn, "XX", null).country()).isNull();
    assertThat(enricher.context(Instant.EPOCH, viaCdn, "Netherlands", null).country()).isNull();
  }

  @Test
  void classifiesDevicesFromTheUserAgent() {
    var chrome = enricher.context(Instant.EPOCH, enricher.client("10.0.0.1", null), null,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
        .userAgent();
    assertThat(chrome.deviceType()).isEqualTo("desktop");
    assertThat(chrome.os()).isEqualTo("Windows NT");
    assertThat(chrome.browser()).isEqualTo("Chrome");

    var phone = enricher.context(Instant.EPOCH, enricher.client("10.0.0.1", null), null,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")
        .userAgent();
    assertThat(phone.deviceType()).isEqualTo("mobile");
    assertThat(phone.os()).isEqualTo("iOS");

    var tv = enricher.context(Instant.EPOCH, enricher.client("10.0.0.1", null), null,
        "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) 4.0 TV Safari/537.36")
        .userAgent();
    assertThat(tv.deviceType()).isEqualTo("tv");

    assertThat(enricher.context(Instant.EPOCH, enricher.client("10.0.0.1", null), null, null).userAgent())
        .isEqualTo(UserAgentClassifier.Classification.UNKNOWN);
  }
}
