package io.ottplatform.serving.watch;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.servlets.assets.AssetServlet;
import java.nio.charset.StandardCharsets;

/**
 * The watch page (issue #13: "a demo page where a real viewer can press play"): a viewer signs in, picks a profile,
 * browses the catalog and plays a title with hls.js and the player SDK, whose events go to ingest-api. The page is
 * bundled by src/main/dashboard's esbuild (second entry point) into the jar's assets/watch/ and served at /watch/;
 * its one setting is {@code GET /v1/watch/config}. Everything else it calls is the viewer API any app uses.
 */
public final class Watch {

  /** The SDK's script-tag build as ServingApplication serves it from the player-sdk jar. */
  static final String SDK_SCRIPT = "/sdk/ott-player-sdk.iife.js";

  private Watch() {}

  public static void register(WatchConfig config, Environment env) {
    env.jersey().register(new WatchConfigResource(config));
    env.servlets().addServlet("watch-page",
            new AssetServlet("/assets/watch", "/watch", "index.html", StandardCharsets.UTF_8))
        .addMapping("/watch/*");
  }
}
