package io.ottplatform.local.demo;

import io.ottplatform.local.PlatformException;
import io.ottplatform.local.build.ModuleRunner;
import io.ottplatform.local.seed.ServingClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's playable titles: media-pipeline's CLI generates a short clip per title (FFmpeg lavfi patterns of
 * different complexity, each with its own sine tone), encodes it through the real pipeline (probe, per-title
 * ladder, one FFmpeg process, CMAF with HLS and DASH manifests) into serving-api's origin, and the editor attaches
 * the published folder to the title ({@code PUT /v1/admin/titles/{id}/media}), so the playback grants that
 * serving-api hands out for these titles point at manifests that exist. Clips are 848x480, which gives two rungs
 * (480p and 360p): enough to show adaptive switching and quick to encode. A title already published in the origin
 * (an earlier demo) is attached again without encoding.
 */
final class DemoMedia {

  /** One demo title's clip: which pattern, how long, which tone. */
  record Clip(String titleId, String pattern, int seconds, int toneHz) {}

  static final String MEDIA_CLI = "io.ottplatform.media.cli.MediaCli";
  static final String SIZE = "848x480";
  private static final String[] PATTERNS = {"mandelbrot", "testsrc2", "gradients"};
  private static final int[] TONES = {440, 660, 330};
  private static final int SECONDS = 24;

  private final ModuleRunner runner;
  private final ServingClient api;
  private final Path home;
  private final PrintStream out;

  DemoMedia(ModuleRunner runner, ServingClient api, Path home, PrintStream out) {
    this.runner = runner;
    this.api = api;
    this.home = home;
    this.out = out;
  }

  /** The first titles of the catalog (the demo's search finds the first) get one clip each, at most three. */
  static List<Clip> plan(List<String> titleIds) {
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < Math.min(PATTERNS.length, titleIds.size()); i++) {
      clips.add(new Clip(titleIds.get(i), PATTERNS[i], SECONDS, TONES[i]));
    }
    return clips;
  }

  Path origin() {
    return home.resolve("origin");
  }

  static List<String> sampleArgs(Clip clip, Path file) {
    return List.of("sample", file.toString(), "--pattern", clip.pattern(), "--seconds", Integer.toString(clip.seconds()),
        "--size", SIZE, "--tone", Integer.toString(clip.toneHz()));
  }

  static List<String> encodeArgs(Clip clip, Path file, Path origin, Path home) {
    return List.of("encode", file.toString(), "--title", clip.titleId(), "--out", origin.toString(),
        "--job", "demo-" + clip.titleId(), "--set", "work-dir=" + home.resolve("state/media-pipeline/work"));
  }

  /** Published before (by this or an earlier demo): both manifests are in the title's origin folder. */
  static boolean published(Path origin, String titleId) {
    return Files.isRegularFile(origin.resolve(titleId).resolve("master.m3u8"))
        && Files.isRegularFile(origin.resolve(titleId).resolve("manifest.mpd"));
  }

  /** Encodes and attaches each planned title; returns the ids now playable. */
  List<String> encodeAndAttach(String editorToken, List<String> titleIds) {
    List<Clip> clips = plan(titleIds);
    List<String> playable = new ArrayList<>();
    Path clipsDir = home.resolve("demo-media");
    Map<String, String> env = Map.of("OTT_HOME", home.toString());
    int n = 0;
    for (Clip clip : clips) {
      n++;
      long started = System.nanoTime();
      if (published(origin(), clip.titleId())) {
        out.printf("[%d/%d] %s: published by an earlier demo, attaching it again%n", n, clips.size(), clip.titleId());
      } else {
        Path file = clipsDir.resolve(clip.titleId() + "-" + clip.pattern() + ".mp4");
        try {
          Files.createDirectories(clipsDir);
        } catch (java.io.IOException e) {
          throw new PlatformException("cannot create " + clipsDir + ": " + e.getMessage(), e);
        }
        out.printf("[%d/%d] %s: generating a %d s %s clip (%s, %d Hz tone)%n", n, clips.size(), clip.titleId(),
            clip.seconds(), clip.pattern(), SIZE, clip.toneHz());
        require(runner.run("media-pipeline", MEDIA_CLI, List.of(), sampleArgs(clip, file), env), "media sample for " + clip.titleId());
        out.printf("[%d/%d] %s: encoding through media-pipeline into %s%n", n, clips.size(), clip.titleId(), origin());
        require(runner.run("media-pipeline", MEDIA_CLI, List.of(), encodeArgs(clip, file, origin(), home), env),
            "media encode for " + clip.titleId());
      }
      api.put("/v1/admin/titles/" + clip.titleId() + "/media", editorToken, Map.of("mediaPath", clip.titleId()), 204);
      out.printf("[%d/%d] %s: playable (%s/%s/master.m3u8, manifest.mpd) in %.0f s%n", n, clips.size(), clip.titleId(),
          origin(), clip.titleId(), (System.nanoTime() - started) / 1e9);
      playable.add(clip.titleId());
    }
    return playable;
  }

  private static void require(int exitCode, String what) {
    if (exitCode != 0) {
      throw new PlatformException(what + " failed with exit code " + exitCode + " (its reason is printed above)");
    }
  }
}
