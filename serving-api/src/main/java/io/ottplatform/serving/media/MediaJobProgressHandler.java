package io.ottplatform.serving.media;

import io.ottplatform.schemas.avro.MediaJobProgress;
import io.ottplatform.schemas.avro.MediaJobState;
import io.ottplatform.serving.admin.api.MediaAssetRequest;
import io.ottplatform.serving.catalog.CatalogService;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.media.api.MediaJobView;
import io.ottplatform.serving.media.db.MediaJobDao;
import io.ottplatform.serving.playback.PipelineKeys;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code media.jobs.progress} record into {@code media_jobs}; a DONE job attaches its published folder (and
 * the pipeline's key id) to the title, as {@code PUT /v1/admin/titles/{id}/media} does for a hand-packaged one.
 */
public final class MediaJobProgressHandler {

  private static final Logger LOG = LoggerFactory.getLogger(MediaJobProgressHandler.class);
  /** media-pipeline's encoding message: "[worker] 40% encoded, 1.50x realtime, ETA 12s". */
  private static final Pattern SPEED = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)x realtime");
  private static final Pattern ETA = Pattern.compile("ETA (\\d+)s");
  private static final Pattern WORKER = Pattern.compile("^\\[[^\\]]*\\] ");

  private final MediaJobDao jobs;
  private final CatalogService catalog;
  private final PipelineKeys keys;

  public MediaJobProgressHandler(MediaJobDao jobs, CatalogService catalog, PipelineKeys keys) {
    this.jobs = jobs;
    this.catalog = catalog;
    this.keys = keys;
  }

  public void apply(MediaJobProgress p) {
    String message = p.getMessage() == null ? null : p.getMessage().toString();
    boolean encoding = p.getState() == MediaJobState.ENCODING && message != null;
    Float speed = encoding ? group(SPEED, message).map(Float::parseFloat).orElse(null) : null;
    Integer eta = encoding ? group(ETA, message).map(Integer::parseInt).orElse(null) : null;
    String published = p.getState() == MediaJobState.DONE ? folder(p) : null;
    String error = p.getState() == MediaJobState.FAILED && message != null ? WORKER.matcher(message).replaceFirst("")
        : null;
    boolean latest = jobs.report(new MediaJobView(p.getJobId(), p.getTitleId(), p.getState().name(), p.getPercent(),
        speed, eta, message, error, published, p.getUpdatedAt()));
    if (latest && published != null) {
      attach(p.getJobId(), p.getTitleId(), published);
    }
  }

  private void attach(String jobId, String titleId, String folder) {
    try {
      String kidHex = keys.find(titleId).map(k -> k.kidHex()).orElse(null);
      catalog.attachMedia(titleId, new MediaAssetRequest(folder, kidHex, null));
    } catch (ApiException | IllegalArgumentException e) {
      LOG.warn("media job {} published {} but title {} could not take it: {}", jobId, folder, titleId, e.getMessage());
      jobs.failAttach(jobId, "published, but not attached to the title: " + e.getMessage());
    }
  }

  /** The origin folder of the published title: the directory of its HLS (or DASH) manifest. */
  private static String folder(MediaJobProgress p) {
    CharSequence manifest = p.getHlsManifest() != null ? p.getHlsManifest() : p.getDashManifest();
    if (manifest == null) {
      return p.getTitleId();
    }
    String m = manifest.toString();
    int slash = m.lastIndexOf('/');
    return slash > 0 ? m.substring(0, slash) : p.getTitleId();
  }

  private static java.util.Optional<String> group(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
  }
}
