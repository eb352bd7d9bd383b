package io.ottplatform.serving.playback.resources;

import io.ottplatform.media.keys.ContentKeys;
import io.ottplatform.serving.accounts.auth.Public;
import io.ottplatform.serving.catalog.db.MediaAssetRow;
import io.ottplatform.serving.catalog.db.MediaDao;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.playback.PipelineKeys;
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
import java.util.Optional;

/**
 * Key delivery, protected by the signed token of the playback grant (scoped to {@code keys/<titleId>}):
 * the HLS AES-128 key as 16 raw bytes, and a W3C EME Clear Key license. A title media-pipeline packaged has its
 * keys in {@code media_content_keys} (wrapped; {@link PipelineKeys}): its HLS key and its CENC key with its kid.
 * Other titles (a hand-packaged folder) keep the plain key of their media asset row.
 */
@Path("/v1/keys")
public class KeyResource {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final MediaDao media;
  private final UrlSigner signer;
  private final PipelineKeys pipelineKeys;

  public KeyResource(MediaDao media, UrlSigner signer, PipelineKeys pipelineKeys) {
    this.media = media;
    this.signer = signer;
    this.pipelineKeys = pipelineKeys;
  }

  /** One title's key id, HLS key and Clear Key (CENC) key, wherever they are stored. */
  private record TitleKeys(byte[] keyId, byte[] hlsKey, byte[] cencKey) {}

  @GET
  @Path("/hls/{titleId}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Public
  public Response hlsKey(@PathParam("titleId") String titleId, @QueryParam("token") String token) {
    TitleKeys keys = authorized(titleId, token);
    return Response.ok(keys.hlsKey()).header("Cache-Control", "no-store").build();
  }

  @POST
  @Path("/clearkey/{titleId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Public
  public Response clearKey(@PathParam("titleId") String titleId, @QueryParam("token") String token,
      @NotNull @Valid ClearKeyRequest request) {
    TitleKeys keys = authorized(titleId, token);
    String kid = B64URL.encodeToString(keys.keyId());
    if (!request.kids().contains(kid)) {
      throw ApiException.notFound("key id", String.join(",", request.kids()));
    }
    ClearKeyResponse license = new ClearKeyResponse(
        List.of(new ClearKeyResponse.Key("oct", B64URL.encodeToString(keys.cencKey()), kid)),
        request.type() == null ? "temporary" : request.type());
    return Response.ok(license).header("Cache-Control", "no-store").build();
  }

  private TitleKeys authorized(String titleId, String token) {
    switch (signer.verify(token, PlaybackService.keyAcl(titleId))) {
      case VALID -> { }
      case EXPIRED -> throw new ApiException(403, "token_expired", "the key token expired");
      case OUT_OF_SCOPE -> throw new ApiException(403, "token_out_of_scope", "the token is for another title");
      default -> throw new ApiException(403, "invalid_token", "a valid key token is required");
    }
    Optional<ContentKeys> packaged = pipelineKeys.find(titleId);
    if (packaged.isPresent()) {
      ContentKeys k = packaged.get();
      return new TitleKeys(k.kid(), k.hlsKey(), k.cencKey());
    }
    MediaAssetRow asset = media.find(titleId).orElseThrow(() -> ApiException.notFound("key", titleId));
    return new TitleKeys(asset.keyId(), asset.contentKey(), asset.contentKey());
  }
}
