package io.ottplatform.serving.accounts.auth;

import java.security.Principal;
import java.util.UUID;

/** The caller of a request, from a verified access token whose login (token family) is still active. */
public record AccountPrincipal(String accountId, Role role, String deviceId, UUID familyId) implements Principal {

  @Override
  public String getName() {
    return accountId;
  }
}
