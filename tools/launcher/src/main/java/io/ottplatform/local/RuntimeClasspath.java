package io.ottplatform.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** What the build recorded about this machine's copies of the components (see the module's pom). */
public final class RuntimeClasspath {

  private RuntimeClasspath() {}

  /** The classpath of the Kafka broker JVM: this module's runtime dependencies, kafka_2.13 among them. */
  public static String brokerClasspath() {
    return resource("launcher.classpath").trim();
  }

  public static Properties platformProperties() {
    Properties properties = new Properties();
    try (InputStream in = open("platform.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  private static String resource(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) {
    InputStream in = RuntimeClasspath.class.getResourceAsStream(name);
    if (in == null) {
      throw new PlatformException("resource " + name + " is missing: build tools/launcher with Maven first "
          + "(mvn -pl tools/launcher -am package -DskipTests)");
    }
    return in;
  }
}
