package io.ottplatform.serving.playback.resources;

import io.ottplatform.media.keys.ContentKeys;
import io.ottplatform.serving.accounts.auth.Public;
import io.ottplatform.serving.catalog.db.MediaAssetRow;
import io.ottplatform.serving.catalog.db.MediaDao;
import io.ottplatform.serving.common.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.serving.playback.PipelineKeys;
import io.ottplatform.serving.playback.PlaybackSessions;
import io.ottplatform.serving.playback.SessionUrls;
import io.ottplatform.serving.playback.UrlSigner;
import io.ottplatform.serving.playback.api.ClearKeyRequest;
import io.ottplatform.serving.playback.api.ClearKeyResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Key delivery, protected by the key token of a playback session (purpose KEY, scoped to {@code keys/<titleId>},
 * naming the session, profile, device and title), re-checked at key time by {@link PlaybackSessions#checkForKey}:
 * the HLS AES-128 key as 16 raw bytes, and a W3C EME Clear Key license. A title media-pipeline packaged has its
 * keys in {@code media_content_keys} (wrapped; {@link PipelineKeys}): its HLS key and its CENC key with its kid.
 * A title pointed at another title's published folder gets that title's pipeline keys ({@link #folderOwner}); other
 * titles (a hand-packaged folder) keep the plain key of their media asset row.
 */
@Path("/v1/keys")
public class KeyResource {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MediaDao media;
  private final UrlSigner signer;
  private final PlaybackSessions sessions;
  private final PipelineKeys pipelineKeys;

  public KeyResource(MediaDao media, UrlSigner signer, PlaybackSessions sessions, PipelineKeys pipelineKeys) {
    this.media = media;
    this.signer = signer;
    this.sessions = sessions;
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

  /**
   * The body is the EME Clear Key licence request as the CDM wrote it ({@code {"kids":[..],"type":..}}); players
   * POST it with whatever content type they like (dash.js and shaka-player differ), so any is accepted.
   */
  @POST
  @Path("/clearkey/{titleId}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Public
  public Response clearKey(@PathParam("titleId") String titleId, @QueryParam("token") String token, byte[] body) {
    TitleKeys keys = authorized(titleId, token);
    ClearKeyRequest request = licenceRequest(body);
    String kid = B64URL.encodeToString(keys.keyId());
    if (!request.kids().contains(kid)) {
      throw ApiException.notFound("key id", String.join(",", request.kids()));
    }
    ClearKeyResponse license = new ClearKeyResponse(
        List.of(new ClearKeyResponse.Key("oct", B64URL.encodeToString(keys.cencKey()), kid)),
        request.type() == null ? "temporary" : request.type());
    return Response.ok(license).header("Cache-Control", "no-store").build();
  }

  private static ClearKeyRequest licenceRequest(byte[] body) {
    JsonNode json;
    try {
      json = body == null || body.length == 0 || body.length > 16_384 ? null : JSON.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.path("kids").isArray() || json.path("kids").isEmpty()) {
      throw ApiException.badRequest("invalid_license_request",
          "a Clear Key licence request is JSON {\"kids\":[\"<base64url key id>\",...]}");
    }
    if (json.path("kids").size() > 16) {
      throw ApiException.badRequest("invalid_license_request", "at most 16 key ids, got " + json.path("kids").size());
    }
    List<String> kids = new ArrayList<>();
    json.path("kids").forEach(k -> kids.add(k.asText()));
    String type = json.path("type").isMissingNode() || json.path("type").isNull() ? null : json.path("type").asText();
    if (type != null && !type.equals("temporary") && !type.equals("persistent-license")) {
      throw ApiException.badRequest("invalid_license_request",
          "type must be temporary or persistent-license, got '" + type + "'");
    }
    return new ClearKeyRequest(kids, type);
  }

  private TitleKeys authorized(String titleId, String token) {
    UrlSigner.Verification v = signer.verify(UrlSigner.Purpose.KEY, token, SessionUrls.keyAcl(titleId));
    switch (v.verdict()) {
      case VALID -> { }
      case EXPIRED -> throw new ApiException(403, "token_expired", "the key token expired at "
          + v.claims().orElseThrow().expiresAt() + "; renew the playback session or ask /v1/playback again");
      case OUT_OF_SCOPE -> throw new ApiException(403, "token_out_of_scope", "the key token is for title "
          + v.claims().orElseThrow().titleId() + ", not " + titleId);
      default -> throw new ApiException(403, "invalid_token", "a valid key token is required");
    }
    sessions.checkForKey(v.claims().orElseThrow());
    Optional<ContentKeys> packaged = pipelineKeys.find(titleId);
    if (packaged.isPresent()) {
      ContentKeys k = packaged.get();
      return new TitleKeys(k.kid(), k.hlsKey(), k.cencKey());
    }
    MediaAssetRow asset = media.find(titleId).orElseThrow(() -> ApiException.notFound("key", titleId));
    Optional<ContentKeys> folders = folderOwner(asset).flatMap(pipelineKeys::find);
    if (folders.isPresent()) {
      ContentKeys k = folders.get();
      return new TitleKeys(k.kid(), k.hlsKey(), k.cencKey());
    }
    return new TitleKeys(asset.keyId(), asset.contentKey(), asset.contentKey());
  }

  /**
   * The title whose published folder this asset points at, when it is another title's: the pipeline publishes a
   * title at {@code <titleId>} of the origin, encrypted with that title's keys, so a title an editor pointed at that
   * folder ({@code PUT .../media}, e.g. the demo's titles without a clip of their own) plays it with those keys. The
   * viewer's session is this title's; the keys open nothing but the folder the editor attached to it.
   */
  private static Optional<String> folderOwner(MediaAssetRow asset) {
    String path = asset.mediaPath();
    return path.equals(asset.titleId()) || path.contains("/") ? Optional.empty() : Optional.of(path);
  }
}
