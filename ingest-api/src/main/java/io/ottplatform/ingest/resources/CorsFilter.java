package io.ottplatform.ingest.resources;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * CORS for browser players: preflights answered here, and every answer (errors included, so a page can
 * read a 429's Retry-After) carries the allow headers. No credentials: the playback token authorizes,
 * not cookies, so {@code *} is safe.
 */
@PreMatching
public final class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String ALLOW_HEADERS = "Content-Type, Content-Encoding, Authorization";

  private final List<String> allowedOrigins;
  private final long maxAgeSeconds;

  public CorsFilter(List<String> allowedOrigins, long maxAgeSeconds) {
    this.allowedOrigins = List.copyOf(allowedOrigins);
    this.maxAgeSeconds = maxAgeSeconds;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if ("OPTIONS".equals(request.getMethod()) && request.getHeaderString("Access-Control-Request-Method") != null) {
      String origin = allowed(request.getHeaderString("Origin"));
      if (origin == null) {
        request.abortWith(Response.status(403).build());
        return;
      }
      request.abortWith(Response.noContent()
          .header("Access-Control-Allow-Origin", origin)
          .header("Access-Control-Allow-Methods", "POST, OPTIONS")
          .header("Access-Control-Allow-Headers", ALLOW_HEADERS)
          .header("Access-Control-Max-Age", Long.toString(maxAgeSeconds))
          .header("Vary", "Origin")
          .build());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String origin = allowed(request.getHeaderString("Origin"));
    if (origin != null && !response.getHeaders().containsKey("Access-Control-Allow-Origin")) {
      response.getHeaders().add("Access-Control-Allow-Origin", origin);
      response.getHeaders().add("Access-Control-Expose-Headers", "Retry-After");
      response.getHeaders().add("Vary", "Origin");
    }
  }

  private String allowed(String origin) {
    if (origin == null) {
      return null;
    }
    if (allowedOrigins.contains("*")) {
      return "*";
    }
    return allowedOrigins.contains(origin) ? origin : null;
  }
}
