package io.ottplatform.serving.common;

import io.ottplatform.serving.accounts.auth.Public;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3 description, a hand-written file: swagger's Jersey integration does not line up
 * with Dropwizard 5 (Jakarta EE 10, Jersey 3.1), and a static file also keeps the contract reviewable.
 */
@Path("/openapi.yaml")
public class OpenApiResource {

  private final byte[] document;

  public OpenApiResource() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml missing from the classpath");
      }
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GET
  @Public
  @Produces("application/yaml")
  public byte[] document() {
    return document;
  }
}
