package io.ottplatform.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpAddressesTest {

  private final IpAddresses behindCdn = new IpAddresses(List.of(CidrRange.parse("10.0.0.0/8"), CidrRange.parse("::1")));

  private String client(String peer, String forwardedFor) {
    return IpAddresses.prefix(behindCdn.clientAddress(CidrRange.literal(peer), forwardedFor));
  }

  @Test
  void truncatesAddressesToTheirNetwork() {
    assertThat(IpAddresses.prefix(CidrRange.literal("203.0.113.77"))).isEqualTo("203.0.113.0/24");
    assertThat(IpAddresses.prefix(CidrRange.literal("2001:db8:abcd:12:1:2:3:4"))).isEqualTo("2001:db8:abcd::/48");
    assertThat(IpAddresses.prefix(null)).isNull();
  }

  @Test
  void anIpv6ClientIsRateLimitedByItsSlash64AndAnIpv4ClientByItsWholeAddress() {
    assertThat(IpAddresses.rateLimitKey(CidrRange.literal("2001:db8:abcd:12:1:2:3:4")))
        .isEqualTo("2001:db8:abcd:12::/64")
        .as("another interface id in the same /64 is the same client")
        .isEqualTo(IpAddresses.rateLimitKey(CidrRange.literal("2001:db8:abcd:12:ffff:ffff:ffff:fffe")));
    assertThat(IpAddresses.rateLimitKey(CidrRange.literal("2001:db8:abcd:13::1"))).as("the next /64")
        .isEqualTo("2001:db8:abcd:13::/64");
    assertThat(IpAddresses.rateLimitKey(CidrRange.literal("2001:db8::1"))).isEqualTo("2001:db8::/64");
    assertThat(IpAddresses.rateLimitKey(CidrRange.literal("::1"))).isEqualTo("::/64");
    assertThat(IpAddresses.rateLimitKey(CidrRange.literal("0:0:0:1:ffff::1"))).isEqualTo("0:0:0:1::/64");
    assertThat(IpAddresses.ipv6Text(CidrRange.literal("2001:0:0:1:0:0:0:1"))).as("the longer zero run is ::")
        .isEqualTo("2001:0:0:1::1");
    assertThat(IpAddresses.rateLimitKey(CidrRange.literal("203.0.113.77"))).as("IPv4: the address, unchanged")
        .isEqualTo("203.0.113.77")
        .isNotEqualTo(IpAddresses.rateLimitKey(CidrRange.literal("203.0.113.78")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IpAddresses.rateLimitKey(new byte[5]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 bytes");
  }

  @Test
  void truncateLeavesItsArgumentAlone() {
    byte[] address = CidrRange.literal("2001:db8:abcd:12:1:2:3:4");
    byte[] before = address.clone();
    IpAddresses.truncate(address, 64);
    assertThat(address).isEqualTo(before);
  }

  @Test
  void believesForwardedForOnlyFromATrustedPeerAndTakesTheRightMostUntrustedHop() {
    assertThat(client("10.1.2.3", "1.2.3.4, 198.51.100.23, 10.9.9.9")).isEqualTo("198.51.100.0/24");
    assertThat(client("203.0.113.9", "198.51.100.23")).as("an untrusted peer's header is ignored")
        .isEqualTo("203.0.113.0/24");
    assertThat(client("::1", "2001:db8:1:2::9")).isEqualTo("2001:db8:1::/48");
    assertThat(client("10.1.2.3", null)).isEqualTo("10.1.2.0/24");
  }

  @Test
  void stopsAtAHopThatIsNotAnAddress() {
    assertThat(client("10.1.2.3", "198.51.100.23, unknown")).as("the peer, not a client-written name")
        .isEqualTo("10.1.2.0/24");
    assertThat(client("10.1.2.3", "10.2.2.2, 10.3.3.3")).as("all hops trusted: the left-most").isEqualTo("10.2.2.0/24");
  }
}
