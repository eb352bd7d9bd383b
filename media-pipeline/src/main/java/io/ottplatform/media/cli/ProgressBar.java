package io.ottplatform.media.cli;

import io.ottplatform.media.JobListener;
import io.ottplatform.media.engine.Progress;
import io.ottplatform.schemas.avro.MediaJobState;
import java.io.PrintStream;
import java.util.Locale;

/** {@code [#########...........]  45%  2.10x  ETA 0:12  encoding} on one stderr line, redrawn in place. */
final class ProgressBar implements JobListener {

  private static final int WIDTH = 30;
  private final PrintStream err;
  private String stage = "";

  ProgressBar(PrintStream err) {
    this.err = err;
  }

  @Override
  public void stage(MediaJobState state, double percent, String message) {
    stage = state.name().toLowerCase(Locale.ROOT);
    err.print("\r\033[K" + message + "\n");
    draw(percent, 0, 0);
  }

  @Override
  public void encoding(Progress p, double jobPercent) {
    draw(jobPercent, p.speed(), p.eta().toSeconds());
  }

  void finish() {
    err.print("\n");
    err.flush();
  }

  private void draw(double percent, double speed, long eta) {
    int filled = (int) Math.round(WIDTH * Math.min(100, percent) / 100);
    err.print(String.format(Locale.ROOT, "\r[%s%s] %3.0f%%  %5.2fx  ETA %d:%02d  %s", "#".repeat(filled),
        ".".repeat(WIDTH - filled), percent, speed, eta / 60, eta % 60, stage));
    err.flush();
  }
}
