package io.ottplatform.serving.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.serving.dashboard.api.LiveSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one live stream in the server-sent events format (WHATWG HTML, "Server-sent events"): a {@code qoe} event
 * with the summary as JSON every {@code interval}, a {@code : heartbeat} comment every {@code heartbeat}, until
 * the client goes away (a write fails) or the service stops. A failed summary is an {@code unavailable} event,
 * not the end of the stream: the next tick may succeed.
 */
final class LiveStreamWriter {

  private static final Logger LOG = LoggerFactory.getLogger(LiveStreamWriter.class);

  private final Supplier<LiveSummary> summaries;
  private final ObjectMapper json;
  private final LiveStreams streams;
  private final Duration interval;
  private final Duration heartbeat;

  LiveStreamWriter(Supplier<LiveSummary> summaries, ObjectMapper json, LiveStreams streams, Duration interval,
      Duration heartbeat) {
    this.summaries = summaries;
    this.json = json;
    this.streams = streams;
    this.interval = interval;
    this.heartbeat = heartbeat;
  }

  void write(OutputStream out) throws IOException {
    // the browser's EventSource reconnects after 'retry' ms; the fetch-based reader of the page does the same
    send(out, "retry: " + interval.toMillis() + "\n\n");
    long nextSummary = System.nanoTime();
    long nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
    long id = 0;
    try {
      while (true) {
        long now = System.nanoTime();
        if (now - nextSummary >= 0) {
          send(out, event(++id));
          nextSummary = now + interval.toNanos();
        }
        if (now - nextHeartbeat >= 0) {
          send(out, ": heartbeat\n\n");
          nextHeartbeat = now + heartbeat.toNanos();
        }
        long waitNanos = Math.min(nextSummary, nextHeartbeat) - System.nanoTime();
        if (streams.awaitStop(Math.max(1, waitNanos / 1_000_000))) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String event(long id) {
    try {
      return "id: " + id + "\nevent: qoe\ndata: " + json.writeValueAsString(summaries.get()) + "\n\n";
    } catch (RuntimeException | IOException e) {
      // the reason is logged; the client only learns that this tick has no figures
      LOG.warn("live QoE summary failed", e);
      return "id: " + id + "\nevent: unavailable\ndata: {\"message\":\"live figures unavailable; retrying\"}\n\n";
    }
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
