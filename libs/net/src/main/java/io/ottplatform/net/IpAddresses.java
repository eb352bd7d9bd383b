package io.ottplatform.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Finds the client's address behind trusted proxies and truncates it: the raw IP is never stored, only
 * its /24 (IPv4) or /48 (IPv6) network, which is what geo and abuse analysis need without naming a
 * household.
 */
public final class IpAddresses {

  /** An IPv6 client's rate-limit key is its /64: the smallest network one subscriber is handed. */
  public static final int RATE_LIMIT_IPV6_BITS = 64;

  private final List<CidrRange> trusted;

  public IpAddresses(List<CidrRange> trusted) {
    this.trusted = trusted;
  }

  public boolean isTrusted(byte[] address) {
    for (CidrRange r : trusted) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client address: the peer's, unless the peer is a trusted proxy, in which case the right-most
   * address of {@code X-Forwarded-For} that is not itself a trusted proxy (the left part is client-written
   * and could be anything).
   */
  public byte[] clientAddress(byte[] peer, String forwardedFor) {
    if (peer == null || forwardedFor == null || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    byte[] client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      byte[] hop = CidrRange.literal(hops[i]);
      if (hop == null) {
        break;
      }
      client = hop;
      if (!isTrusted(hop)) {
        break;
      }
    }
    return client;
  }

  /** {@code 198.51.100.0/24} or {@code 2001:db8:1::/48}. */
  public static String prefix(byte[] address) {
    if (address == null) {
      return null;
    }
    int bits = address.length == 4 ? 24 : 48;
    try {
      String network = InetAddress.getByAddress(truncate(address, bits)).getHostAddress();
      if (address.length == 16) {
        network = network.replaceAll("(:0)+$", "::").replaceFirst(":::", "::");
      }
      return network + "/" + bits;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + address.length + " bytes", e);
    }
  }

  /**
   * The key a per-client rate limit counts under: an IPv4 address whole, an IPv6 address by its /64
   * ({@code 2001:db8:1:2::/64}). One subscriber is handed a whole /64 (RFC 6177, RFC 7934), so keying
   * the full IPv6 address would give one client 2^64 fresh buckets; an IPv4 address is shared (CGNAT)
   * often enough that a coarser key would make neighbours pay for each other.
   *
   * @throws IllegalArgumentException for a length that is not 4 or 16 bytes, naming the length
   */
  public static String rateLimitKey(byte[] address) {
    if (address == null || (address.length != 4 && address.length != 16)) {
      throw new IllegalArgumentException("not an IP address: "
          + (address == null ? "null" : address.length + " bytes"));
    }
    if (address.length == 4) {
      return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }
    return ipv6Text(truncate(address, RATE_LIMIT_IPV6_BITS)) + "/" + RATE_LIMIT_IPV6_BITS;
  }

  /** RFC 5952's text: lower-case groups without leading zeros, the longest run of two or more zero groups as {@code ::}. */
  static String ipv6Text(byte[] address) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  /** The first {@code bits} bits of {@code address}, the rest zero; the argument is not changed. */
  public static byte[] truncate(byte[] address, int bits) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - keep)));
    }
    return out;
  }
}
