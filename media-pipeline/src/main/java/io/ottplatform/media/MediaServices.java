package io.ottplatform.media;

import io.ottplatform.media.engine.FfmpegBinaries;
import io.ottplatform.media.keys.FileKeyStore;
import io.ottplatform.media.keys.KeyStore;
import io.ottplatform.media.keys.MediaPipelineMigrations;
import io.ottplatform.media.keys.PostgresKeyStore;
import io.ottplatform.media.keys.MasterKey;
import io.ottplatform.media.origin.LocalOrigin;
import java.security.SecureRandom;

/** The real parts wired from config, once, for the worker's and the CLI's {@code main}. */
public record MediaServices(FfmpegBinaries binaries, MediaPipeline pipeline) {

  public static MediaServices from(MediaPipelineConfig config) {
    SecureRandom random = new SecureRandom();
    MasterKey master = MasterKey.fromConfig(config.masterKey(), config.masterKeyFile(), random);
    KeyStore keys;
    if (config.keyStore() == MediaPipelineConfig.KeyStoreKind.POSTGRES) {
      MediaPipelineMigrations.migrate(config.dbUrl(), config.dbUser(), config.dbPassword());
      keys = new PostgresKeyStore(config.dbUrl(), config.dbUser(), config.dbPassword(), master, random);
    } else {
      keys = new FileKeyStore(config.keysDir(), master, random);
    }
    MediaPipeline pipeline = new MediaPipeline(new LocalOrigin(config.originDir()), keys, config.pipelineOptions());
    return new MediaServices(FfmpegBinaries.locate(config.ffmpeg()), pipeline);
  }
}
