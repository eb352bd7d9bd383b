package io.ottplatform.serving.accounts.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.ottplatform.serving.common.ErrorBody;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** 401 in the service's error format, with the RFC 6750 challenge. */
public final class JsonUnauthorizedHandler implements UnauthorizedHandler {

  @Override
  public Response buildResponse(String prefix, String realm) {
    return Response.status(401)
        .header("WWW-Authenticate", prefix + " realm=\"" + realm + "\", error=\"invalid_token\"")
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(401, "unauthorized", "a valid, unexpired access token is required"))
        .build();
  }
}
