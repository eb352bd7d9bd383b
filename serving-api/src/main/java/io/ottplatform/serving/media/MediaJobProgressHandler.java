package io.ottplatform.serving.media;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ottplatform.schemas.avro.MediaJobProgress;
import io.ottplatform.schemas.avro.MediaJobState;
import io.ottplatform.schemas.avro.MediaRendition;
import io.ottplatform.serving.catalog.CatalogService;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.media.api.MediaJobView;
import io.ottplatform.serving.media.db.MediaJobDao;
import io.ottplatform.serving.playback.PipelineKeys;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code media.jobs.progress} record into {@code media_jobs}. A DONE job's record carries what was published:
 * in the same transaction as the job's state, the title gets its media asset (folder, key id, rungs, duration) and
 * its duration as a new version whose catalog change goes to the outbox ({@link CatalogService#attachPublished}).
 * A title that cannot take it keeps the job DONE with an error reason.
 */
public final class MediaJobProgressHandler {

  private static final Logger LOG = LoggerFactory.getLogger(MediaJobProgressHandler.class);
  /** media-pipeline's encoding message: "[worker] 40% encoded, 1.50x realtime, ETA 12s" (v2 workers: no fields). */
  private static final Pattern SPEED = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)x realtime");
  private static final Pattern ETA = Pattern.compile("ETA (\\d+)s");
  private static final Pattern WORKER = Pattern.compile("^\\[[^\\]]*\\] ");

  private static final ObjectMapper JSON = new ObjectMapper();

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
    // the fields of MediaJobProgress v3; a v2 worker's speed and ETA are in its message text only
    Float speed = p.getState() != MediaJobState.ENCODING ? null : p.getSpeed() != null ? p.getSpeed()
        : encoding ? group(SPEED, message).map(Float::parseFloat).orElse(null) : null;
    Integer eta = p.getState() != MediaJobState.ENCODING ? null : p.getEtaSeconds() != null ? p.getEtaSeconds()
        : encoding ? group(ETA, message).map(Integer::parseInt).orElse(null) : null;
    String published = p.getState() == MediaJobState.DONE ? folder(p) : null;
    String error = p.getState() == MediaJobState.FAILED && message != null ? WORKER.matcher(message).replaceFirst("")
        : null;
    MediaJobView view = new MediaJobView(p.getJobId(), p.getTitleId(), p.getState().name(), p.getPercent(),
        speed, eta, message, error, published, p.getUpdatedAt());
    jobs.jdbi().useTransaction(h -> {
      boolean latest = jobs.report(h, view);
      if (latest && published != null) {
        attach(h, p, published);
      }
    });
  }

  private void attach(Handle h, MediaJobProgress p, String folder) {
    String jobId = p.getJobId();
    String titleId = p.getTitleId();
    try {
      String kidHex = p.getKeyId() != null ? p.getKeyId().toString() : keys.find(titleId).map(k -> k.kidHex()).orElse(null);
      catalog.attachPublished(h, titleId, folder, kidHex, renditionsJson(p.getRenditions()), p.getDurationMs(), jobId);
    } catch (ApiException | IllegalArgumentException e) {
      LOG.warn("media job {} published {} but title {} could not take it: {}", jobId, folder, titleId, e.getMessage());
      jobs.failAttach(h, jobId, "published, but not attached to the title: " + e.getMessage());
    }
  }

  /** The rungs as the title's media asset stores them (the admin API's names). */
  static String renditionsJson(List<MediaRendition> renditions) {
    ArrayNode array = JSON.createArrayNode();
    for (MediaRendition r : renditions) {
      array.addObject().put("name", r.getName().toString()).put("width", r.getWidth()).put("height", r.getHeight())
          .put("bitrateKbps", r.getBitrateKbps());
    }
    return array.toString();
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
