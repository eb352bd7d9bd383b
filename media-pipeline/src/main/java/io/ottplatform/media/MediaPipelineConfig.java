package io.ottplatform.media;

import io.ottplatform.config.Settings;
import io.ottplatform.media.packaging.ThumbnailSpec;
import io.ottplatform.media.worker.WorkerHealthConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** media-pipeline's settings, read once through libs/config (bundled {@code media-pipeline.yml}). */
public record MediaPipelineConfig(String bootstrap, String groupId, int maxAttempts, Duration progressInterval,
    Duration sessionTimeout,
    String ffmpeg, Path originDir, Path workDir, String preset, boolean perTitle, boolean poster,
    int thumbnailInterval, String hlsKeyUri, KeyStoreKind keyStore, Path keysDir, String masterKey, Path masterKeyFile,
    String dbUrl, String dbUser, String dbPassword, WorkerHealthConfig health) {

  /** Where content keys rest (both wrapped under the master key). */
  public enum KeyStoreKind { FILE, POSTGRES }

  public static MediaPipelineConfig read(Settings s) {
    MediaPipelineConfig c = new MediaPipelineConfig(
        s.string("kafka.bootstrap", "127.0.0.1:9092", "Kafka bootstrap servers"),
        s.string("worker.group-id", "ott-media-pipeline", "consumer group of the workers on media.jobs"),
        s.integer("worker.max-attempts", 3, 1, 100, "tries before a job goes to media.jobs.dead-letter"),
        s.duration("worker.progress-interval", "1s", "how often encoding progress is sent"),
        s.duration("worker.session-timeout", "45s", "how long the group waits for a worker killed without leaving"),
        s.string("ffmpeg", "maven", "'maven' (FFmpeg 8 from org.bytedeco) or a folder with ffmpeg and ffprobe"),
        s.path("origin-dir", ".ott/origin", "the origin: <dir>/<titleId>/master.m3u8 and manifest.mpd"),
        s.path("work-dir", ".ott/state/media-pipeline/work", "a job's scratch space"),
        s.string("encode.preset", "", "x264 preset instead of the profile's (empty: the profile's)"),
        s.bool("encode.per-title", true, "scale the ladder's bitrates by the source's measured complexity"),
        s.bool("encode.poster", true, "write poster.jpg"),
        s.integer("encode.thumbnail-interval", 2, 0, 600, "seconds between thumbnails (0: no sprite)"),
        s.string("keys.hls-key-uri", "http://127.0.0.1:8090/v1/keys/hls/{titleId}",
            "absolute HLS key URI written into playlists ({titleId} replaced)"),
        s.choice("keys.store", KeyStoreKind.class, KeyStoreKind.FILE, "where wrapped content keys rest"),
        s.path("keys.dir", ".ott/state/media-pipeline/keys", "the file key store: one wrapped key file per title"),
        s.string("keys.master-key", "", "base64 AES-256 master key wrapping content keys (empty: master-key-file)"),
        s.path("keys.master-key-file", ".ott/state/media-pipeline/master.key", "development master key, created once"),
        s.string("db.url", "jdbc:postgresql://127.0.0.1:5432/ott", "PostgreSQL for keys.store=postgres"),
        s.string("db.user", "postgres", "PostgreSQL user"),
        s.string("db.password", "", "PostgreSQL password"),
        WorkerHealthConfig.read(s));
    s.check(c.hlsKeyUri().matches("https?://.+"), "keys.hls-key-uri = '" + c.hlsKeyUri()
        + "': must be an absolute http(s) URI (players resolve the key URI as written)");
    return c;
  }

  public PipelineOptions pipelineOptions() {
    return new PipelineOptions(hlsKeyUri, workDir, perTitle, preset.isBlank() ? Optional.empty() : Optional.of(preset),
        thumbnailInterval == 0 ? Optional.empty()
            : Optional.of(new ThumbnailSpec(thumbnailInterval, ThumbnailSpec.DEFAULT.width(),
                ThumbnailSpec.DEFAULT.columns(), ThumbnailSpec.DEFAULT.rows())), poster);
  }
}
