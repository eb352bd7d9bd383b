package io.ottplatform.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port checks, so a taken port is reported by name instead of as a component's stack trace. */
public final class Ports {

  private Ports() {}

  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static void requireFree(int port, String component, String variable) {
    if (!isFree(port)) {
      throw new PlatformException(String.format(
          "port %d, needed by %s, is already in use by another process. Stop that process "
              + "(e.g. `ss -ltnp 'sport = :%d'` shows it) or choose another port with %s=<port>.",
          port, component, port, variable));
    }
  }

  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port that is free now (the OS picks it); for tests that run components side by side. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new PlatformException("cannot find a free port: " + e.getMessage(), e);
    }
  }
}
