package io.ottplatform.media.packaging;

import io.ottplatform.media.ladder.LadderProfile;
import io.ottplatform.media.ladder.Rung;
import io.ottplatform.media.probe.MediaInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The whole ladder as ONE FFmpeg invocation: one decode, a chain of scalers (each rung scaled from the one above) and
 * one x264 encoder per rung, loudness-normalised AAC, written as CMAF. Keyframes are forced at every multiple of the segment length in
 * every rung ({@code -force_key_frames expr:gte(t,n_forced*K)}, scene-cut keyframes off, closed GOPs), so rungs
 * switch at any segment boundary.
 *
 * <p>Clear: the DASH muxer with {@code -hls_playlist 1} writes {@code manifest.mpd} and {@code master.m3u8} over the
 * same fMP4 segments. Encrypted: the tee muxer writes DASH CENC fMP4 ({@code manifest.mpd}) and HLS AES-128
 * MPEG-TS ({@code master.m3u8}) from the same encoded packets. Optionally a thumbnail sprite from the same decode.
 */
public final class PackagingCommand {

  public static final String DASH_MANIFEST = "manifest.mpd";
  public static final String HLS_MASTER = "master.m3u8";
  public static final String SPRITE_PATTERN = "sprite-%03d.jpg";

  private PackagingCommand() {}

  public static List<String> build(Path source, MediaInfo info, LadderProfile profile, List<Rung> rungs, Path out,
      Optional<Encryption> encryption, Optional<ThumbnailSpec> thumbnails) {
    int k = profile.keyframeSeconds();
    List<String> args = new ArrayList<>(List.of("-i", source.toString()));
    args.addAll(List.of("-filter_complex", filterGraph(info, profile, rungs, thumbnails)));
    for (int i = 0; i < rungs.size(); i++) {
      args.addAll(List.of("-map", "[v" + i + "]"));
    }
    if (info.hasAudio()) {
      args.addAll(List.of("-map", "[a0]"));
    }
    args.addAll(videoCodecArgs(profile, info, false));
    for (int i = 0; i < rungs.size(); i++) {
      args.addAll(rateArgs(rungs.get(i), "v:" + i));
    }
    if (info.hasAudio()) {
      args.addAll(List.of("-c:a", profile.audioCodec(), "-b:a", profile.audioKbps() + "k", "-ac", "2"));
    }
    String adaptationSets = info.hasAudio() ? "id=0,streams=v id=1,streams=a" : "id=0,streams=v";
    if (encryption.isEmpty()) {
      args.addAll(List.of("-f", "dash", "-seg_duration", String.valueOf(k), "-use_template", "1", "-use_timeline", "1",
          "-hls_playlist", "1", "-hls_master_name", HLS_MASTER, "-adaptation_sets", adaptationSets,
          "-init_seg_name", "init-$RepresentationID$.m4s", "-media_seg_name", "chunk-$RepresentationID$-$Number%05d$.m4s",
          out.resolve(DASH_MANIFEST).toString()));
    } else {
      args.addAll(List.of("-flags", "+global_header", "-f", "tee",
          teeTarget(info, rungs, out, encryption.get(), k, adaptationSets)));
    }
    thumbnails.ifPresent(t -> args.addAll(List.of("-map", "[thumbs]", "-c:v", "mjpeg", "-q:v", "5",
        "-f", "image2", out.resolve(SPRITE_PATTERN).toString())));
    return args;
  }

  /**
   * What every rung's encoder shares, and the complexity probe's samples too: codec, preset, High profile, a closed
   * GOP starting at every multiple of the segment length. {@code measurePsnr} makes x264 report the PSNR of what it
   * encoded against its input.
   */
  public static List<String> videoCodecArgs(LadderProfile profile, MediaInfo info, boolean measurePsnr) {
    int k = profile.keyframeSeconds();
    int gop = (int) Math.max(1, Math.round(info.frameRate() * k));
    return List.of("-c:v", profile.videoCodec(), "-preset", profile.preset(), "-profile:v", "high",
        "-force_key_frames:v", "expr:gte(t,n_forced*" + k + ")", "-sc_threshold:v", "0",
        "-g:v", String.valueOf(gop), "-keyint_min:v", String.valueOf(gop), "-flags:v", measurePsnr ? "+cgop+psnr" : "+cgop");
  }

  /**
   * One rung's rate control for the output stream {@code stream} (e.g. {@code v:1}): capped VBR, or capped CRF for a
   * per-title rung. With {@code -crf} x264 ignores {@code -b:v}, which then only tells the muxers the rung's
   * bandwidth.
   */
  public static List<String> rateArgs(Rung r, String stream) {
    List<String> args = new ArrayList<>(List.of("-b:" + stream, r.bitrateKbps() + "k", "-maxrate:" + stream,
        r.maxrateKbps() + "k", "-bufsize:" + stream, r.bufsizeKbps() + "k"));
    r.crf().ifPresent(crf -> args.addAll(List.of("-crf:" + stream, Rung.crfText(crf))));
    return args;
  }

  /**
   * One decode, then a scaling chain: the top rung is scaled from the source (or taken as is when it has the
   * source's size), every lower rung from the rung above it, the thumbnail sprite from the lowest rung. Each scaler
   * then reads a picture a fraction of the source's size instead of the full source, which is where a one-process
   * ladder saves over N processes besides the N-1 decodes (measured in docs/media.md). FFmpeg's scale filter carries
   * the sample aspect ratio along the chain, so every rung keeps the source's display aspect.
   */
  static String filterGraph(MediaInfo info, LadderProfile profile, List<Rung> rungs, Optional<ThumbnailSpec> thumbs) {
    StringBuilder g = new StringBuilder();
    String input = "[0:v:0]";
    for (int i = 0; i < rungs.size(); i++) {
      Rung r = rungs.get(i);
      boolean last = i == rungs.size() - 1;
      g.append(i == 0 ? "" : ";").append(input);
      if (i == 0 && r.width() == info.width() && r.height() == info.height()) {
        g.append("format=yuv420p");
      } else {
        g.append("scale=").append(r.width()).append(':').append(r.height()).append(":flags=bicubic");
        g.append(i == 0 ? ",format=yuv420p" : "");
      }
      int outputs = (last ? 0 : 1) + (last && thumbs.isPresent() ? 1 : 0);
      if (outputs == 0) {
        g.append("[v").append(i).append(']');
      } else {
        g.append(",split=2[v").append(i).append("][c").append(i).append(']');
      }
      input = "[c" + i + "]";
    }
    String lowest = input;
    thumbs.ifPresent(t -> g.append(';').append(lowest).append("fps=1/").append(t.intervalSeconds())
        .append(",scale=").append(t.width()).append(':').append(t.heightFor(info.displayAspect()))
        .append(",setsar=1,tile=").append(t.columns()).append('x').append(t.rows()).append("[thumbs]"));
    if (info.hasAudio()) {
      // EBU R128 in loudnorm's single-pass (dynamic) mode; loudnorm works at 192 kHz, so resample back to 48 kHz
      g.append(String.format(Locale.ROOT, ";[0:a:0]loudnorm=I=%.1f:TP=%.1f:LRA=%.1f,aresample=48000[a0]",
          profile.loudnessLufs(), profile.truePeakDb(), profile.loudnessRange()));
    }
    return g.toString();
  }

  private static String teeTarget(MediaInfo info, List<Rung> rungs, Path out, Encryption enc, int k,
      String adaptationSets) {
    Map<String, String> cenc = new LinkedHashMap<>();
    cenc.put("encryption_scheme", "cenc-aes-ctr");
    cenc.put("encryption_key", enc.keys().cencKeyHex());
    cenc.put("encryption_kid", enc.keys().kidHex());
    Map<String, String> dash = new LinkedHashMap<>();
    dash.put("f", "dash");
    dash.put("seg_duration", String.valueOf(k));
    dash.put("use_template", "1");
    dash.put("use_timeline", "1");
    dash.put("adaptation_sets", adaptationSets);
    dash.put("init_seg_name", "init-$RepresentationID$.m4s");
    dash.put("media_seg_name", "chunk-$RepresentationID$-$Number%05d$.m4s");
    dash.put("format_options", TeeTarget.options(cenc));
    StringBuilder streamMap = new StringBuilder();
    for (int i = 0; i < rungs.size(); i++) {
      streamMap.append(i == 0 ? "" : " ").append("v:").append(i).append(info.hasAudio() ? ",agroup:aud" : "");
    }
    if (info.hasAudio()) {
      streamMap.append(" a:0,agroup:aud");
    }
    Map<String, String> hls = new LinkedHashMap<>();
    hls.put("f", "hls");
    hls.put("hls_time", String.valueOf(k));
    hls.put("hls_playlist_type", "vod");
    hls.put("hls_segment_type", "mpegts");
    hls.put("hls_key_info_file", enc.keyInfoFile().toString());
    hls.put("master_pl_name", HLS_MASTER);
    hls.put("var_stream_map", streamMap.toString());
    hls.put("hls_segment_filename", out.resolve("hls-%v-%05d.ts").toString());
    return TeeTarget.of(List.of(new TeeTarget.Slave(dash, out.resolve(DASH_MANIFEST).toString()),
        new TeeTarget.Slave(hls, out.resolve("hls-%v.m3u8").toString())));
  }
}
