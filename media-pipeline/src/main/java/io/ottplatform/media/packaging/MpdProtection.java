package io.ottplatform.media.packaging;

import io.ottplatform.media.keys.ContentKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FFmpeg encrypts DASH segments with CENC but writes no {@code ContentProtection} into the MPD, and dash.js then
 * plays nothing and says nothing. Every audio and video adaptation set gets the two descriptors players look for:
 * {@code urn:mpeg:dash:mp4protection:2011} ({@code value="cenc"}, {@code cenc:default_KID}) and the W3C Clear Key
 * system ({@code urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e}) carrying a {@code cenc:pssh} of the W3C common
 * PSSH format (system {@code 1077efec-c0b2-4d02-ace3-3c1e52e2fb4b}, version 1, the KID): the initData the browser
 * hands to the licence request.
 */
public final class MpdProtection {

  public static final String MP4_PROTECTION = "urn:mpeg:dash:mp4protection:2011";
  public static final String CLEAR_KEY = "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e";
  static final String COMMON_PSSH_SYSTEM = "1077efecc0b24d02ace33c1e52e2fb4b";
  private static final Pattern ADAPTATION_SET = Pattern.compile("(<AdaptationSet\\b[^>]*contentType=\"(?:video|audio)\"[^>]*>)");

  private MpdProtection() {}

  public static void addClearKey(Path mpd, ContentKeys keys) {
    try {
      Files.writeString(mpd, addClearKey(Files.readString(mpd, StandardCharsets.UTF_8), keys), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot add ContentProtection to " + mpd, e);
    }
  }

  static String addClearKey(String mpd, ContentKeys keys) {
    if (!mpd.contains("xmlns:cenc=")) {
      mpd = mpd.replaceFirst("<MPD\\b", "<MPD xmlns:cenc=\"urn:mpeg:cenc:2013\"");
    }
    String pssh = Base64.getEncoder().encodeToString(commonPssh(keys.kid()));
    String descriptors = "\n\t\t\t<ContentProtection schemeIdUri=\"" + MP4_PROTECTION + "\" value=\"cenc\" cenc:default_KID=\""
        + keys.kidUuid() + "\"/>"
        + "\n\t\t\t<ContentProtection schemeIdUri=\"" + CLEAR_KEY + "\" value=\"ClearKey1.0\">"
        + "<cenc:pssh>" + pssh + "</cenc:pssh></ContentProtection>";
    Matcher m = ADAPTATION_SET.matcher(mpd);
    StringBuilder out = new StringBuilder();
    int sets = 0;
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + descriptors));
      sets++;
    }
    m.appendTail(out);
    if (sets == 0) {
      throw new IllegalStateException("the MPD has no audio or video AdaptationSet to protect");
    }
    return out.toString();
  }

  /** A version-1 {@code pssh} box of the W3C common system listing one KID, with no data. */
  static byte[] commonPssh(byte[] kid) {
    ByteBuffer box = ByteBuffer.allocate(52);
    box.putInt(52).put("pssh".getBytes(StandardCharsets.US_ASCII)).putInt(0x01000000)
        .put(HexFormat.of().parseHex(COMMON_PSSH_SYSTEM)).putInt(1).put(kid).putInt(0);
    return box.array();
  }
}
