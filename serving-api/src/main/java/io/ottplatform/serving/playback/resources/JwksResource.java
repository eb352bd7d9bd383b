package io.ottplatform.serving.playback.resources;

import io.ottplatform.serving.accounts.auth.Public;
import io.ottplatform.serving.playback.PlaybackTokenIssuer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Public keys of the playback token, for ingest-api (docs/playback-token.md). */
@Path("/.well-known/jwks.json")
public class JwksResource {

  private final Map<String, Object> jwks;

  public JwksResource(PlaybackTokenIssuer issuer) {
    this.jwks = issuer.publicJwks();
  }

  @GET
  @Public
  @Produces("application/jwk-set+json")
  public Response jwks() {
    return Response.ok(jwks).header("Cache-Control", "public, max-age=300").build();
  }
}
