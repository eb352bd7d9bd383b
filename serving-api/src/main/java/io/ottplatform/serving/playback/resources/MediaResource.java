package io.ottplatform.serving.playback.resources;

import io.ottplatform.serving.accounts.auth.Public;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.playback.HlsKeyRewriter;
import io.ottplatform.serving.playback.PlaybackSessions;
import io.ottplatform.serving.playback.SessionUrls;
import io.ottplatform.serving.playback.UrlSigner;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The origin: packaged media under the origin directory, served only with a valid signed token in
 * the path ({@code /media/<token>/<asset path>}). The path is checked segment by segment before it
 * touches the file system, then again after normalization, and symlinks are not followed out. The token is a
 * media token of a playback session that may still play ({@link PlaybackSessions#checkForMedia}).
 *
 * <p>HLS playlists are served with their {@code #EXT-X-KEY} URIs rewritten to this session's key URL, key token
 * included ({@link HlsKeyRewriter}): the packager cannot know the token, and a browser player then needs no hook
 * to authorise its key request.
 */
@Path("/media")
public class MediaResource {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  private static final Map<String, String> TYPES = Map.of(
      "m3u8", "application/vnd.apple.mpegurl", "mpd", "application/dash+xml", "m4s", "video/iso.segment",
      "mp4", "video/mp4", "m4a", "audio/mp4", "ts", "video/mp2t", "vtt", "text/vtt", "jpg", "image/jpeg",
      "webp", "image/webp");

  private final java.nio.file.Path origin;
  private final UrlSigner signer;
  private final PlaybackSessions sessions;
  private final SessionUrls urls;

  public MediaResource(java.nio.file.Path origin, UrlSigner signer, PlaybackSessions sessions, SessionUrls urls) {
    this.origin = origin.toAbsolutePath().normalize();
    this.signer = signer;
    this.sessions = sessions;
    this.urls = urls;
  }

  @GET
  @Path("/{token}/{path: .+}")
  @Public
  public Response serve(@PathParam("token") String token, @PathParam("path") String path) {
    String[] segments = path.split("/", -1);
    if (path.length() > 512 || segments.length > 8) {
      throw ApiException.badRequest("invalid_path", "media path too long");
    }
    for (String s : segments) {
      if (!SEGMENT.matcher(s).matches() || s.contains("..")) {
        throw ApiException.badRequest("invalid_path", "media path segments are [A-Za-z0-9._-] and never '..'");
      }
    }
    UrlSigner.Verification v = signer.verify(UrlSigner.Purpose.MEDIA, token, path);
    switch (v.verdict()) {
      case VALID -> { }
      case EXPIRED -> throw new ApiException(403, "token_expired", "the media URL expired at "
          + v.claims().orElseThrow().expiresAt() + "; renew the playback session (POST /v1/playback/sessions/"
          + v.claims().orElseThrow().sessionId() + "/renew) or ask /v1/playback again");
      case OUT_OF_SCOPE -> throw new ApiException(403, "token_out_of_scope", "the token does not cover this path");
      default -> throw new ApiException(403, "invalid_token", "the media URL token is not valid");
    }
    UrlSigner.Claims claims = v.claims().orElseThrow();
    sessions.checkForMedia(claims);
    String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    String type = TYPES.get(ext);
    if (type == null) {
      throw ApiException.notFound("media", path);
    }
    java.nio.file.Path file = origin.resolve(path).normalize();
    if (!file.startsWith(origin) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw ApiException.notFound("media", path);
    }
    if (ext.equals("m3u8")) {
      String keyUrl = urls.hlsKeyUrl(claims.titleId(), urls.keyTokenFor(claims));
      return Response.ok(HlsKeyRewriter.rewrite(read(file), keyUrl), type).header("Cache-Control", "private, no-store")
          .build();
    }
    return Response.ok(file.toFile(), type)
        .header("Cache-Control", ext.equals("mpd") ? "private, max-age=5" : "private, max-age=86400")
        .build();
  }

  private static String read(java.nio.file.Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read playlist " + file, e);
    }
  }
}
