package io.ottplatform.serving.media.resources;

import io.ottplatform.serving.media.api.MediaJobView;
import io.ottplatform.serving.media.db.MediaJobDao;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Editors see a title's media jobs: state, percent, speed, ETA, error reason, published folder. Newest first. */
@Path("/v1/admin/titles/{titleId}/media-jobs")
@Produces(MediaType.APPLICATION_JSON)
public class MediaJobsResource {

  private final MediaJobDao jobs;

  public MediaJobsResource(MediaJobDao jobs) {
    this.jobs = jobs;
  }

  @GET
  @RolesAllowed("editor")
  public Map<String, List<MediaJobView>> list(@PathParam("titleId") String titleId) {
    return Map.of("jobs", jobs.forTitle(titleId));
  }
}
