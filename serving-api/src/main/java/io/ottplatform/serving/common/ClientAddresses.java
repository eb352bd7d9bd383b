package io.ottplatform.serving.common;

import io.ottplatform.net.CidrRange;
import io.ottplatform.net.IpAddresses;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The client's address as rate limits and throttles key it: the TCP peer, or behind a trusted proxy
 * (the same trusted networks as the viewer country) the right-most untrusted {@code X-Forwarded-For}
 * hop, resolved by libs/net as ingest-api does. An IPv6 client is keyed by its /64, which one
 * subscriber holds whole: keying the full address would give them 2^64 fresh buckets.
 */
public final class ClientAddresses {

  private final IpAddresses addresses;

  public ClientAddresses(List<String> trustedCidrs) {
    this.addresses = new IpAddresses(trustedCidrs.stream().map(CidrRange::parse).toList());
  }

  public String key(HttpServletRequest request) {
    return key(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
  }

  public String key(String peer, String forwardedFor) {
    byte[] peerBytes = peer == null ? null : CidrRange.literal(peer);
    if (peerBytes == null) {
      return "unknown";
    }
    byte[] client = addresses.clientAddress(peerBytes, forwardedFor);
    try {
      if (client.length == 16) {
        return InetAddress.getByAddress(IpAddresses.truncate(client, 64)).getHostAddress() + "/64";
      }
      return InetAddress.getByAddress(client).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not an address: " + client.length + " bytes", e);
    }
  }
}
