package io.ottplatform.local.service;

import io.ottplatform.local.ChildProcess;
import io.ottplatform.local.PlatformException;
import io.ottplatform.local.build.JavaCommand;
import io.ottplatform.local.service.ServiceDefinition.Prepare;
import io.ottplatform.local.service.ServiceStatus.State;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Starts, checks and stops the platform's services the way {@link io.ottplatform.local.LocalPlatform}
 * runs Kafka and Trino: a detached child JVM in its own session, its pid in {@code $OTT_HOME/run/<name>.pid}
 * together with a marker that must be in the pid's command line (so a recycled pid is never signalled),
 * its output in {@code $OTT_HOME/logs/<name>.log}; stop is SIGTERM, a grace period, then SIGKILL.
 */
public final class ServiceSupervisor {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path home;
  private final Function<String, String> classpathOfModule;
  private final ServiceLogging logging;
  private final PrintStream out;

  /** @param classpathOfModule builds a module if needed and returns its runtime classpath */
  public ServiceSupervisor(Path home, Function<String, String> classpathOfModule, ServiceLogging logging, PrintStream out) {
    this.home = home;
    this.classpathOfModule = classpathOfModule;
    this.logging = logging;
    this.out = out;
  }

  public Path pidFile(String name) {
    return home.resolve("run").resolve(name + ".pid");
  }

  public Path logFile(String name) {
    return home.resolve("logs").resolve(name + ".log");
  }

  /** The live process of the service, if its pid file names one that carries its marker. */
  public Optional<ProcessHandle> process(ServiceDefinition service) {
    return ChildProcess.fromPidFile(pidFile(service.name()), service.marker());
  }

  /** Starts the service unless it runs, then waits until it is healthy (or fails with its log's tail). */
  public void start(ServiceDefinition service) {
    Optional<ProcessHandle> running = process(service);
    if (running.isPresent()) {
      out.printf("%-18s already running (pid %d)%n", service.name(), running.get().pid());
      awaitHealthy(service, running.get());
      return;
    }
    removeStalePidFile(service);
    String classpath = classpathOfModule.apply(service.module());
    Map<String, String> env = environment(service);
    for (Prepare step : service.prepare()) {
      prepare(service, step, classpath, env);
    }
    List<String> jvm = new ArrayList<>(service.jvmOptions());
    jvm.add(service.marker());
    jvm.addAll(logging.jvmOptions(service));
    List<String> command = JavaCommand.of(service.module(), classpath, jvm, service.mainClass(), service.args());
    Path log = logFile(service.name());
    Process process = ChildProcess.start(command, home, log, true, env);
    ChildProcess.writePid(pidFile(service.name()), process.toHandle());
    out.printf("%-18s started (pid %d, log %s)%n", service.name(), process.pid(), log);
    awaitHealthy(service, process.toHandle());
  }

  private void prepare(ServiceDefinition service, Prepare step, String serviceClasspath, Map<String, String> env) {
    if (step.skipIfExists().map(Files::exists).orElse(false)) {
      return;
    }
    String module = step.module() == null ? service.module() : step.module();
    String classpath = step.module() == null ? serviceClasspath : classpathOfModule.apply(module);
    String main = step.mainClass() == null ? service.mainClass() : step.mainClass();
    out.printf("%-18s %s %s%n", service.name(), main.substring(main.lastIndexOf('.') + 1), String.join(" ", step.args()));
    ChildProcess.run(JavaCommand.of(module, classpath, List.of("-Xmx512m"), main, step.args()), home,
        home.resolve("logs").resolve(service.name() + "-prepare.log"), Duration.ofMinutes(5), env);
  }

  private Map<String, String> environment(ServiceDefinition service) {
    Map<String, String> env = new java.util.LinkedHashMap<>(service.env());
    env.putAll(new Secrets(home).env(service.name(), service.secrets()));
    return env;
  }

  /** Waits until the health URL answers 2xx; fails naming the log when the process exits or time runs out. */
  public void awaitHealthy(ServiceDefinition service, ProcessHandle process) {
    long deadline = System.nanoTime() + service.startTimeout().toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new PlatformException(service.name() + " exited during start-up; its log " + logFile(service.name())
            + " ends with:\n" + ChildProcess.tail(logFile(service.name()), 30));
      }
      if (service.health().isEmpty() || answers(service.health().get())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new PlatformException(service.name() + " did not answer " + service.health().get() + " within "
            + service.startTimeout().toSeconds() + " s; see " + logFile(service.name()));
      }
      sleep(250);
    }
  }

  /** SIGTERM, the service's grace period, then SIGKILL; removes its pid file. Returns whether one was running. */
  public boolean stop(ServiceDefinition service) {
    Optional<ProcessHandle> running = process(service);
    if (running.isEmpty()) {
      out.printf("%-18s not running%n", service.name());
      removeStalePidFile(service);
      return false;
    }
    out.printf("%-18s stopping pid %d (up to %d s)%n", service.name(), running.get().pid(), service.stopGrace().toSeconds());
    ChildProcess.stop(running.get(), service.stopGrace());
    deleteQuietly(pidFile(service.name()));
    return true;
  }

  public ServiceStatus status(ServiceDefinition service) {
    Path log = logFile(service.name());
    Optional<ProcessHandle> running = process(service);
    if (running.isEmpty()) {
      String stale = removeStalePidFile(service);
      return new ServiceStatus(service.name(), service.address(), State.DOWN, OptionalLong.empty(), log,
          stale != null ? stale : "not running");
    }
    long pid = running.get().pid();
    if (service.health().isEmpty()) {
      return new ServiceStatus(service.name(), service.address(), State.HEALTHY, OptionalLong.of(pid), log,
          "pid " + pid + ", alive (no health endpoint)");
    }
    URI url = service.health().get();
    boolean ok = answers(url);
    return new ServiceStatus(service.name(), service.address(), ok ? State.HEALTHY : State.UNHEALTHY, OptionalLong.of(pid),
        log, "pid " + pid + ", " + url + (ok ? " ok" : " not answering 2xx"));
  }

  /**
   * A pid file whose process is gone, or whose pid now belongs to another program: removed, and said so
   * (null when there was none).
   */
  private String removeStalePidFile(ServiceDefinition service) {
    Path file = pidFile(service.name());
    if (!Files.exists(file)) {
      return null;
    }
    String pid;
    try {
      pid = Files.readString(file).trim();
    } catch (IOException e) {
      pid = "?";
    }
    deleteQuietly(file);
    return "not running (stale pid file for pid " + pid + " removed)";
  }

  private static boolean answers(URI url) {
    try {
      HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build();
      int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new PlatformException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException("interrupted", e);
    }
  }
}
