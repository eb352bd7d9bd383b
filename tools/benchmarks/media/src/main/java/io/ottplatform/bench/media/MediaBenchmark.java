package io.ottplatform.bench.media;

import io.ottplatform.media.EncodeRequest;
import io.ottplatform.media.EncodeResult;
import io.ottplatform.media.JobListener;
import io.ottplatform.media.MediaPipeline;
import io.ottplatform.media.PipelineOptions;
import io.ottplatform.media.engine.FfmpegBinaries;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.keys.FileKeyStore;
import io.ottplatform.media.keys.MasterKey;
import io.ottplatform.media.ladder.ComplexityProbe;
import io.ottplatform.media.ladder.LadderPlanner;
import io.ottplatform.media.ladder.LadderProfile;
import io.ottplatform.media.ladder.QualityMeter;
import io.ottplatform.media.ladder.Rung;
import io.ottplatform.media.origin.LocalOrigin;
import io.ottplatform.media.packaging.PackagingCommand;
import io.ottplatform.media.probe.MediaInfo;
import io.ottplatform.media.probe.Prober;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./ott bench media}: on one generated 1080p source (testsrc2 + a sine tone, {@code --seconds}, default 20)
 * and one easy source (FFmpeg's {@code gradients}), with the default profile at its preset ({@code veryfast}):
 *
 * <ol>
 *   <li>the 4-rung ladder as 4 separate FFmpeg processes (each decodes and scales for its rung) vs the pipeline's
 *       one process (one decode, split): CPU-seconds from FFmpeg's own {@code -benchmark} (utime + stime);
 *   <li>the pipeline end to end ({@link MediaPipeline#run}, per-title off, no extras): × realtime, and its overhead
 *       over the bare FFmpeg command it runs (probe, integrity check, progress parsing, manifests, publish);
 *   <li>per-title on the easy source: video bytes of the per-title ladder vs the fixed ladder and the top rung's
 *       PSNR for both (the saving counts only if the PSNR stays within 0.5 dB);
 *   <li>PSNR per rung of the 1080p source's pipeline output.
 * </ol>
 *
 * Ends with {@code BENCH media cpu_ratio_vs_separate=.. realtime_x=.. overhead_pct=.. per_title_bits_saved_pct=..
 * psnr_1080=..}. Work files go under {@code $OTT_HOME/bench/media-work} and are deleted afterwards.
 */
public final class MediaBenchmark {

  private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");

  private final FfmpegBinaries ffmpeg = FfmpegBinaries.fromMaven();
  private final Path work;
  private final double seconds;
  private final LadderProfile profile = LadderProfile.DEFAULT_H264;

  MediaBenchmark(Path work, double seconds) {
    this.work = work;
    this.seconds = seconds;
  }

  public static void main(String[] args) throws IOException {
    double seconds = 20;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--seconds") && i + 1 < args.length) {
        seconds = Double.parseDouble(args[++i]);
      } else if (args[i].equals("--help")) {
        System.out.println("MediaBenchmark [--seconds N]   (default 20; a 1080p source of N seconds)");
        return;
      } else {
        throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --seconds N, --help)");
      }
    }
    Path home = Path.of(System.getenv().getOrDefault("OTT_HOME", ".ott"));
    Path work = home.resolve("bench/media-work");
    FfmpegEngine.deleteRecursively(work);
    Files.createDirectories(work);
    try {
      new MediaBenchmark(work, seconds).run();
    } finally {
      FfmpegEngine.deleteRecursively(work);
    }
  }

  void run() throws IOException {
    System.out.printf(Locale.ROOT, "machine: %d CPUs, FFmpeg %s%n", Runtime.getRuntime().availableProcessors(), ffmpeg.ffmpeg());
    Path source = generate("source-1080p.mp4", "testsrc2=size=1920x1080:rate=25");
    Path easy = generate("easy-1080p.mp4", "gradients=size=1920x1080:rate=25:speed=0.005");
    try (FfmpegEngine engine = new FfmpegEngine(ffmpeg)) {
      MediaInfo info = new Prober(engine).probe(source);
      List<Rung> rungs = LadderPlanner.plan(profile, info, 1.0);

      // 1. one process vs one process per rung
      Path one = Files.createDirectories(work.resolve("one"));
      double[] oneCpu = cpu(engine, PackagingCommand.build(source, info, profile, rungs, one, Optional.empty(), Optional.empty()));
      double separateCpu = 0;
      double separateWall = 0;
      for (int i = 0; i < rungs.size(); i++) {
        Path dir = Files.createDirectories(work.resolve("separate-" + i));
        MediaInfo single = i == 0 ? info : withoutAudio(info); // audio once, as the ladder has it once
        double[] c = cpu(engine, PackagingCommand.build(source, single, profile, List.of(rungs.get(i)), dir,
            Optional.empty(), Optional.empty()));
        separateCpu += c[0];
        separateWall += c[1];
      }
      double cpuRatio = separateCpu / oneCpu[0];
      System.out.printf(Locale.ROOT, "ladder %s: one process %.1f CPU-s (%.1f s wall), %d processes %.1f CPU-s (%.1f s wall)%n",
          describe(rungs), oneCpu[0], oneCpu[1], rungs.size(), separateCpu, separateWall);

      // 2. the pipeline end to end vs the bare command (measured just above, same arguments)
      MediaPipeline pipeline = pipeline("origin", false);
      long t0 = System.nanoTime();
      EncodeResult result;
      try (FfmpegEngine e = new FfmpegEngine(ffmpeg)) {
        result = pipeline.run(new EncodeRequest("bench-1", "bench-1080p", source, "", false, List.of()), e, JobListener.NONE);
      }
      double pipelineWall = (System.nanoTime() - t0) / 1e9;
      double realtime = info.durationSeconds() / pipelineWall;
      double overheadPct = 100 * (pipelineWall - oneCpu[1]) / oneCpu[1];
      System.out.printf(Locale.ROOT, "pipeline: %.1f s wall for %.1f s of media (%.2fx realtime); bare ffmpeg %.1f s: overhead %.1f %%%n",
          pipelineWall, info.durationSeconds(), realtime, oneCpu[1], overheadPct);

      // 4. PSNR per rung
      QualityMeter meter = new QualityMeter(engine);
      double psnr1080 = Double.NaN;
      for (int i = 0; i < result.rungs().size(); i++) {
        Rung r = result.rungs().get(i);
        QualityMeter.Quality q = meter.measure(rendition(result.titleDir(), i), source, r.width(), r.height());
        System.out.printf(Locale.ROOT, "  %-6s %4dx%-4d %5d kbps  PSNR %.2f dB  SSIM %.4f%n", r.name(), r.width(),
            r.height(), r.bitrateKbps(), q.psnrDb(), q.ssim());
        if (r.height() == 1080) {
          psnr1080 = q.psnrDb();
        }
      }

      // 3. per-title on the easy source
      MediaInfo easyInfo = new Prober(engine).probe(easy);
      ComplexityProbe.Complexity c = new ComplexityProbe(engine).measure(easy, easyInfo, profile, work.resolve("cx"));
      List<Rung> fixed = LadderPlanner.plan(profile, easyInfo, 1.0);
      List<Rung> perTitle = LadderPlanner.plan(profile, easyInfo, c.factor());
      Path fixedDir = Files.createDirectories(work.resolve("easy-fixed"));
      Path ptDir = Files.createDirectories(work.resolve("easy-per-title"));
      cpu(engine, PackagingCommand.build(easy, withoutAudio(easyInfo), profile, fixed, fixedDir, Optional.empty(), Optional.empty()));
      cpu(engine, PackagingCommand.build(easy, withoutAudio(easyInfo), profile, perTitle, ptDir, Optional.empty(), Optional.empty()));
      long fixedBytes = videoBytes(fixedDir);
      long ptBytes = videoBytes(ptDir);
      double fixedPsnr = meter.measure(rendition(fixedDir, 0), easy, 1920, 1080).psnrDb();
      double ptPsnr = meter.measure(rendition(ptDir, 0), easy, 1920, 1080).psnrDb();
      double savedPct = 100.0 * (fixedBytes - ptBytes) / fixedBytes;
      System.out.printf(Locale.ROOT, "per-title (easy source): factor %.2f (CRF %d needed %.0f kbps at 1080p); fixed ladder %d kB "
          + "PSNR %.2f dB, per-title %d kB PSNR %.2f dB: %.1f %% fewer bits, %.2f dB apart%n", c.factor(),
          ComplexityProbe.CRF, c.crfKbps(), fixedBytes / 1000, fixedPsnr, ptBytes / 1000, ptPsnr, savedPct, fixedPsnr - ptPsnr);
      if (fixedPsnr - ptPsnr > 0.5) {
        System.out.println("  (the per-title ladder lost more than 0.5 dB: its saving does not count at equal quality)");
        savedPct = 0;
      }

      System.out.printf(Locale.ROOT, "BENCH media cpu_ratio_vs_separate=%.2f realtime_x=%.2f overhead_pct=%.1f "
          + "per_title_bits_saved_pct=%.1f psnr_1080=%.2f%n", cpuRatio, realtime, overheadPct, savedPct, psnr1080);
    }
  }

  private Path generate(String name, String video) {
    Path out = work.resolve(name);
    try (FfmpegEngine engine = new FfmpegEngine(ffmpeg)) {
      engine.run("source " + name, List.of("-f", "lavfi", "-i", video, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
          "-t", String.valueOf(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p",
          "-c:a", "aac", out.toString()), seconds, p -> { }, List.of(out));
    }
    return out;
  }

  private MediaPipeline pipeline(String originName, boolean perTitle) {
    SecureRandom random = new SecureRandom();
    return new MediaPipeline(new LocalOrigin(work.resolve(originName)),
        new FileKeyStore(work.resolve("keys"), MasterKey.fromConfig("", work.resolve("master.key"), random), random),
        new PipelineOptions("http://127.0.0.1:8090/v1/keys/{titleId}/hls", work.resolve("jobs"), perTitle,
            Optional.empty(), Optional.empty(), false));
  }

  /** utime + stime and wall seconds of one FFmpeg run, from its own {@code -benchmark} report. */
  private static double[] cpu(FfmpegEngine engine, List<String> args) {
    List<String> all = new ArrayList<>(List.of("-y", "-benchmark"));
    all.addAll(args);
    String log = engine.runForLog("benchmark run", all);
    Matcher m = BENCH.matcher(log);
    if (!m.find()) {
      throw new IllegalStateException("FFmpeg printed no -benchmark line: " + log);
    }
    return new double[] {Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))};
  }

  private static MediaInfo withoutAudio(MediaInfo i) {
    return new MediaInfo(i.durationSeconds(), i.width(), i.height(), i.displayAspect(), i.frameRate(), i.videoCodec(),
        false, i.bitRate());
  }

  private static long videoBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path p : files.filter(p -> p.getFileName().toString().matches("(init|chunk)-\\d+.*")).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }

  /** The representation's init segment and media segments joined, as a player appends them. */
  private Path rendition(Path dir, int representation) throws IOException {
    Path out = work.resolve("rendition-" + dir.getFileName() + "-" + representation + ".mp4");
    List<Path> chunks;
    try (Stream<Path> files = Files.list(dir)) {
      chunks = files.filter(p -> p.getFileName().toString().startsWith("chunk-" + representation + "-")).sorted().toList();
    }
    try (OutputStream o = Files.newOutputStream(out)) {
      o.write(Files.readAllBytes(dir.resolve("init-" + representation + ".m4s")));
      for (Path c : chunks) {
        o.write(Files.readAllBytes(c));
      }
    }
    return out;
  }

  private static String describe(List<Rung> rungs) {
    StringBuilder s = new StringBuilder();
    for (Rung r : rungs) {
      s.append(s.length() == 0 ? "" : ",").append(r.height()).append('p');
    }
    return s.toString();
  }
}
