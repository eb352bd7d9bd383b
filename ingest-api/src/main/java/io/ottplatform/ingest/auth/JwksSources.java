package io.ottplatform.ingest.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.ottplatform.ingest.IngestConfiguration.TokenSettings;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;

/** Where the public keys come from: a JWKS file (read at start) or URL (cached, refreshed, rate-limited). */
public final class JwksSources {

  private JwksSources() {}

  public static JWKSource<SecurityContext> from(TokenSettings settings) {
    if (settings.jwksFile != null && !settings.jwksFile.isBlank()) {
      try {
        return new ImmutableJWKSet<>(JWKSet.load(Path.of(settings.jwksFile).toFile()));
      } catch (IOException | ParseException e) {
        throw new IllegalArgumentException("playbackToken.jwksFile " + settings.jwksFile + " is not a readable JWKS: "
            + e.getMessage(), e);
      }
    }
    try {
      long ttl = settings.jwksRefresh.toMilliseconds();
      return JWKSourceBuilder.<SecurityContext>create(URI.create(settings.jwksUrl).toURL())
          .cache(ttl, Math.min(ttl, 15_000))
          .build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("playbackToken.jwksUrl is not a URL: " + settings.jwksUrl, e);
    }
  }
}
