package io.ottplatform.serving.media.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.auth.Public;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.media.TusUploads;
import io.ottplatform.serving.media.TusUploads.Checksum;
import io.ottplatform.serving.media.TusUploads.State;
import io.ottplatform.serving.media.db.UploadDao.Upload;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * tus 1.0.0 (https://tus.io/protocols/resumable-upload) for editors' source files: creation, expiration and
 * checksum (sha1). {@code Upload-Metadata} carries {@code titleId} and {@code filename}. Every answer carries
 * {@code Tus-Resumable: 1.0.0} ({@link TusHeaders}).
 */
@Path("/v1/admin/uploads")
public class UploadResource {

  public static final String VERSION = "1.0.0";
  static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

  private final TusUploads uploads;

  public UploadResource(TusUploads uploads) {
    this.uploads = uploads;
  }

  /** Discovery; open to everyone, as tus clients ask before they authenticate. */
  @OPTIONS
  @Public
  public Response options() {
    return Response.noContent()
        .header("Tus-Version", VERSION)
        .header("Tus-Extension", "creation,expiration,checksum")
        .header("Tus-Max-Size", uploads.maxBytes())
        .header("Tus-Checksum-Algorithm", "sha1")
        .build();
  }

  @POST
  @RolesAllowed("editor")
  public Response create(@Auth AccountPrincipal caller, @HeaderParam("Tus-Resumable") String resumable,
      @HeaderParam("Upload-Length") String length, @HeaderParam("Upload-Metadata") String metadata,
      @Context UriInfo uri) {
    requireVersion(resumable);
    Map<String, String> meta = metadata(metadata);
    Upload u = uploads.create(meta.get("titleId"), meta.get("filename"), number("Upload-Length", length),
        caller.accountId());
    State s = uploads.state(u.id());
    Response.ResponseBuilder r = Response.created(uri.getAbsolutePathBuilder().path(u.id()).build())
        .header("Upload-Offset", s.offset());
    return expires(r, s).build();
  }

  @HEAD
  @Path("/{id}")
  @RolesAllowed("editor")
  public Response head(@HeaderParam("Tus-Resumable") String resumable, @PathParam("id") String id) {
    requireVersion(resumable);
    State s = uploads.state(id);
    return expires(Response.ok().header("Upload-Offset", s.offset()).header("Upload-Length", s.length())
        .header("Cache-Control", "no-store"), s).build();
  }

  @PATCH
  @Path("/{id}")
  @RolesAllowed("editor")
  @Consumes(OFFSET_OCTET_STREAM)
  public Response patch(@HeaderParam("Tus-Resumable") String resumable, @PathParam("id") String id,
      @HeaderParam("Upload-Offset") String offset, @HeaderParam("Upload-Checksum") String checksum,
      InputStream body) {
    requireVersion(resumable);
    State s;
    try {
      s = uploads.append(id, number("Upload-Offset", offset), body, Checksum.parse(checksum));
    } catch (IOException e) {
      // The client went away mid-body: what arrived is kept (TusUploads), it resumes from HEAD's offset.
      throw new ApiException(400, "upload_interrupted", "the body of the PATCH ended early: " + e.getMessage());
    }
    return expires(Response.noContent().header("Upload-Offset", s.offset()), s).build();
  }

  private static Response.ResponseBuilder expires(Response.ResponseBuilder r, State s) {
    return s.finished() ? r : r.header("Upload-Expires", httpDate(s.expiresAt()));
  }

  static String httpDate(Instant at) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
  }

  private static void requireVersion(String resumable) {
    if (!VERSION.equals(resumable)) {
      throw new ApiException(412, "tus_version",
          "Tus-Resumable '" + resumable + "' is not supported; this server speaks " + VERSION);
    }
  }

  private static long number(String header, String value) {
    if (value == null) {
      throw ApiException.badRequest("missing_header", header + " is required");
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("bad_header", header + " '" + value + "' is not a non-negative integer");
    }
  }

  /** {@code key base64,key base64,...}; a key without a value maps to "". */
  static Map<String, String> metadata(String header) {
    Map<String, String> out = new HashMap<>();
    if (header == null || header.isBlank()) {
      return out;
    }
    for (String pair : header.split(",")) {
      String[] kv = pair.trim().split(" ", 2);
      try {
        out.put(kv[0], kv.length == 1 ? "" : new String(Base64.getDecoder().decode(kv[1].trim()),
            StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("bad_metadata", "Upload-Metadata value of '" + kv[0] + "' is not base64");
      }
    }
    return out;
  }
}
