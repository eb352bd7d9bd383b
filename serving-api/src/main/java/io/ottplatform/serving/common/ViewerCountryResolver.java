package io.ottplatform.serving.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The viewer's country from the CDN's header, believed only when the TCP peer is one of the
 * trusted proxies; otherwise (or when absent or malformed) the fallback, possibly "unknown".
 */
public final class ViewerCountryResolver {

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private final List<Cidr> trusted;
  private final Optional<String> fallback;

  public ViewerCountryResolver(List<String> trustedCidrs, String fallbackCountry) {
    this.trusted = trustedCidrs.stream().map(Cidr::parse).toList();
    this.fallback = fallbackCountry == null || fallbackCountry.isEmpty() ? Optional.empty() : Optional.of(fallbackCountry);
  }

  public Optional<String> resolve(String peerAddress, String headerValue) {
    if (headerValue != null && peerAddress != null && isTrusted(peerAddress)) {
      String c = headerValue.trim().toUpperCase(Locale.ROOT);
      if (COUNTRY.matcher(c).matches()) {
        return Optional.of(c);
      }
    }
    return fallback;
  }

  boolean isTrusted(String peerAddress) {
    byte[] addr = Cidr.literal(peerAddress);
    return addr != null && trusted.stream().anyMatch(c -> c.contains(addr));
  }

  /** An IPv4 or IPv6 network. */
  record Cidr(byte[] network, int prefix) {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.\\[\\]%]+");

    static Cidr parse(String cidr) {
      String[] parts = cidr.trim().split("/");
      byte[] net = literal(parts[0]);
      if (net == null) {
        throw new IllegalArgumentException("not an IP literal in CIDR: " + cidr);
      }
      int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : net.length * 8;
      if (prefix < 0 || prefix > net.length * 8) {
        throw new IllegalArgumentException("bad prefix length in CIDR: " + cidr);
      }
      return new Cidr(net, prefix);
    }

    /** Parses only IP literals (never a DNS lookup). */
    static byte[] literal(String s) {
      if (s == null || s.isEmpty() || !IP_LITERAL.matcher(s).matches()) { // String.matches would compile per request
        return null;
      }
      try {
        return InetAddress.getByName(s.replace("[", "").replace("]", "")).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }

    boolean contains(byte[] addr) {
      if (addr.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (addr[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (addr[full] & mask) == (network[full] & mask);
    }
  }
}
