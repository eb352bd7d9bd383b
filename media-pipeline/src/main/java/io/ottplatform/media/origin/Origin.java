package io.ottplatform.media.origin;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where packaged titles are served from. The pipeline writes a job's output into a staging area and publishes it
 * in one switch: players see the old version or the new one, never a mix, and a failed job leaves nothing
 * behind. {@link LocalOrigin} is a folder; an S3-compatible store would upload the staged files under a versioned
 * prefix and then switch a pointer object the same way.
 */
public interface Origin {

  /** An empty local folder for the job's output (emptied if a crashed run left one). */
  Path stage(String titleId, String jobId);

  /** Makes the staged output the title's media, atomically; the job id is recorded with it. */
  void publish(String titleId, String jobId, Path staged);

  /** Throws the staged output away (failed or cancelled job). */
  void discard(Path staged);

  /** The job whose output the title serves now, if any: a job published before is not encoded again. */
  Optional<String> publishedJob(String titleId);

  /** The folder a title's media is read from (for local serving and tests). */
  Path titleDir(String titleId);
}
