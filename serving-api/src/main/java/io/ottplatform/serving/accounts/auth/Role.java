package io.ottplatform.serving.accounts.auth;

/** Roles, stored lower-case. Admin implies editor and analyst; everyone is a viewer. */
public enum Role {
  VIEWER, EDITOR, ADMIN, ANALYST;

  public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

  public static Role of(String id) { return valueOf(id.toUpperCase(java.util.Locale.ROOT)); }

  public boolean grants(Role required) {
    return this == required || required == VIEWER || this == ADMIN;
  }
}
