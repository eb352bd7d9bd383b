package io.ottplatform.serving.playback;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points every AES-128 {@code #EXT-X-KEY} / {@code #EXT-X-SESSION-KEY} of an HLS playlist at one key URL (RFC 8216
 * §4.3.2.4: {@code URI} is a quoted string). The packager writes the key endpoint without a token (it cannot know the
 * session); the origin serves the playlist with the session's key URL, so hls.js, Safari and every other player
 * fetch the key with the token and no player-side hook. {@code METHOD=NONE} lines carry no URI and stay as they are.
 */
public final class HlsKeyRewriter {

  private static final Pattern URI = Pattern.compile("URI=\"[^\"]*\"");

  private HlsKeyRewriter() {}

  public static String rewrite(String playlist, String keyUrl) {
    if (keyUrl.indexOf('"') >= 0 || keyUrl.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a key URL cannot hold a quote or a line break: " + keyUrl);
    }
    StringBuilder out = new StringBuilder(playlist.length() + 512);
    for (String line : playlist.split("\n", -1)) {
      if ((line.startsWith("#EXT-X-KEY:") || line.startsWith("#EXT-X-SESSION-KEY:")) && line.contains("METHOD=AES-128")) {
        line = URI.matcher(line).replaceFirst(Matcher.quoteReplacement("URI=\"" + keyUrl + "\""));
      }
      out.append(line).append('\n');
    }
    out.setLength(out.length() - 1); // split kept the text after the last newline
    return out.toString();
  }
}
