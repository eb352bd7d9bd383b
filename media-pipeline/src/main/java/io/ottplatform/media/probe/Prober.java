package io.ottplatform.media.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.engine.FfmpegException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ffprobe JSON into {@link MediaInfo}, and the checks that turn bad input into a reason an editor can read instead
 * of an FFmpeg log: not a media file, truncated, no video track, zero duration, absurd resolution.
 */
public final class Prober {

  /** Smallest and largest pictures accepted (8K UHD); beyond that an upload is a mistake or an attack. */
  public static final int MIN_SIDE = 64;
  public static final int MAX_WIDTH = 7680;
  public static final int MAX_HEIGHT = 4320;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final FfmpegEngine engine;

  public Prober(FfmpegEngine engine) {
    this.engine = engine;
  }

  public MediaInfo probe(Path source) {
    if (!Files.isRegularFile(source)) {
      throw new SourceUnavailableException("the source file " + source + " does not exist (or is not a file)");
    }
    if (sizeOf(source) == 0) {
      throw new InvalidMediaException("the file " + source.getFileName() + " is empty (0 bytes): the upload did not arrive");
    }
    String json;
    try {
      json = engine.probe(List.of("-show_format", "-show_streams", "-of", "json", source.toString()));
    } catch (FfmpegException e) {
      throw new InvalidMediaException(unreadableReason(source, e.stderrTail(), startsLikeMp4(source)));
    }
    MediaInfo info = parse(source, json);
    checkTail(source, info);
    return info;
  }

  static MediaInfo parse(Path source, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("ffprobe wrote no JSON for " + source, e);
    }
    String name = source.getFileName().toString();
    JsonNode video = null;
    boolean audio = false;
    for (JsonNode stream : root.path("streams")) {
      String type = stream.path("codec_type").asText();
      boolean picture = stream.path("disposition").path("attached_pic").asInt() == 1;
      if (type.equals("video") && !picture && video == null) {
        video = stream;
      } else if (type.equals("audio")) {
        audio = true;
      }
    }
    if (video == null) {
      throw new InvalidMediaException("the file " + name + " has no video track"
          + (audio ? " (it holds only audio)" : ""));
    }
    double duration = root.path("format").path("duration").asDouble(0);
    if (duration <= 0) {
      duration = video.path("duration").asDouble(0);
    }
    if (!(duration > 0.04)) { // less than one frame at 25 fps
      throw new InvalidMediaException("the file " + name + " has zero duration");
    }
    int width = video.path("width").asInt(0);
    int height = video.path("height").asInt(0);
    if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_WIDTH || height > MAX_HEIGHT) {
      throw new InvalidMediaException("the video of " + name + " is " + width + "x" + height + ", outside the accepted "
          + MIN_SIDE + "x" + MIN_SIDE + " to " + MAX_WIDTH + "x" + MAX_HEIGHT);
    }
    double sar = ratio(video.path("sample_aspect_ratio").asText("1:1"));
    double fps = ratio(video.path("avg_frame_rate").asText("0/0"));
    if (!(fps > 0)) {
      fps = ratio(video.path("r_frame_rate").asText("25/1"));
    }
    return new MediaInfo(duration, width, height, width * (sar > 0 ? sar : 1.0) / height, fps,
        video.path("codec_name").asText("?"), audio, root.path("format").path("bit_rate").asLong(0));
  }

  /**
   * An MP4 whose index sits at the front but whose data was cut off probes fine and fails only when read: reading
   * the last seconds' packets finds it ("Packet corrupt", "partial file"). Read, not decoded ({@code -c copy}):
   * decoding would start at the keyframe before the seek point, up to 10 s earlier in an export with x264's default
   * GOP, and cost a few percent of the whole encode for nothing the demuxer does not already see.
   */
  private void checkTail(Path source, MediaInfo info) {
    try {
      engine.run("integrity check", List.of("-xerror", "-sseof", "-" + Math.min(3, info.durationSeconds()),
          "-i", source.toString(), "-map", "0:v:0", "-c", "copy", "-f", "null", "-"), 0, p -> { }, List.of());
    } catch (FfmpegException e) {
      throw new InvalidMediaException("the file " + source.getFileName() + " is truncated or damaged near its end ("
          + firstErrorLine(e.stderrTail()) + ")");
    }
  }

  private static String unreadableReason(Path source, String stderr, boolean startsLikeMp4) {
    String name = source.getFileName().toString();
    if (startsLikeMp4 && stderr.contains("moov atom not found")) {
      return "the file " + name + " is truncated or incomplete (its MP4 index, the moov atom, is missing)";
    }
    // the editor needs FFmpeg's reason, not the worker's file system path
    String reason = firstErrorLine(stderr).replace(source.toString() + ": ", "");
    return "the file " + name + " is not a media file FFmpeg can read (" + reason + ")";
  }

  private static String firstErrorLine(String stderr) {
    return stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("no details")
        .replaceAll("^\\[[^]]*] ", "");
  }

  /** An MP4 (ISO BMFF) begins with an {@code ftyp} box: such a file without its index was cut short. */
  private static boolean startsLikeMp4(Path source) {
    try (java.io.InputStream in = Files.newInputStream(source)) {
      byte[] head = in.readNBytes(8);
      return head.length == 8 && new String(head, 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("ftyp");
    } catch (IOException e) {
      return false;
    }
  }

  private static double ratio(String text) {
    String[] parts = text.split("[:/]");
    try {
      if (parts.length == 2) {
        double den = Double.parseDouble(parts[1]);
        return den == 0 ? 0 : Double.parseDouble(parts[0]) / den;
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long sizeOf(Path source) {
    try {
      return Files.size(source);
    } catch (IOException e) {
      throw new SourceUnavailableException("cannot read the size of " + source + ": " + e.getMessage());
    }
  }
}
