package io.ottplatform.serving.dashboard.resources;

import io.ottplatform.serving.common.ErrorBody;
import io.ottplatform.serving.dashboard.LiveStreams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Duration;

/**
 * {@code GET /v1/dashboard/stream}: the live QoE summary as server-sent events. The page reads it with
 * {@code fetch} (EventSource cannot send the Authorization header; docs/dashboard.md says why no token goes in the
 * URL). At most {@code dashboard.maxStreams} at once: more are refused with 503 and Retry-After.
 */
@Path("/v1/dashboard/stream")
public class DashboardStreamResource {

  private final LiveStreams streams;
  private final StreamBody body;
  private final Duration retryAfter;

  /** What one stream writes; {@link io.ottplatform.serving.dashboard.Dashboard} builds it. */
  public interface StreamBody {
    void write(java.io.OutputStream out) throws java.io.IOException;
  }

  public DashboardStreamResource(LiveStreams streams, StreamBody body, Duration retryAfter) {
    this.streams = streams;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  @GET
  @Produces("text/event-stream")
  @RolesAllowed("analyst")
  public Response stream() {
    if (!streams.tryOpen()) {
      return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
          .header("Retry-After", Math.max(1, retryAfter.toSeconds()))
          .entity(new ErrorBody(503, "too_many_streams", "the dashboard's live streams are all taken ("
              + streams.max() + ", dashboard.maxStreams); retry later"))
          .build();
    }
    StreamingOutput output = out -> {
      try {
        body.write(out);
      } finally {
        streams.closed();
      }
    };
    return Response.ok(output, "text/event-stream")
        .header("Cache-Control", "no-store")
        // nginx and similar proxies would otherwise buffer the stream
        .header("X-Accel-Buffering", "no")
        .build();
  }
}
