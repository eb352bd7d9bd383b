package io.ottplatform.serving.playback.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.playback.PlaybackService;
import io.ottplatform.serving.playback.PlaybackSessions;
import io.ottplatform.serving.playback.api.PlaybackRenewal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A playback session's life after the grant: the player renews it while it plays (new short-lived media and key
 * tokens), ends it when it stops; an admin revokes any. Another account's or device's session is a 404.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PlaybackSessionResource {

  private final PlaybackService playback;
  private final PlaybackSessions sessions;

  public PlaybackSessionResource(PlaybackService playback, PlaybackSessions sessions) {
    this.playback = playback;
    this.sessions = sessions;
  }

  @POST
  @Path("/playback/sessions/{sessionId}/renew")
  @RolesAllowed("viewer")
  public PlaybackRenewal renew(@Auth AccountPrincipal caller, @PathParam("sessionId") String sessionId) {
    return playback.renew(caller, sessionId);
  }

  @DELETE
  @Path("/playback/sessions/{sessionId}")
  @RolesAllowed("viewer")
  public Response end(@Auth AccountPrincipal caller, @PathParam("sessionId") String sessionId) {
    sessions.end(caller, sessionId);
    return Response.noContent().build();
  }

  @DELETE
  @Path("/admin/playback-sessions/{sessionId}")
  @RolesAllowed("admin")
  public Response revoke(@PathParam("sessionId") String sessionId) {
    sessions.revoke(sessionId, "revoked_by_admin");
    return Response.noContent().build();
  }
}
