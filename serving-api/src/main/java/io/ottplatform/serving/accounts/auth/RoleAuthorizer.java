package io.ottplatform.serving.accounts.auth;

import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/** {@code @RolesAllowed("editor")} etc.; admin holds every role, every account is a viewer. */
public final class RoleAuthorizer implements Authorizer<AccountPrincipal> {

  @Override
  public boolean authorize(AccountPrincipal principal, String role, ContainerRequestContext requestContext) {
    try {
      return principal.role().grants(Role.of(role));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
