package io.ottplatform.media.engine;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines FFmpeg wrote to stderr: its reason for failing is at the end, and the whole log can be huge. */
final class StderrTail {

  private final int maxLines;
  private final Deque<String> lines = new ArrayDeque<>();

  StderrTail(int maxLines) {
    this.maxLines = maxLines;
  }

  synchronized void add(String line) {
    if (lines.size() == maxLines) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  @Override
  public synchronized String toString() {
    return String.join("\n", lines);
  }
}
