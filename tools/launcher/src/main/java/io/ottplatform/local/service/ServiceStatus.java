package io.ottplatform.local.service;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What {@code ./ott status} says about one service.
 *
 * @param detail why it is down, or how its health was checked
 */
public record ServiceStatus(String name, String address, State state, OptionalLong pid, Path log, String detail) {

  public enum State {
    /** Running and its health URL answered 2xx (or it has none and its process is alive). */
    HEALTHY,
    /** Its process runs but its health URL does not answer 2xx (starting, or broken). */
    UNHEALTHY,
    /** No process: never started, stopped, or exited (see its log). */
    DOWN
  }

  public boolean healthy() {
    return state == State.HEALTHY;
  }
}
