package io.ottplatform.simulator;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --expected FILE}: one JSON line per view the simulator played, with the QoE it was scripted with,
 * under the field names of the {@code qoe.view-summaries} record ({@code ViewSummary.avsc}), so anyone can
 * join the pipeline's summaries to it by {@code session_id} and compare. A view is written when it starts
 * playing, with the session id it was played under (serving-api's, with {@code --serving}).
 */
public final class ExpectedQoeWriter implements Closeable {

  private final BufferedWriter out;

  public ExpectedQoeWriter(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the expected QoE to " + file + ": " + e.getMessage(), e);
    }
  }

  public synchronized void write(SimulatedView view) {
    try {
      out.write(line(view));
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One view as a JSON object. */
  public static String line(SimulatedView v) {
    ExpectedQoe q = v.expected();
    StringBuilder b = new StringBuilder(400).append('{');
    string(b, "session_id", v.sessionId()).append(',');
    string(b, "account_id", v.accountId()).append(',');
    string(b, "profile_id", v.profileId()).append(',');
    string(b, "title_id", v.titleId()).append(',');
    b.append("\"view_start_ts\":").append(v.startTs().toEpochMilli()).append(',');
    b.append("\"view_end_ts\":").append(v.endTs().toEpochMilli()).append(',');
    b.append("\"startup_time_ms\":").append(q.startupTimeMs()).append(',');
    b.append("\"exit_before_video_start\":").append(q.exitBeforeVideoStart()).append(',');
    b.append("\"video_start_failure\":").append(q.videoStartFailure()).append(',');
    b.append("\"video_playback_failure\":").append(q.videoPlaybackFailure()).append(',');
    b.append("\"rebuffer_count\":").append(q.rebufferCount()).append(',');
    b.append("\"rebuffer_duration_ms\":").append(q.rebufferDurationMs()).append(',');
    b.append("\"rebuffering_ratio\":").append(decimal(q.rebufferingRatio())).append(',');
    b.append("\"rebuffer_frequency_per_min\":").append(decimal(q.rebufferFrequencyPerMinute())).append(',');
    b.append("\"playing_time_ms\":").append(q.playingTimeMs()).append(',');
    b.append("\"watch_time_ms\":").append(q.watchTimeMs()).append(',');
    b.append("\"avg_bitrate_kbps\":").append(q.avgBitrateKbps() == null ? "null" : decimal(q.avgBitrateKbps())).append(',');
    b.append("\"bitrate_upswitches\":").append(q.bitrateUpswitches()).append(',');
    b.append("\"bitrate_downswitches\":").append(q.bitrateDownswitches()).append(',');
    b.append("\"dropped_frames\":").append(q.droppedFrames()).append(',');
    b.append("\"event_count\":").append(v.events().size());
    return b.append('}').toString();
  }

  private static StringBuilder string(StringBuilder b, String name, String value) {
    b.append('"').append(name).append("\":");
    if (value == null) {
      return b.append("null");
    }
    b.append('"');
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"');
  }

  private static String decimal(double d) {
    return String.format(Locale.ROOT, "%.6f", d);
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
