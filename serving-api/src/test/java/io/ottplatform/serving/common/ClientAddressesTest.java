package io.ottplatform.serving.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

  private final ClientAddresses clients = new ClientAddresses(List.of("10.0.0.0/8", "fd00::/8"));

  @Test
  void anUntrustedPeerIsTheClientWhateverItForwards() {
    assertThat(clients.key("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
  }

  @Test
  void behindATrustedProxyTheRightmostUntrustedHopIsTheClient() {
    assertThat(clients.key("10.1.2.3", "1.2.3.4, 203.0.113.9, 10.9.9.9")).isEqualTo("203.0.113.9");
    assertThat(clients.key("10.1.2.3", null)).as("no header: the proxy itself").isEqualTo("10.1.2.3");
  }

  @Test
  void anIpv6ClientIsKeyedByItsSlash64() {
    assertThat(clients.key("2001:db8:1:2:aaaa::1", null)).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(clients.key("2001:db8:1:2:bbbb::7", null)).isEqualTo(clients.key("2001:db8:1:2:aaaa::1", null));
    assertThat(clients.key("not-an-address", null)).isEqualTo("unknown");
  }
}
