package io.ottplatform.serving.playback;

import java.time.Instant;

/**
 * The signed URLs of one playback session: manifests under a media token ({@code /media/<token>/<mediaPath>/...}),
 * the HLS key and the Clear Key licence under a key token. Both tokens name the session, profile, device and title
 * and expire together; the grant and every renewal make a new set.
 */
public final class SessionUrls {

  /** One set of URLs; {@code mediaToken} is the path segment a player swaps in after a renewal. */
  public record Urls(String hlsUrl, String dashUrl, String hlsKeyUrl, String clearKeyLicenseUrl, String mediaToken,
      Instant expiresAt) {}

  private final UrlSigner signer;
  private final String baseUrl;

  public SessionUrls(UrlSigner signer, String baseUrl) {
    this.signer = signer;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public Urls sign(String sessionId, String profileId, String deviceId, String titleId, String mediaPath,
      Instant expiresAt) {
    String mediaToken = signer.sign(new UrlSigner.Claims(UrlSigner.Purpose.MEDIA, expiresAt, sessionId, profileId,
        deviceId, titleId, mediaPath + "/*"));
    String mediaBase = baseUrl + "/media/" + mediaToken + "/" + mediaPath;
    String keyToken = keyToken(sessionId, profileId, deviceId, titleId, expiresAt);
    return new Urls(mediaBase + "/master.m3u8", mediaBase + "/manifest.mpd", hlsKeyUrl(titleId, keyToken),
        baseUrl + "/v1/keys/clearkey/" + titleId + "?token=" + keyToken, mediaToken, expiresAt);
  }

  /** The HLS key URL of a title under a key token (also what the origin writes into a playlist's EXT-X-KEY). */
  public String hlsKeyUrl(String titleId, String keyToken) {
    return baseUrl + "/v1/keys/hls/" + titleId + "?token=" + keyToken;
  }

  /** A key token for the same session as a media token's claims, expiring with it. */
  public String keyTokenFor(UrlSigner.Claims media) {
    return keyToken(media.sessionId(), media.profileId(), media.deviceId(), media.titleId(), media.expiresAt());
  }

  private String keyToken(String sessionId, String profileId, String deviceId, String titleId, Instant expiresAt) {
    // base64url and '.' only: safe in a query string as it is
    return signer.sign(new UrlSigner.Claims(UrlSigner.Purpose.KEY, expiresAt, sessionId, profileId, deviceId, titleId,
        keyAcl(titleId)));
  }

  /** The path a key token is scoped to. */
  public static String keyAcl(String titleId) {
    return "keys/" + titleId;
  }
}
