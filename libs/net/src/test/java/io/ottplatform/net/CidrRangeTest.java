package io.ottplatform.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrRangeTest {

  @Test
  void containsAddressesOfItsNetworkOnly() {
    CidrRange ten = CidrRange.parse("10.0.0.0/8");
    assertThat(ten.contains(CidrRange.literal("10.255.1.2"))).isTrue();
    assertThat(ten.contains(CidrRange.literal("11.0.0.1"))).isFalse();
    assertThat(ten.contains(CidrRange.literal("::1"))).as("IPv6 is never in an IPv4 range").isFalse();
    assertThat(ten.contains(null)).isFalse();

    CidrRange v6 = CidrRange.parse("2001:db8::/32");
    assertThat(v6.contains(CidrRange.literal("2001:db8:ffff::1"))).isTrue();
    assertThat(v6.contains(CidrRange.literal("2001:db9::1"))).isFalse();
  }

  @Test
  void aBareAddressIsAHostRangeAndAnyHostBitsAreMasked() {
    assertThat(CidrRange.parse("127.0.0.1").contains(CidrRange.literal("127.0.0.1"))).isTrue();
    assertThat(CidrRange.parse("127.0.0.1").contains(CidrRange.literal("127.0.0.2"))).isFalse();
    assertThat(CidrRange.parse("::1").contains(CidrRange.literal("[::1]"))).isTrue();
    assertThat(CidrRange.parse("192.168.1.77/24").contains(CidrRange.literal("192.168.1.3"))).isTrue();
    assertThat(CidrRange.parse("0.0.0.0/0").contains(CidrRange.literal("8.8.8.8"))).isTrue();
  }

  @Test
  void refusesWhatIsNotACidrNamingIt() {
    assertThatThrownBy(() -> CidrRange.parse("example.com/8")).hasMessageContaining("example.com/8");
    assertThatThrownBy(() -> CidrRange.parse("10.0.0.0/33")).hasMessageContaining("prefix out of range in CIDR 10.0.0.0/33");
    assertThatThrownBy(() -> CidrRange.parse("::/129")).hasMessageContaining("::/129");
  }

  @Test
  void literalsNeverResolveNames() {
    assertThat(CidrRange.literal("example.com")).as("never a DNS lookup").isNull();
    assertThat(CidrRange.literal("localhost")).isNull();
    assertThat(CidrRange.literal("")).isNull();
    assertThat(CidrRange.literal(null)).isNull();
    assertThat(CidrRange.literal(" 203.0.113.7 ")).hasSize(4);
    assertThat(CidrRange.literal("2001:db8::7")).hasSize(16);
  }
}
