package io.ottplatform.serving.media.resources;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * {@code Tus-Resumable} on every answer of the upload endpoint, refusals included (401, 404, 409, 413, 460),
 * as tus 1.0 asks; a 412 for a wrong version also names the version spoken.
 */
public final class TusHeaders implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getUriInfo().getPath().startsWith("v1/admin/uploads")) {
      response.getHeaders().putSingle("Tus-Resumable", UploadResource.VERSION);
      if (response.getStatus() == 412) {
        response.getHeaders().putSingle("Tus-Version", UploadResource.VERSION);
      }
    }
  }
}
