package io.ottplatform.serving.common;

import io.ottplatform.net.CidrRange;
import io.ottplatform.net.IpAddresses;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The viewer's country from the CDN's header, believed only when the TCP peer is one of the
 * trusted proxies; otherwise (or when absent or malformed) the fallback, possibly "unknown".
 * Trusted networks are parsed and matched by libs/net, as ingest-api does.
 */
public final class ViewerCountryResolver {

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private final IpAddresses trusted;
  private final Optional<String> fallback;

  public ViewerCountryResolver(List<String> trustedCidrs, String fallbackCountry) {
    this.trusted = new IpAddresses(trustedCidrs.stream().map(CidrRange::parse).toList());
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
    byte[] addr = CidrRange.literal(peerAddress);
    return addr != null && trusted.isTrusted(addr);
  }
}
