package io.ottplatform.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.media.engine.EncodeCancelledException;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.engine.FfmpegException;
import io.ottplatform.media.engine.Progress;
import io.ottplatform.media.keys.ContentKeys;
import io.ottplatform.media.keys.FileKeyStore;
import io.ottplatform.media.keys.MasterKey;
import io.ottplatform.media.origin.LocalOrigin;
import io.ottplatform.media.packaging.Subtitle;
import io.ottplatform.media.packaging.ThumbnailSpec;
import io.ottplatform.schemas.avro.MediaJobState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline end to end on real FFmpeg, with tiny generated sources. */
class MediaPipelineTest {

  @TempDir static Path dir;
  static Path source480;
  static Path source360;
  static LocalOrigin origin;
  static FileKeyStore keys;
  static MediaPipeline pipeline;

  @BeforeAll
  static void sources() throws IOException {
    source480 = TestSources.make(dir, "src480.mp4", "testsrc2", 848, 480, 10, 4, true);
    source360 = TestSources.make(dir, "src360.mp4", "mandelbrot", 640, 360, 10, 4, true);
    origin = new LocalOrigin(dir.resolve("origin"));
    SecureRandom random = new SecureRandom();
    keys = new FileKeyStore(dir.resolve("keys"), MasterKey.fromConfig("", dir.resolve("master.key"), random), random);
    pipeline = new MediaPipeline(origin, keys, options(false));
  }

  static PipelineOptions options(boolean perTitle) {
    return new PipelineOptions("http://127.0.0.1:8090/v1/keys/{titleId}/hls", dir.resolve("work"), perTitle,
        Optional.of("ultrafast"), Optional.of(ThumbnailSpec.DEFAULT), true);
  }

  private static EncodeResult encode(MediaPipeline p, String job, String title, Path source, boolean encrypted,
      List<Subtitle> subs) {
    try (FfmpegEngine engine = new FfmpegEngine(TestSources.FFMPEG)) {
      return p.run(new EncodeRequest(job, title, source, "", encrypted, subs), engine, JobListener.NONE);
    }
  }

  @Test
  void clearTitleHasAlignedRungsNoneAboveTheSourceAndBothManifestsOverOneSetOfSegments() throws Exception {
    Path srt = Files.writeString(dir.resolve("subs.srt"), "1\n00:00:00,500 --> 00:00:02,000\nHello\n\n"
        + "2\n00:00:02,500 --> 00:00:03,500\nWorld\n");
    EncodeResult result = encode(pipeline, "job-clear", "clear-1", source480, false, List.of(new Subtitle(srt, "en")));
    Path title = dir.resolve("origin/clear-1");
    assertThat(result.rungs()).extracting(r -> r.width() + "x" + r.height()).containsExactly("848x480", "640x360");

    String mpd = Files.readString(title.resolve("manifest.mpd"));
    List<Integer> heights = new ArrayList<>();
    Matcher m = Pattern.compile("<Representation [^>]*height=\"(\\d+)\"").matcher(mpd);
    while (m.find()) {
      heights.add(Integer.parseInt(m.group(1)));
    }
    assertThat(heights).as("no rung above the 480p source").containsExactly(480, 360);
    assertThat(mpd).contains("mimeType=\"text/vtt\"").contains("<BaseURL>subs-en.vtt</BaseURL>");

    List<Double> keyframes0 = keyframeTimes(title, 0);
    List<Double> keyframes1 = keyframeTimes(title, 1);
    assertThat(keyframes0).as("a closed GOP every 2 s").containsExactly(0.0, 2.0);
    assertThat(keyframes1).as("rungs switch at the same instants").isEqualTo(keyframes0);

    String master = Files.readString(title.resolve("master.m3u8"));
    assertThat(master).contains("TYPE=SUBTITLES").contains("SUBTITLES=\"subs\"");
    String media0 = Files.readString(title.resolve("media_0.m3u8"));
    assertThat(media0).as("HLS reads the DASH fMP4 segments").contains("#EXT-X-MAP:URI=\"init-0.m4s\"").contains("chunk-0-");
    assertThat(Files.readString(title.resolve("subs-en.vtt"))).startsWith("WEBVTT").contains("Hello");
    assertThat(title.resolve("poster.jpg")).isNotEmptyFile();
    assertThat(title.resolve("sprite-001.jpg")).isNotEmptyFile();
    assertThat(Files.readString(title.resolve("thumbnails.vtt"))).contains("00:00:02.000 --> 00:00:04.000\nsprite-001.jpg#xywh=160,0,160,90");
    JsonNode json = new ObjectMapper().readTree(title.resolve("media.json").toFile());
    assertThat(json.path("durationSeconds").asDouble()).isBetween(3.9, 4.2);
    assertThat(json.path("renditions")).hasSize(2);
    assertThat(dir.resolve("origin/.staging")).isEmptyDirectory();
    assertThat(dir.resolve("work/job-clear")).doesNotExist();
  }

  @Test
  void theSameJobIsNotEncodedTwice() {
    encode(pipeline, "job-twice", "twice-1", source360, false, List.of());
    EncodeResult again = encode(pipeline, "job-twice", "twice-1", source360, false, List.of());
    assertThat(again.alreadyPublished()).isTrue();
  }

  @Test
  void encryptedTitleHasProtectedManifestsAndSegmentsThatOnlyTheKeyOpens() throws Exception {
    EncodeResult result = encode(pipeline, "job-enc", "enc-1", source360, true, List.of());
    ContentKeys k = keys.find("enc-1").orElseThrow();
    assertThat(result.kid()).isEqualTo(k.kidHex());
    Path title = dir.resolve("origin/enc-1");

    String mpd = Files.readString(title.resolve("manifest.mpd"));
    assertThat(mpd).contains("schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"cenc\" cenc:default_KID=\""
        + k.kidUuid() + "\"");
    assertThat(mpd).contains("schemeIdUri=\"urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e\"");

    String variant = Files.readString(title.resolve("hls-0.m3u8"));
    assertThat(variant).contains("#EXT-X-KEY:METHOD=AES-128,URI=\"http://127.0.0.1:8090/v1/keys/enc-1/hls\"");
    assertThat(Files.readString(title.resolve("master.m3u8"))).contains("hls-0.m3u8");

    // DASH CENC: FFmpeg decodes the video rendition only with -decryption_key
    Path video = concat(title, 0, dir.resolve("enc-video.mp4"));
    assertThatThrownBy(() -> decode(video, null)).isInstanceOf(FfmpegException.class);
    decode(video, k.cencKeyHex());

    // HLS AES-128: the segment is AES-CBC of an MPEG-TS (sync byte 0x47 every 188 bytes), IV = media sequence 0
    byte[] encrypted = Files.readAllBytes(title.resolve("hls-0-00000.ts"));
    assertThat(encrypted[0] == 0x47 && encrypted[188] == 0x47).as("stored encrypted").isFalse();
    Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k.hlsKey(), "AES"), new IvParameterSpec(new byte[16]));
    byte[] plain = aes.doFinal(encrypted);
    assertThat(new byte[] {plain[0], plain[188], plain[376]}).containsOnly((byte) 0x47);
    assertThat(dir.resolve("work/job-enc")).as("the plain HLS key file is gone").doesNotExist();
    assertThat(Files.readString(title.resolve("media.json"))).doesNotContain(k.cencKeyHex());
  }

  @Test
  void aJobKilledMidEncodeLeavesNothingPublished() {
    List<Progress> seen = new ArrayList<>();
    try (FfmpegEngine engine = new FfmpegEngine(TestSources.FFMPEG)) {
      JobListener killer = new JobListener() {
        @Override
        public void stage(MediaJobState state, double percent, String message) { }

        @Override
        public void encoding(Progress progress, double jobPercent) {
          seen.add(progress);
          engine.cancel();
        }
      };
      assertThatThrownBy(() -> pipeline.run(new EncodeRequest("job-kill", "kill-1", source480, "", true, List.of()),
          engine, killer)).isInstanceOf(EncodeCancelledException.class);
    }
    assertThat(seen).isNotEmpty();
    assertThat(dir.resolve("origin/kill-1")).doesNotExist();
    assertThat(dir.resolve("origin/.staging")).isEmptyDirectory();
    assertThat(dir.resolve("work/job-kill")).doesNotExist();
  }

  private static List<Double> keyframeTimes(Path title, int representation) throws IOException {
    Path joined = concat(title, representation, dir.resolve("rep-" + representation + ".mp4"));
    String csv = TestSources.probe(List.of("-select_streams", "v:0", "-show_entries", "packet=pts_time,flags",
        "-of", "csv=p=0", joined.toString()));
    List<Double> times = new ArrayList<>();
    for (String line : csv.split("\n")) {
      String[] f = line.split(",");
      if (f.length == 2 && f[1].startsWith("K")) {
        times.add(Math.round(Double.parseDouble(f[0]) * 1000) / 1000.0);
      }
    }
    return times;
  }

  /** init segment + media segments of one representation, as a player appends them. */
  private static Path concat(Path title, int representation, Path out) throws IOException {
    List<Path> chunks;
    try (Stream<Path> files = Files.list(title)) {
      chunks = files.filter(p -> p.getFileName().toString().startsWith("chunk-" + representation + "-")).sorted().toList();
    }
    try (OutputStream o = Files.newOutputStream(out)) {
      o.write(Files.readAllBytes(title.resolve("init-" + representation + ".m4s")));
      for (Path c : chunks) {
        o.write(Files.readAllBytes(c));
      }
    }
    return out;
  }

  private static void decode(Path file, String keyHex) {
    List<String> args = new ArrayList<>(List.of("-xerror"));
    if (keyHex != null) {
      args.addAll(List.of("-decryption_key", keyHex));
    }
    args.addAll(List.of("-i", file.toString(), "-f", "null", "-"));
    TestSources.run(args);
  }

}
