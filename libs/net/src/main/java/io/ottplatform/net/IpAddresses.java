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

  public static byte[] truncate(byte[] address, int bits) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - keep)));
    }
    return out;
  }
}
