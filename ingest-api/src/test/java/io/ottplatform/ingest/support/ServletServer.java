package io.ottplatform.ingest.support;

import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.jackson.JacksonFeature;
import jakarta.servlet.http.HttpServlet;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** One servlet on a real Jetty (async included) on a free local port, with a JAX-RS client pointed at it. */
public final class ServletServer implements AutoCloseable {

  private final Server server = new Server();
  private final Client client = ClientBuilder.newClient().register(new JacksonFeature(Jackson.newObjectMapper()));
  private final String base;

  public ServletServer(HttpServlet servlet, String path) {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, path);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start Jetty for " + servlet.getClass().getSimpleName(), e);
    }
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  public WebTarget target(String path) {
    return client.target(base).path(path);
  }

  @Override
  public void close() throws Exception {
    client.close();
    server.stop();
  }
}
