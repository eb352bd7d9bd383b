package io.ottplatform.serving.accounts.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.api.DeviceView;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.db.DeviceDao;
import io.ottplatform.serving.common.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Devices are registered by login; here they are listed and removed (which signs them out). */
@Path("/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

  private final DeviceDao devices;
  private final Runnable onRevoke;

  public DeviceResource(DeviceDao devices, Runnable onRevoke) {
    this.devices = devices;
    this.onRevoke = onRevoke;
  }

  @GET
  @RolesAllowed("viewer")
  public List<DeviceView> list(@Auth AccountPrincipal caller) {
    return devices.list(caller.accountId()).stream()
        .map(d -> new DeviceView(d.id(), d.name(), d.createdAt(), d.lastSeenAt(), d.id().equals(caller.deviceId())))
        .toList();
  }

  @DELETE
  @Path("/{deviceId}")
  @RolesAllowed("viewer")
  public Response remove(@Auth AccountPrincipal caller, @PathParam("deviceId") String deviceId) {
    if (!devices.remove(caller.accountId(), deviceId)) {
      throw ApiException.notFound("device", deviceId);
    }
    onRevoke.run();
    return Response.noContent().build();
  }
}
