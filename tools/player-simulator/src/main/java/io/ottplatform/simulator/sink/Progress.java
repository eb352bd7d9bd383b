package io.ottplatform.simulator.sink;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Prints a progress line at most every {@code everyMs}, with the rate since the start. */
final class Progress {

  private final PrintStream out;
  private final long everyMs;
  private final long startNanos = System.nanoTime();
  private final AtomicLong lastPrint = new AtomicLong(System.nanoTime());

  Progress(PrintStream out, long everyMs) {
    this.out = out;
    this.everyMs = everyMs;
  }

  void maybePrint(long done, String unit, Supplier<String> extra) {
    long now = System.nanoTime();
    long last = lastPrint.get();
    if ((now - last) / 1_000_000 >= everyMs && lastPrint.compareAndSet(last, now)) {
      print(done, unit, extra.get());
    }
  }

  void print(long done, String unit, String extra) {
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    out.printf("%,d %s in %.1f s (%,.0f/s)%s%n", done, unit, seconds, done / seconds, extra.isEmpty() ? "" : ", " + extra);
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
