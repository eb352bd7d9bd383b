package io.ottplatform.serving.common;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Makes a refusal that never read the request body (a 401 from the auth filter, a 403, 404, 405 or
 * 415) safe for the client's next request on the same keep-alive connection. Jetty closes such a
 * connection when the unread body has not fully arrived by the end of the exchange (a client that
 * writes headers and body separately, as the JDK client does), and without saying so in the response:
 * a client that already picked the connection for its next request then sees it die (GETs are retried
 * by clients, POSTs are not). So a body of up to {@value #MAX_DRAIN} bytes with a length is read and
 * dropped before the refusal is written, and the connection stays usable; a larger or unsized one gets
 * {@code Connection: close}, so no client reuses the connection.
 *
 * <p>The cap is far above any body this API takes (its JSON requests are under a kilobyte) on purpose:
 * an answer written while the client is still sending its body is the case no client handles well (a
 * CI run saw the JDK client's next POST die on a connection refused with 100 KB of body and
 * {@code Connection: close}), so every body a real client sends is drained, and only oversized ones are
 * cut off.
 */
@Priority(Priorities.USER)
public final class UnreadBodyDrain implements ContainerResponseFilter {

  static final int MAX_DRAIN = 1024 * 1024;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() < 400) {
      return;
    }
    InputStream body;
    try {
      if (!request.hasEntity()) {
        return;
      }
      body = request.getEntityStream();
    } catch (IllegalStateException consumed) {
      return; // an entity reader read it and closed the stream (Jersey says so with this exception)
    }
    int length = request.getLength();
    if (length < 0 || length > MAX_DRAIN) {
      response.getHeaders().putSingle("Connection", "close");
      return;
    }
    try (body) {
      byte[] sink = new byte[16 * 1024];
      int total = 0;
      for (int n; total < MAX_DRAIN && (n = body.read(sink)) > 0; ) {
        total += n;
      }
    } catch (IOException gone) {
      // the client went away: nothing is left to drain
    }
  }
}
