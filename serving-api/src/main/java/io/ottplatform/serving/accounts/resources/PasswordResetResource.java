package io.ottplatform.serving.accounts.resources;

import io.ottplatform.serving.accounts.PasswordResets;
import io.ottplatform.serving.accounts.api.PasswordResetConfirm;
import io.ottplatform.serving.accounts.api.PasswordResetRequest;
import io.ottplatform.serving.accounts.auth.Public;
import io.ottplatform.serving.common.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Password reset by e-mail: request a link (always 202, one answer), then confirm with its token. */
@Path("/v1/auth/password-reset")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PasswordResetResource {

  private final PasswordResets resets;
  private final ClientAddresses clients;

  public PasswordResetResource(PasswordResets resets, ClientAddresses clients) {
    this.resets = resets;
    this.clients = clients;
  }

  @POST
  @Public
  public Response request(@NotNull @Valid PasswordResetRequest request, @Context HttpServletRequest http) {
    return Response.status(202).entity(resets.request(request.email(), clients.key(http)))
        .header("Cache-Control", "no-store").build();
  }

  /** Every session of the account ends: log in with the new password. */
  @POST
  @Path("/confirm")
  @Public
  public Response confirm(@NotNull @Valid PasswordResetConfirm request) {
    resets.confirm(request.token(), request.newPassword());
    return Response.ok(Map.of("status", "password_changed", "message",
            "the password is set and every session of the account ended; log in with the new password"))
        .header("Cache-Control", "no-store").build();
  }
}
