package io.ottplatform.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 CIDR range, e.g. {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is /32 or /128. */
public final class CidrRange {

  private final byte[] network;
  private final int prefix;

  private CidrRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  public static CidrRange parse(String cidr) {
    String[] parts = cidr.trim().split("/", 2);
    byte[] address = literal(parts[0]);
    if (address == null) {
      throw new IllegalArgumentException("not an IP address literal in CIDR " + cidr);
    }
    int prefix;
    try {
      prefix = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : address.length * 8;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("prefix is not a number in CIDR " + cidr, e);
    }
    if (prefix < 0 || prefix > address.length * 8) {
      throw new IllegalArgumentException("prefix out of range in CIDR " + cidr);
    }
    return new CidrRange(IpAddresses.truncate(address, prefix), prefix);
  }

  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    byte[] masked = IpAddresses.truncate(address, prefix);
    return java.util.Arrays.equals(masked, network);
  }

  /** Parses an IP literal without ever doing a DNS lookup; {@code null} if it is not one. */
  public static byte[] literal(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (t.isEmpty() || !(t.indexOf(':') >= 0 || t.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
      return null; // a hostname: InetAddress would resolve it
    }
    if (t.indexOf(':') >= 0 && !t.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
      return null;
    }
    try {
      return InetAddress.getByName(t).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
