package io.ottplatform.serving.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.ServingApplication;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * API8 (security misconfiguration) on the configuration that ships: serving-api started from the module's own
 * {@code config.yml}, only the secrets, the database and free ports given, answers its admin connector (threads,
 * metrics, log-level and GC tasks) on loopback and refuses it on the host's other addresses.
 */
class ShippedConfigOwaspIT {

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP =
      new DropwizardAppExtension<>(ServingApplication.class, Path.of("config.yml").toAbsolutePath().toString(),
          ConfigOverride.config("server.applicationConnectors[0].port", "0"),
          ConfigOverride.config("server.adminConnectors[0].port", "0"),
          ConfigOverride.config("database.url", DB::jdbcUrl),
          ConfigOverride.config("auth.accessTokenSecret", "shipped-config-access-secret-0123456789abcdef"),
          ConfigOverride.config("playback.urlSigningSecret", "shipped-config-url-secret-0123456789abcdef"),
          ConfigOverride.config("playback.originDirectory", () -> tempDir("ott-shipped-origin-")),
          ConfigOverride.config("media.uploadDirectory", () -> tempDir("ott-shipped-uploads-")),
          ConfigOverride.config("media.masterKeyFile", "target/test-media-master.key"),
          ConfigOverride.config("outbox.bootstrapServers", ""),
          ConfigOverride.config("logging.level", "WARN"));

  @Test
  void api8_theAdminConnectorAnswersOnLoopbackAndRefusesTheHostsOtherAddresses() throws Exception {
    InetAddress external = nonLoopbackAddress()
        .orElseThrow(() -> new AssertionError("this host has no non-loopback IPv4 address to probe from"));
    HttpResponse<String> ping = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/ping")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ping.statusCode()).as("loopback").isEqualTo(200);
    assertThat(ping.body()).contains("pong");

    try (Socket app = new Socket()) {
      app.connect(new InetSocketAddress(external, APP.getLocalPort()), 2000);
      assertThat(app.isConnected()).as("the application connector, on " + external + ": the address works").isTrue();
    }
    assertThatThrownBy(() -> {
      try (Socket admin = new Socket()) {
        admin.connect(new InetSocketAddress(external, APP.getAdminPort()), 2000);
      }
    }).as("the admin connector on " + external).isInstanceOf(IOException.class);
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }

  private static String tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix).toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
