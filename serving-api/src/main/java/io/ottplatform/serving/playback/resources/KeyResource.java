package io.ottplatform.serving.playback.resources;

import io.ottplatform.serving.accounts.auth.Public;
import io.ottplatform.serving.catalog.db.MediaAssetRow;
import io.ottplatform.serving.catalog.db.MediaDao;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.playback.PlaybackService;
import io.ottplatform.serving.playback.UrlSigner;
import io.ottplatform.serving.playback.api.ClearKeyRequest;
import io.ottplatform.serving.playback.api.ClearKeyResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import java.util.List;

/**
 * Key delivery, protected by the signed token of the playback grant (scoped to {@code keys/<titleId>}):
 * the HLS AES-128 key as 16 raw bytes, and a W3C EME Clear Key license.
 */
@Path("/v1/keys")
public class KeyResource {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final MediaDao media;
  private final UrlSigner signer;

  public KeyResource(MediaDao media, UrlSigner signer) {
    this.media = media;
    this.signer = signer;
  }

  @GET
  @Path("/hls/{titleId}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Public
  public Response hlsKey(@PathParam("titleId") String titleId, @QueryParam("token") String token) {
    MediaAssetRow asset = authorized(titleId, token);
    return Response.ok(asset.contentKey()).header("Cache-Control", "no-store").build();
  }

  @POST
  @Path("/clearkey/{titleId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Public
  public Response clearKey(@PathParam("titleId") String titleId, @QueryParam("token") String token,
      @NotNull @Valid ClearKeyRequest request) {
    MediaAssetRow asset = authorized(titleId, token);
    String kid = B64URL.encodeToString(asset.keyId());
    if (!request.kids().contains(kid)) {
      throw ApiException.notFound("key id", String.join(",", request.kids()));
    }
    ClearKeyResponse license = new ClearKeyResponse(
        List.of(new ClearKeyResponse.Key("oct", B64URL.encodeToString(asset.contentKey()), kid)),
        request.type() == null ? "temporary" : request.type());
    return Response.ok(license).header("Cache-Control", "no-store").build();
  }

  private MediaAssetRow authorized(String titleId, String token) {
    switch (signer.verify(token, PlaybackService.keyAcl(titleId))) {
      case VALID -> { }
      case EXPIRED -> throw new ApiException(403, "token_expired", "the key token expired");
      case OUT_OF_SCOPE -> throw new ApiException(403, "token_out_of_scope", "the token is for another title");
      default -> throw new ApiException(403, "invalid_token", "a valid key token is required");
    }
    return media.find(titleId).orElseThrow(() -> ApiException.notFound("key", titleId));
  }
}
