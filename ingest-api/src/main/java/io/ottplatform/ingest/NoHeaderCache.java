package io.ottplatform.ingest;

import io.dropwizard.lifecycle.ServerLifecycleListener;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;

/**
 * Turns off Jetty's per-connection header cache. Jetty caches header values, Authorization among them,
 * per connection, and when a new value does not fit it clears the whole cache (an array fill of tens of
 * kilobytes). Every session has its own playback token, so on a connection that carries many sessions
 * (a CDN, a load balancer, the benchmark's load generator) nearly every request cleared it: 46 % of the
 * service's CPU samples in the ingest benchmark's profile. Dropwizard's {@code headerCacheSize} cannot go
 * below 128 bytes, hence this listener; connections opened after start-up get no cache.
 */
final class NoHeaderCache implements ServerLifecycleListener {

  @Override
  public void serverStarted(Server server) {
    for (Connector connector : server.getConnectors()) {
      // contained, not direct: Dropwizard wraps the HTTP factory in a metrics-instrumented one
      for (HttpConnectionFactory http : connector.getContainedBeans(HttpConnectionFactory.class)) {
        http.getHttpConfiguration().setHeaderCacheSize(0);
      }
    }
  }
}
