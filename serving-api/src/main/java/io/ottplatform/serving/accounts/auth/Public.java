package io.ottplatform.serving.accounts.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that needs no access token (sign-up, login, JWKS, token-protected media and
 * keys). Dropwizard treats {@code @PermitAll} as "any authenticated caller", so public endpoints
 * carry this instead; a test checks every resource method has either this or {@code @RolesAllowed}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Public {}
