package io.ottplatform.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottplatform.local.PlatformException;
import io.ottplatform.local.build.ModuleRunner;
import io.ottplatform.local.seed.ServingClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's playable titles, the way an editor makes a title playable: media-pipeline's CLI generates a short clip
 * per title (FFmpeg lavfi patterns of different complexity, each with its own sine tone), the demo's editor uploads
 * it to serving-api with tus ({@link TusUploader}), serving-api's outbox puts the job on {@code media.jobs}, and the
 * platform's {@code media-worker} service encodes it, encrypted (serving-api's {@code media.encryption}, AES_128:
 * HLS AES-128 and DASH CENC, keys in {@code media_content_keys}), and publishes it; serving-api attaches the folder to
 * the title when the worker reports DONE. The demo prints the job's progress as serving-api shows it to editors
 * ({@code GET /v1/admin/titles/{id}/media-jobs}).
 *
 * <p>Only the first {@link #PATTERNS} titles get a clip of their own (encoding is the slow part). The demo's other
 * titles are pointed at those folders ({@link #shortcut}, printed as a shortcut): their grants play a clip, with
 * the keys of the title that owns the folder (serving-api's key endpoint serves a folder's pipeline keys to a title
 * pointed at it). A title whose last job is DONE and whose folder holds both manifests (an earlier demo) is kept.
 */
final class DemoMedia {

  /** One demo title's clip: which pattern, how long, which tone. */
  record Clip(String titleId, String pattern, int seconds, int toneHz) {}

  static final String MEDIA_CLI = "io.ottplatform.media.cli.MediaCli";
  static final String SIZE = "848x480";
  private static final String[] PATTERNS = {"mandelbrot", "testsrc2", "gradients"};
  private static final int[] TONES = {440, 660, 330};
  private static final int SECONDS = 24;
  /** A 24 s clip encodes in well under a minute on two idle cores; a busy machine or a cold worker takes longer. */
  static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
  /** A new progress line when the percent moved by this much (state changes always print). */
  private static final double PRINT_STEP = 20;

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

  /** The demo shortcut: every title without a clip of its own plays one of the clips' folders, in turn. */
  static Map<String, String> shortcut(List<String> titleIds, List<Clip> clips) {
    Map<String, String> folders = new LinkedHashMap<>();
    if (clips.isEmpty()) {
      return folders;
    }
    for (int i = clips.size(); i < titleIds.size(); i++) {
      folders.put(titleIds.get(i), clips.get((i - clips.size()) % clips.size()).titleId());
    }
    return folders;
  }

  Path origin() {
    return home.resolve("origin");
  }

  static List<String> sampleArgs(Clip clip, Path file) {
    return List.of("sample", file.toString(), "--pattern", clip.pattern(), "--seconds", Integer.toString(clip.seconds()),
        "--size", SIZE, "--tone", Integer.toString(clip.toneHz()));
  }

  /** Published before (by this or an earlier demo): both manifests are in the title's origin folder. */
  static boolean published(Path origin, String titleId) {
    return Files.isRegularFile(origin.resolve(titleId).resolve("master.m3u8"))
        && Files.isRegularFile(origin.resolve(titleId).resolve("manifest.mpd"));
  }

  /** The newest of a title's media jobs (serving-api lists them newest first) when it is DONE. */
  static Optional<String> doneJob(JsonNode jobs) {
    JsonNode newest = jobs.path(0);
    return newest.path("state").asText().equals("DONE") ? Optional.of(newest.path("jobId").asText()) : Optional.empty();
  }

  /** A job's state as an editor reads it: "ENCODING 41% (2.10x realtime, ETA 6 s)", a FAILED job's reason. */
  static String describe(JsonNode job) {
    StringBuilder s = new StringBuilder(job.path("state").asText("?"))
        .append(String.format(Locale.ROOT, " %.0f%%", job.path("percent").asDouble()));
    if (job.path("state").asText().equals("ENCODING") && job.path("speed").isNumber()) {
      s.append(String.format(Locale.ROOT, " (%.2fx realtime, ETA %d s)", job.path("speed").asDouble(),
          job.path("etaSeconds").asInt()));
    }
    if (job.hasNonNull("errorReason")) {
      s.append(": ").append(job.path("errorReason").asText());
    }
    return s.toString();
  }

  /** The key id (hex) a published folder's {@code media.json} names; empty for a clear title. */
  static Optional<String> kid(Path folder) {
    try {
      JsonNode media = ServingClient.json().readTree(folder.resolve("media.json").toFile());
      return media.hasNonNull("kid") ? Optional.of(media.get("kid").asText()) : Optional.empty();
    } catch (IOException e) {
      throw new PlatformException("cannot read " + folder.resolve("media.json") + ": " + e.getMessage(), e);
    }
  }

  /**
   * Uploads each planned title's clip, follows its job to DONE, then points every other title at a clip's folder;
   * returns the ids of the titles with a clip of their own.
   */
  List<String> encodeAndAttach(String editorToken, List<String> titleIds) {
    List<Clip> clips = plan(titleIds);
    Map<String, String> jobs = new LinkedHashMap<>();
    int n = 0;
    for (Clip clip : clips) {
      n++;
      Optional<String> done = doneJob(mediaJobs(editorToken, clip.titleId()));
      if (done.isPresent() && published(origin(), clip.titleId())) {
        out.printf("[%d/%d] %s: published by an earlier demo (job %s), kept%n", n, clips.size(), clip.titleId(),
            done.get());
        continue;
      }
      Path file = generate(clip, n, clips.size());
      String jobId = new TusUploader(api.base(), editorToken).upload(file, clip.titleId());
      out.printf("[%d/%d] %s: uploaded %.1f MB to serving-api with tus; media job %s queued for the media worker%n",
          n, clips.size(), clip.titleId(), sizeMb(file), jobId);
      jobs.put(clip.titleId(), jobId);
    }
    n = 0;
    for (Clip clip : clips) {
      n++;
      if (jobs.containsKey(clip.titleId())) {
        follow(editorToken, clip.titleId(), jobs.get(clip.titleId()), "[" + n + "/" + clips.size() + "] ");
      }
    }
    Map<String, String> shortcut = shortcut(titleIds, clips);
    for (Map.Entry<String, String> e : shortcut.entrySet()) {
      Map<String, String> media = new LinkedHashMap<>();
      media.put("mediaPath", e.getValue());
      kid(origin().resolve(e.getValue())).ifPresent(kid -> media.put("keyIdHex", kid));
      api.put("/v1/admin/titles/" + e.getKey() + "/media", editorToken, media, 204);
    }
    if (!shortcut.isEmpty()) {
      out.printf("demo shortcut: the other %d titles are pointed at these %d clips' folders, in turn (PUT "
          + "/v1/admin/titles/{id}/media; each plays with the keys of the title that owns the folder)%n",
          shortcut.size(), clips.size());
    }
    return clips.stream().map(Clip::titleId).toList();
  }

  private Path generate(Clip clip, int n, int of) {
    Path clipsDir = home.resolve("demo-media");
    Path file = clipsDir.resolve(clip.titleId() + "-" + clip.pattern() + ".mp4");
    try {
      Files.createDirectories(clipsDir);
    } catch (IOException e) {
      throw new PlatformException("cannot create " + clipsDir + ": " + e.getMessage(), e);
    }
    out.printf("[%d/%d] %s: generating a %d s %s clip (%s, %d Hz tone)%n", n, of, clip.titleId(), clip.seconds(),
        clip.pattern(), SIZE, clip.toneHz());
    int exit = runner.run("media-pipeline", MEDIA_CLI, List.of(), sampleArgs(clip, file),
        Map.of("OTT_HOME", home.toString()));
    if (exit != 0) {
      throw new PlatformException("media sample for " + clip.titleId() + " failed with exit code " + exit
          + " (its reason is printed above)");
    }
    return file;
  }

  /** Prints the job's progress from serving-api's media state until DONE; FAILED or no end in time stop the demo. */
  private void follow(String editorToken, String titleId, String jobId, String prefix) {
    long started = System.nanoTime();
    long deadline = started + JOB_TIMEOUT.toNanos();
    String lastState = "";
    double lastPercent = -PRINT_STEP;
    while (System.nanoTime() < deadline) {
      JsonNode job = null;
      for (JsonNode j : mediaJobs(editorToken, titleId)) {
        if (j.path("jobId").asText().equals(jobId)) {
          job = j;
        }
      }
      if (job != null) {
        String state = job.path("state").asText();
        double percent = job.path("percent").asDouble();
        if (!state.equals(lastState) || percent >= lastPercent + PRINT_STEP) {
          out.println(prefix + titleId + ": " + describe(job));
          lastState = state;
          lastPercent = percent;
        }
        if (state.equals("DONE")) {
          out.printf("%s%s: playable, encrypted (%s/master.m3u8, manifest.mpd) after %.0f s%n", prefix, titleId,
              job.path("publishedPath").asText(titleId), (System.nanoTime() - started) / 1e9);
          return;
        }
        if (state.equals("FAILED")) {
          throw new PlatformException("media job " + jobId + " for " + titleId + " failed: "
              + job.path("errorReason").asText(job.path("message").asText()) + " (./ott logs media-worker)");
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PlatformException("interrupted while waiting for media job " + jobId, e);
      }
    }
    throw new PlatformException("media job " + jobId + " for " + titleId + " did not finish within " + JOB_TIMEOUT
        + " (last state: " + (lastState.isEmpty() ? "not reported" : lastState) + "); is the media worker running? "
        + "./ott status, ./ott logs media-worker");
  }

  private JsonNode mediaJobs(String editorToken, String titleId) {
    return api.get("/v1/admin/titles/" + titleId + "/media-jobs", editorToken, null).path("jobs");
  }

  private static double sizeMb(Path file) {
    try {
      return Files.size(file) / 1e6;
    } catch (IOException e) {
      return 0;
    }
  }
}
