package io.ottplatform.media.packaging;

import io.ottplatform.media.engine.FfmpegEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * SRT to WebVTT (FFmpeg's converter) and the references both manifests need: in HLS a one-segment subtitle
 * playlist, an {@code EXT-X-MEDIA TYPE=SUBTITLES} rendition and {@code SUBTITLES="subs"} on every video variant;
 * in DASH a {@code text/vtt} adaptation set whose representation's BaseURL is the WebVTT file (dash.js and Shaka
 * read side-loaded WebVTT this way).
 */
public final class SubtitleTracks {

  private SubtitleTracks() {}

  public static void convert(FfmpegEngine engine, Subtitle subtitle, Path dir) {
    Path vtt = dir.resolve(subtitle.vttName());
    engine.run("subtitles " + subtitle.srt().getFileName(), List.of("-i", subtitle.srt().toString(), "-f", "webvtt",
        vtt.toString()), 0, p -> { }, List.of(vtt));
  }

  public static void addToHls(Path master, List<Subtitle> subtitles, double durationSeconds) {
    if (subtitles.isEmpty()) {
      return;
    }
    Path dir = master.getParent();
    StringBuilder media = new StringBuilder();
    for (int i = 0; i < subtitles.size(); i++) {
      Subtitle s = subtitles.get(i);
      write(dir.resolve(s.playlistName()), String.format(Locale.ROOT,
          "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:%d\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n"
              + "#EXTINF:%.3f,\n%s\n#EXT-X-ENDLIST\n", (long) Math.ceil(durationSeconds), durationSeconds, s.vttName()));
      media.append("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"").append(s.language())
          .append("\",LANGUAGE=\"").append(s.language()).append("\",DEFAULT=").append(i == 0 ? "YES" : "NO")
          .append(",AUTOSELECT=YES,URI=\"").append(s.playlistName()).append("\"\n");
    }
    StringBuilder out = new StringBuilder();
    boolean inserted = false;
    for (String line : read(master).split("\n")) {
      if (!inserted && line.startsWith("#EXT-X-STREAM-INF")) {
        out.append(media);
        inserted = true;
      }
      out.append(line.startsWith("#EXT-X-STREAM-INF") && line.contains("RESOLUTION=") ? line + ",SUBTITLES=\"subs\"" : line)
          .append('\n');
    }
    write(master, out.toString());
  }

  public static void addToDash(Path mpd, List<Subtitle> subtitles) {
    if (subtitles.isEmpty()) {
      return;
    }
    StringBuilder sets = new StringBuilder();
    for (int i = 0; i < subtitles.size(); i++) {
      Subtitle s = subtitles.get(i);
      sets.append("\t\t<AdaptationSet id=\"").append(100 + i).append("\" contentType=\"text\" mimeType=\"text/vtt\" lang=\"")
          .append(s.language()).append("\">\n\t\t\t<Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"subtitle\"/>\n")
          .append("\t\t\t<Representation id=\"subs-").append(s.language()).append("\" bandwidth=\"256\">")
          .append("<BaseURL>").append(s.vttName()).append("</BaseURL></Representation>\n\t\t</AdaptationSet>\n");
    }
    String text = read(mpd);
    int end = text.lastIndexOf("\t</Period>");
    if (end < 0) {
      end = text.lastIndexOf("</Period>");
    }
    if (end < 0) {
      throw new IllegalStateException(mpd + " has no </Period>");
    }
    write(mpd, text.substring(0, end) + sets + text.substring(end));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
