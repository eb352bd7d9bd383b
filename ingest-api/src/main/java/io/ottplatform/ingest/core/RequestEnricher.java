package io.ottplatform.ingest.core;

import io.ottplatform.net.CidrRange;
import io.ottplatform.net.IpAddresses;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What ingest adds to the player's events from the request: the client's network (never its full
 * address), the viewer's country from the CDN's header (believed only when the request came through a
 * trusted proxy, since anyone can set a header), and the device from the User-Agent.
 */
public final class RequestEnricher {

  /** The client as far as we can tell: its address (for rate limiting) and whether a trusted proxy forwarded it. */
  public record Client(byte[] address, boolean viaTrustedProxy) {
    /** The per-client limit's key: an IPv4 address, or an IPv6 client's /64 ({@link IpAddresses#rateLimitKey}). */
    public String rateKey() {
      return address == null ? "unknown" : IpAddresses.rateLimitKey(address);
    }
  }

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private final IpAddresses addresses;
  private final UserAgentClassifier userAgents;
  private final String countryHeader;

  public RequestEnricher(IpAddresses addresses, UserAgentClassifier userAgents, String countryHeader) {
    this.addresses = addresses;
    this.userAgents = userAgents;
    this.countryHeader = countryHeader;
  }

  public String countryHeader() {
    return countryHeader;
  }

  public Client client(String remoteAddr, String forwardedFor) {
    byte[] peer = CidrRange.literal(remoteAddr);
    boolean trusted = peer != null && addresses.isTrusted(peer);
    return new Client(addresses.clientAddress(peer, forwardedFor), trusted);
  }

  public RequestContext context(Instant serverTs, Client client, String countryValue, String userAgent) {
    String country = null;
    if (client.viaTrustedProxy() && countryValue != null) {
      String c = countryValue.trim().toUpperCase(Locale.ROOT);
      // XX and T1 are what CDNs send for unknown and Tor: no country
      if (COUNTRY.matcher(c).matches() && !c.equals("XX") && !c.equals("T1")) {
        country = c;
      }
    }
    return new RequestContext(serverTs, country, IpAddresses.prefix(client.address()), userAgents.classify(userAgent));
  }
}
