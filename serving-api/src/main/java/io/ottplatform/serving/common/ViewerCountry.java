package io.ottplatform.serving.common;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** Reads the viewer's country for a request: the CDN header, believed only from a trusted proxy. */
public final class ViewerCountry {

  private final ViewerCountryResolver resolver;
  private final String header;

  public ViewerCountry(ViewerCountryResolver resolver, String header) {
    this.resolver = resolver;
    this.header = header;
  }

  public Optional<String> of(HttpServletRequest request) {
    return resolver.resolve(request.getRemoteAddr(), request.getHeader(header));
  }
}
