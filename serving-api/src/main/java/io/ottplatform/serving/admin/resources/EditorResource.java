package io.ottplatform.serving.admin.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.admin.api.MediaAssetRequest;
import io.ottplatform.serving.catalog.CatalogService;
import io.ottplatform.serving.catalog.api.TitleRequest;
import io.ottplatform.serving.catalog.api.TitleView;
import io.ottplatform.serving.common.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Editors create and edit titles. Optimistic concurrency: GET returns {@code ETag: "<version>"};
 * PUT and DELETE require {@code If-Match} with it (428 without, 412 when someone else changed it).
 */
@Path("/v1/admin/titles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EditorResource {

  private static final Pattern IF_MATCH = Pattern.compile("^\"(\\d{1,18})\"$");

  private final CatalogService catalog;

  public EditorResource(CatalogService catalog) {
    this.catalog = catalog;
  }

  @POST
  @RolesAllowed("editor")
  public Response create(@Auth AccountPrincipal caller, @NotNull @Valid TitleRequest request) {
    TitleView created = catalog.create(request, caller.accountId());
    return Response.status(201).tag(etag(created)).entity(created).build();
  }

  @GET
  @Path("/{titleId}")
  @RolesAllowed("editor")
  public Response get(@PathParam("titleId") String titleId) {
    TitleView view = catalog.editorView(titleId);
    return Response.ok(view).tag(etag(view)).build();
  }

  @PUT
  @Path("/{titleId}")
  @RolesAllowed("editor")
  public Response update(@Auth AccountPrincipal caller, @PathParam("titleId") String titleId,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull @Valid TitleRequest request) {
    TitleView updated = catalog.update(titleId, expectedVersion(ifMatch), request, caller.accountId());
    return Response.ok(updated).tag(etag(updated)).build();
  }

  @DELETE
  @Path("/{titleId}")
  @RolesAllowed("editor")
  public Response delete(@Auth AccountPrincipal caller, @PathParam("titleId") String titleId,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    catalog.delete(titleId, expectedVersion(ifMatch), caller.accountId());
    return Response.noContent().build();
  }

  @PUT
  @Path("/{titleId}/media")
  @RolesAllowed("editor")
  public Response attachMedia(@PathParam("titleId") String titleId, @NotNull @Valid MediaAssetRequest request) {
    catalog.attachMedia(titleId, request);
    return Response.noContent().build();
  }

  static long expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new ApiException(428, "if_match_required", "send If-Match with the ETag from GET to change a title");
    }
    Matcher m = IF_MATCH.matcher(ifMatch.trim());
    if (!m.matches()) {
      throw ApiException.badRequest("invalid_if_match", "If-Match must be a strong ETag like \"3\"");
    }
    return Long.parseLong(m.group(1));
  }

  private static EntityTag etag(TitleView view) {
    return new EntityTag(Long.toString(view.version()));
  }
}
