package io.ottplatform.media.cli;

import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import io.ottplatform.media.EncodeRequest;
import io.ottplatform.media.EncodeResult;
import io.ottplatform.media.MediaPipelineConfig;
import io.ottplatform.media.MediaServices;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.engine.FfmpegException;
import io.ottplatform.media.ladder.Rung;
import io.ottplatform.media.packaging.Subtitle;
import io.ottplatform.media.probe.InvalidMediaException;
import io.ottplatform.media.probe.SourceUnavailableException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One file through the same pipeline as the worker, with a progress bar on stderr:
 *
 * <pre>
 * MediaCli encode &lt;input&gt; --title &lt;id&gt; [--out DIR] [--encrypted] [--subtitles FILE:LANG]... [--job ID]
 *                 [--profile NAME] [--config FILE] [--set key=value]... [--help]
 * </pre>
 *
 * {@code --out DIR} is the origin folder (the title lands in {@code DIR/<id>}); other settings as the worker's.
 * Exit codes: 0 published, 1 bad input or failed encode (the reason on stderr), 2 bad arguments.
 *
 * <pre>
 * MediaCli sample &lt;out.mp4&gt; [--pattern testsrc2|mandelbrot|smptehdbars|gradients] [--seconds N] [--size WxH]
 *                 [--tone HZ]
 * </pre>
 *
 * writes a generated clip ({@link SampleClip}) to try the pipeline with; {@code ./ott demo} encodes its titles
 * from these.
 */
public final class MediaCli {

  static final String USAGE = "usage: MediaCli encode <input> --title <id> [--out DIR] [--encrypted] "
      + "[--subtitles FILE:LANG]... [--job ID] [--profile NAME] [--config FILE] [--set key=value]... [--help]\n"
      + "       MediaCli sample <out.mp4> [--pattern testsrc2|mandelbrot|smptehdbars|gradients] [--seconds N] "
      + "[--size WxH] [--tone HZ]";

  private MediaCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("sample")) {
      return sample(args, out, err);
    }
    if (args.length == 0 || !args[0].equals("encode")) {
      err.println(args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? USAGE : "unknown command. " + USAGE);
      return args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2;
    }
    String input = null;
    String title = null;
    String job = null;
    String profile = "";
    boolean encrypted = false;
    List<Subtitle> subtitles = new ArrayList<>();
    List<String> settingArgs = new ArrayList<>();
    try {
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--title" -> title = value(args, ++i, a);
          case "--job" -> job = value(args, ++i, a);
          case "--profile" -> profile = value(args, ++i, a);
          case "--encrypted" -> encrypted = true;
          case "--out" -> {
            settingArgs.add("--set");
            settingArgs.add("origin-dir=" + value(args, ++i, a));
          }
          case "--subtitles" -> {
            String v = value(args, ++i, a);
            int colon = v.lastIndexOf(':');
            if (colon <= 0) {
              throw new IllegalArgumentException("--subtitles " + v + ": expected FILE:LANG, e.g. movie.srt:en");
            }
            subtitles.add(new Subtitle(Path.of(v.substring(0, colon)), v.substring(colon + 1)));
          }
          case "--config", "--set" -> {
            settingArgs.add(a);
            settingArgs.add(value(args, ++i, a));
          }
          case "--help", "-h" -> settingArgs.add(a);
          default -> {
            if (a.startsWith("--") || input != null) {
              throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            input = a;
          }
        }
      }
      Settings settings = Settings.load("media-pipeline", settingArgs.toArray(String[]::new), System.getenv());
      MediaPipelineConfig config = MediaPipelineConfig.read(settings);
      if (settings.helpRequested()) {
        out.println(USAGE + "\n\n" + settings.help());
        return 0;
      }
      settings.finish();
      if (input == null || title == null) {
        throw new IllegalArgumentException("an input file and --title are required");
      }
      MediaServices services = MediaServices.from(config);
      EncodeRequest request = new EncodeRequest(job == null ? "cli-" + UUID.randomUUID() : job, title, Path.of(input),
          profile, encrypted, subtitles);
      ProgressBar bar = new ProgressBar(err);
      try (FfmpegEngine engine = new FfmpegEngine(services.binaries())) {
        Thread hook = new Thread(engine::cancel); // Ctrl-C kills FFmpeg; the staging folder goes with the JVM's finally blocks
        Runtime.getRuntime().addShutdownHook(hook);
        EncodeResult result = services.pipeline().run(request, engine, bar);
        bar.finish();
        Runtime.getRuntime().removeShutdownHook(hook);
        out.println("published " + result.titleId() + " to " + result.titleDir() + " ("
            + (result.encrypted() ? "encrypted, kid " + result.kid() : "clear") + ")");
        for (Rung r : result.rungs()) {
          out.printf(Locale.ROOT, "  %-6s %dx%d %d kbps%s%n", r.name(), r.width(), r.height(), r.bitrateKbps(),
              r.crf().isPresent() ? " (CRF " + Rung.crfText(r.crf().getAsDouble()) + ", capped at " + r.capKbps() + " kbps)" : "");
        }
        if (result.complexity() != null) {
          out.printf(Locale.ROOT, "  per-title factor %.2f (the ladder's bandwidth over the fixed ladder's)%n",
              result.complexity().factor());
        }
        return 0;
      }
    } catch (ConfigException | IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (InvalidMediaException | SourceUnavailableException | FfmpegException e) {
      err.println();
      err.println("encode failed: " + e.getMessage());
      return 1;
    }
  }

  private static int sample(String[] args, PrintStream out, PrintStream err) {
    String output = null;
    String pattern = "testsrc2";
    int seconds = 20;
    int width = 848;
    int height = 480;
    int tone = 440;
    List<String> settingArgs = new ArrayList<>();
    try {
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--pattern" -> pattern = value(args, ++i, a);
          case "--seconds" -> seconds = number(value(args, ++i, a), a);
          case "--tone" -> tone = number(value(args, ++i, a), a);
          case "--size" -> {
            String v = value(args, ++i, a);
            String[] wh = v.split("x", -1);
            if (wh.length != 2) {
              throw new IllegalArgumentException("--size " + v + ": expected WxH, e.g. 848x480");
            }
            width = number(wh[0], a);
            height = number(wh[1], a);
          }
          case "--config", "--set" -> {
            settingArgs.add(a);
            settingArgs.add(value(args, ++i, a));
          }
          case "--help", "-h" -> {
            out.println(USAGE);
            return 0;
          }
          default -> {
            if (a.startsWith("--") || output != null) {
              throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            output = a;
          }
        }
      }
      if (output == null) {
        throw new IllegalArgumentException("sample needs an output file, e.g. clip.mp4");
      }
      SampleClip clip = new SampleClip(pattern, width, height, seconds, tone);
      Settings settings = Settings.load("media-pipeline", settingArgs.toArray(String[]::new), System.getenv());
      MediaPipelineConfig config = MediaPipelineConfig.read(settings);
      settings.finish();
      Path file = Path.of(output).toAbsolutePath();
      try (FfmpegEngine engine = new FfmpegEngine(io.ottplatform.media.engine.FfmpegBinaries.locate(config.ffmpeg()))) {
        clip.write(engine, file);
      }
      out.printf(Locale.ROOT, "wrote %s: %s %dx%d, %d s, %d Hz tone%n", file, pattern, width, height, seconds, tone);
      return 0;
    } catch (ConfigException | IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (FfmpegException e) {
      err.println("sample failed: " + e.getMessage());
      return 1;
    }
  }

  private static int number(String v, String flag) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " " + v + ": not a whole number");
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
