package io.ottplatform.serving.watch;

import io.ottplatform.serving.accounts.auth.Public;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The watch page's settings (docs/watch.md); no token, nothing secret in it. */
@Path("/v1/watch/config")
public class WatchConfigResource {

  private final WatchPageConfig page;

  public WatchConfigResource(WatchConfig config) {
    this.page = new WatchPageConfig(config.endpoint(), Watch.SDK_SCRIPT);
  }

  @GET
  @Public
  @Produces(MediaType.APPLICATION_JSON)
  public WatchPageConfig config() {
    return page;
  }
}
