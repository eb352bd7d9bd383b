package io.ottplatform.media;

import io.ottplatform.media.engine.Progress;
import io.ottplatform.schemas.avro.MediaJobState;

/** What a job reports while it runs: the worker turns it into media.jobs.progress records, the CLI into a bar. */
public interface JobListener {

  /** A new stage began; {@code percent} is of the whole job. */
  void stage(MediaJobState state, double percent, String message);

  /**
   * The job ended published (or had been published by this job id before): DONE. The worker's record carries the
   * result's renditions, duration and key id, which serving-api records on the title.
   */
  default void published(EncodeResult result, String message) {
    stage(MediaJobState.DONE, 100, message);
  }

  /** FFmpeg's progress during the one encode; {@code jobPercent} maps it onto the whole job. */
  void encoding(Progress progress, double jobPercent);

  JobListener NONE = new JobListener() {
    @Override
    public void stage(MediaJobState state, double percent, String message) { }

    @Override
    public void encoding(Progress progress, double jobPercent) { }
  };
}
