package io.ottplatform.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.keys.ContentKeys;
import io.ottplatform.media.keys.KeyStore;
import io.ottplatform.media.ladder.ComplexityProbe;
import io.ottplatform.media.ladder.ComplexityProbe.Complexity;
import io.ottplatform.media.ladder.LadderPlanner;
import io.ottplatform.media.ladder.LadderProfile;
import io.ottplatform.media.ladder.Rung;
import io.ottplatform.media.origin.Origin;
import io.ottplatform.media.packaging.Encryption;
import io.ottplatform.media.packaging.MpdProtection;
import io.ottplatform.media.packaging.PackagingCommand;
import io.ottplatform.media.packaging.Subtitle;
import io.ottplatform.media.packaging.SubtitleTracks;
import io.ottplatform.media.packaging.ThumbnailTrack;
import io.ottplatform.media.probe.MediaInfo;
import io.ottplatform.media.probe.Prober;
import io.ottplatform.schemas.avro.MediaJobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One title from source to origin, as a list of named steps:
 *
 * <ol>
 *   <li>already published by this job id? done (a redelivered job is not encoded twice);
 *   <li>probe (bad input fails here with a reason an editor can read);
 *   <li>per-title complexity probe, then the ladder;
 *   <li>one FFmpeg process encodes every rung into the origin's staging folder;
 *   <li>protection descriptors, poster, thumbnails, subtitles, {@code media.json};
 *   <li>publish: one atomic switch. On any failure the staging folder is discarded.
 * </ol>
 */
public final class MediaPipeline {

  public static final String MEDIA_JSON = "media.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Origin origin;
  private final KeyStore keyStore;
  private final PipelineOptions options;

  public MediaPipeline(Origin origin, KeyStore keyStore, PipelineOptions options) {
    this.origin = origin;
    this.keyStore = keyStore;
    this.options = options;
  }

  public EncodeResult run(EncodeRequest request, FfmpegEngine engine, JobListener listener) {
    String title = request.titleId();
    if (origin.publishedJob(title).filter(request.jobId()::equals).isPresent()) {
      EncodeResult again = alreadyPublished(request, origin.titleDir(title));
      listener.published(again, "already published by this job");
      return again;
    }
    LadderProfile profile = LadderProfile.named(request.profile());
    if (options.presetOverride().isPresent()) {
      profile = profile.withPreset(options.presetOverride().get());
    }
    listener.stage(MediaJobState.PROBING, 0, "probing " + request.source().getFileName());
    MediaInfo info = new Prober(engine).probe(request.source());
    Path work = options.workRoot().resolve(request.jobId());
    Path staged = null;
    try {
      Complexity complexity = null;
      List<Rung> rungs = LadderPlanner.plan(profile, info, 1.0);
      if (options.perTitle()) {
        listener.stage(MediaJobState.PROBING, 3, "measuring complexity");
        complexity = new ComplexityProbe(engine).measure(request.source(), info, profile);
        rungs = complexity.ladder();
      }
      staged = origin.stage(title, request.jobId());
      Optional<Encryption> encryption = request.encrypted() ? Optional.of(encryption(title, work)) : Optional.empty();
      listener.stage(MediaJobState.ENCODING, 10, describe(rungs));
      engine.run("encoding " + title, PackagingCommand.build(request.source(), info, profile, rungs, staged,
          encryption, options.thumbnails()), info.durationSeconds(),
          p -> listener.encoding(p, 10 + 0.85 * p.percent()), List.of(staged));
      listener.stage(MediaJobState.PACKAGING, 95, "manifests, poster, thumbnails, subtitles");
      finish(request, engine, info, rungs, staged, encryption, complexity);
      origin.publish(title, request.jobId(), staged);
      staged = null;
      EncodeResult result = new EncodeResult(request.jobId(), title, origin.titleDir(title), info.durationSeconds(),
          rungs, complexity, request.encrypted(), encryption.map(e -> e.keys().kidHex()).orElse(null),
          PackagingCommand.HLS_MASTER, PackagingCommand.DASH_MANIFEST, false);
      listener.published(result, "published " + rungs.size() + " renditions");
      return result;
    } finally {
      if (staged != null) {
        origin.discard(staged);
      }
      FfmpegEngine.deleteRecursively(work); // the plain HLS key lives there during the encode
    }
  }

  private void finish(EncodeRequest request, FfmpegEngine engine, MediaInfo info, List<Rung> rungs, Path staged,
      Optional<Encryption> encryption, Complexity complexity) {
    Path mpd = staged.resolve(PackagingCommand.DASH_MANIFEST);
    encryption.ifPresent(e -> MpdProtection.addClearKey(mpd, e.keys()));
    if (options.poster()) {
      double at = Math.min(10, info.durationSeconds() / 3);
      Path poster = staged.resolve("poster.jpg");
      engine.run("poster", List.of("-ss", String.format(Locale.ROOT, "%.3f", at), "-i", request.source().toString(),
          "-frames:v", "1", "-vf", "scale=-2:" + Math.min(720, info.height() - info.height() % 2), "-q:v", "3",
          poster.toString()), 0, p -> { }, List.of(poster));
    }
    options.thumbnails().ifPresent(t -> ThumbnailTrack.write(staged, t, info.displayAspect(), info.durationSeconds()));
    for (Subtitle s : request.subtitles()) {
      SubtitleTracks.convert(engine, s, staged);
    }
    SubtitleTracks.addToHls(staged.resolve(PackagingCommand.HLS_MASTER), request.subtitles(), info.durationSeconds());
    SubtitleTracks.addToDash(mpd, request.subtitles());
    writeMediaJson(request, info, rungs, staged, encryption, complexity);
  }

  /** The title's content keys, and FFmpeg's key info file (URI, key file) in the job's scratch folder. */
  private Encryption encryption(String title, Path work) {
    ContentKeys keys = keyStore.keysFor(title);
    try {
      Files.createDirectories(work);
      Path keyFile = work.resolve("hls.key");
      Files.deleteIfExists(keyFile);
      Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(keyFile, keys.hlsKey());
      Path keyInfo = work.resolve("hls.keyinfo");
      String uri = options.hlsKeyUri(title);
      Files.writeString(keyInfo, uri + "\n" + keyFile.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
      return new Encryption(keys, uri, keyInfo.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the HLS key info in " + work, e);
    }
  }

  /**
   * A redelivered job that this job id had published already: its result as the published folder's
   * {@code media.json} tells it (the worker that published it may have died before reporting DONE).
   */
  static EncodeResult alreadyPublished(EncodeRequest request, Path titleDir) {
    double duration = 0;
    List<Rung> rungs = new ArrayList<>();
    String kid = null;
    try {
      JsonNode root = JSON.readTree(titleDir.resolve(MEDIA_JSON).toFile());
      duration = root.path("durationSeconds").asDouble();
      kid = root.hasNonNull("kid") ? root.get("kid").asText() : null;
      for (JsonNode r : root.path("renditions")) {
        Rung rung = new Rung(r.path("name").asText(), r.path("width").asInt(), r.path("height").asInt(),
            r.path("capKbps").asInt(r.path("bitrateKbps").asInt()));
        rungs.add(r.has("crf") ? rung.withCrf(r.get("crf").asDouble(), r.path("bitrateKbps").asInt()) : rung);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the published folder of " + request.titleId() + " has no readable " + MEDIA_JSON, e);
    }
    return new EncodeResult(request.jobId(), request.titleId(), titleDir, duration, List.copyOf(rungs), null,
        request.encrypted(), kid, PackagingCommand.HLS_MASTER, PackagingCommand.DASH_MANIFEST, true);
  }

  private static void writeMediaJson(EncodeRequest request, MediaInfo info, List<Rung> rungs, Path staged,
      Optional<Encryption> encryption, Complexity complexity) {
    ObjectNode root = JSON.createObjectNode();
    root.put("titleId", request.titleId());
    root.put("jobId", request.jobId());
    root.put("durationSeconds", info.durationSeconds());
    root.put("hls", PackagingCommand.HLS_MASTER);
    root.put("dash", PackagingCommand.DASH_MANIFEST);
    root.put("encrypted", encryption.isPresent());
    encryption.ifPresent(e -> {
      root.put("kid", e.keys().kidHex());
      root.put("hlsKeyUri", e.keyUri());
    });
    if (complexity != null) {
      root.put("perTitleFactor", complexity.factor());
    }
    ArrayNode renditions = root.putArray("renditions");
    for (Rung r : rungs) {
      ObjectNode rendition = renditions.addObject().put("name", r.name()).put("width", r.width())
          .put("height", r.height()).put("bitrateKbps", r.bitrateKbps());
      r.crf().ifPresent(crf -> rendition.put("crf", crf).put("capKbps", r.capKbps()));
    }
    ArrayNode subs = root.putArray("subtitles");
    request.subtitles().forEach(s -> subs.addObject().put("language", s.language()).put("vtt", s.vttName()));
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(staged.resolve(MEDIA_JSON).toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + MEDIA_JSON, e);
    }
  }

  private static String describe(List<Rung> rungs) {
    StringBuilder s = new StringBuilder("encoding");
    for (Rung r : rungs) {
      s.append(' ').append(r.width()).append('x').append(r.height()).append('@').append(r.bitrateKbps()).append('k');
    }
    return s.toString();
  }
}
