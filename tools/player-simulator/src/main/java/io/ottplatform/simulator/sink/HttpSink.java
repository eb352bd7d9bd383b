package io.ottplatform.simulator.sink;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.simulator.ExpectedQoeWriter;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.token.TokenSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Plays views through ingest-api the way player SDKs do (docs/ingest.md):
 * <ul>
 *   <li>each view asks for its playback token first ({@link TokenSource}: serving-api's grant, or a
 *       development key); a view refused for now (429: the account's screens are in use) is played later,
 *       as a viewer would, starting when it is finally granted;</li>
 *   <li>it posts its events in batches, one every {@code batchInterval} of player time or every
 *       {@code batchEvents} events, in order (a view never has two batches in flight); the last batch, with
 *       VIEW_END, goes as {@code navigator.sendBeacon} would send it: {@code text/plain} with the token in
 *       the body;</li>
 *   <li>429, 503 and network errors are retried with the same event ids after {@code Retry-After} or the
 *       {@link RetryPolicy}'s backoff (1 s doubling to 60 s, with jitter), for at most {@code giveUpAfter};
 *       meanwhile the view's later batches wait in its {@link ViewQueue}, bounded to {@code maxQueuedEvents}
 *       (oldest heartbeats dropped first, and counted).</li>
 * </ul>
 *
 * <p>With {@code speed > 0} batches leave when the {@link PlayerClock} (running {@code speed} times real
 * time, never ahead of it) reaches them; with {@code speed == 0} as fast as {@code maxInFlight} allows, in
 * player-time order.
 */
public final class HttpSink {

  /**
   * @param maxQueuedEvents per view, behind the batch being sent (an SDK's bounded queue)
   * @param giveUpAfter a batch still failing this long after its first try is given up (counted as failed)
   * @param grantPatience a view that cannot get a grant for this long is given up (counted as refused)
   * @param unpacedLead unpaced, how far a batch's last event may be ahead of the first event of the oldest
   *     unanswered batch ({@link InFlightWindow}); the QoE job's out-of-orderness bound is 5 s
   */
  public record Options(URI target, int batchEvents, Duration batchInterval, double speed, int maxInFlight,
                        String countryHeader, boolean gzip, int viewWindow, int maxQueuedEvents,
                        Duration giveUpAfter, Duration grantPatience, RetryPolicy retry, Duration unpacedLead) {
    public static Options defaults(URI target) {
      return new Options(target, 50, Duration.ofSeconds(10), 0, 64, "CloudFront-Viewer-Country", false, 5_000, 1_000,
          Duration.ofMinutes(10), Duration.ofMinutes(10), RetryPolicy.sdkDefault(), Duration.ofSeconds(5));
    }
  }

  /** What happened, summed over the run. */
  public record Result(long views, long requests, long eventsPosted, long eventsAccepted, long eventsRejected,
                       long retries, long failedRequests, long droppedEvents, long deferredGrants, long refusedViews,
                       Map<Integer, Long> statuses, double seconds) {}

  private static final class Batch implements ViewQueue.Batch {
    final Session session;
    final List<PlaybackEvent> events;
    final long dueMs;
    final long firstTsMs;
    final long order;
    final boolean beacon;

    Batch(Session session, List<PlaybackEvent> events, long dueMs, long order, boolean beacon) {
      this.session = session;
      this.events = events;
      this.dueMs = dueMs;
      this.firstTsMs = events.get(0).getClientTs().toEpochMilli();
      this.order = order;
      this.beacon = beacon;
    }

    @Override
    public List<PlaybackEvent> events() {
      return events;
    }
  }

  private static final class Session {
    final String token;
    final String clientIp;
    final String userAgent;
    final String country;
    final ViewQueue<Batch> queue;
    boolean busy; // guarded by this
    int tries;
    long firstTryNanos;

    Session(String token, String clientIp, String userAgent, String country, int maxQueuedEvents) {
      this.token = token;
      this.clientIp = clientIp;
      this.userAgent = userAgent;
      this.country = country;
      this.queue = new ViewQueue<>(maxQueuedEvents);
    }
  }

  /** A view waiting for a grant: asked again at {@code notBeforeMs} (wall clock). */
  private record Deferred(SimulatedView view, long notBeforeMs, int attempts, long firstAskMs) {}

  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

  private final Options options;
  private final TokenSource tokens;
  private final ExpectedQoeWriter expected;
  private final PrintStream out;
  private final HttpClient client;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<Session> ready = new ConcurrentLinkedQueue<>();
  private final AtomicLong waiting = new AtomicLong(); // batches handed to sessions, not yet finished
  private final InFlightWindow window;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong posted = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final AtomicBoolean reportedRefusal = new AtomicBoolean();
  private long deferredGrants;
  private long refusedViews;

  /** @param expected where to write each played view's expected QoE; may be null */
  public HttpSink(Options options, TokenSource tokens, ExpectedQoeWriter expected, PrintStream out) {
    this.options = options;
    this.tokens = tokens;
    this.expected = expected;
    this.out = out;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    this.permits = new Semaphore(options.maxInFlight());
    this.window = new InFlightWindow(options.unpacedLead().toMillis());
  }

  public Result play(Iterator<SimulatedView> views) {
    Progress progress = new Progress(out, 2_000);
    PriorityQueue<Batch> due = new PriorityQueue<>(Comparator.comparingLong((Batch b) -> b.dueMs)
        .thenComparingLong(b -> b.order));
    PriorityQueue<Deferred> deferred = new PriorityQueue<>(Comparator.comparingLong(Deferred::notBeforeMs));
    long order = 0;
    long viewCount = 0;
    SimulatedView pending = views.hasNext() ? views.next() : null;
    PlayerClock clock = PlayerClock.system(pending == null ? 0 : pending.startTs().toEpochMilli(), options.speed());
    long cursor = Long.MIN_VALUE; // player time of the latest batch handed out
    long maxWaiting = 4L * options.maxInFlight();
    int openViews = 0;
    while (pending != null || !deferred.isEmpty() || !due.isEmpty()) {
      long simNow = clock.now();
      long wallNow = System.currentTimeMillis();
      Deferred retry = !deferred.isEmpty() && deferred.peek().notBeforeMs() <= wallNow ? deferred.peek() : null;
      SimulatedView candidate = retry != null ? retry.view() : pending;
      long candidateStart = candidate == null ? Long.MAX_VALUE
          : retry != null ? Math.max(retry.view().startTs().toEpochMilli(), clock.paced() ? simNow : cursor)
          : candidate.startTs().toEpochMilli();
      boolean admit = candidate != null && (clock.paced()
          ? candidateStart <= simNow
          : openViews < options.viewWindow() && waiting.get() < maxWaiting
              && (due.isEmpty() || due.peek().dueMs >= candidateStart));
      if (admit) {
        if (retry != null) {
          deferred.poll();
        } else {
          pending = views.hasNext() ? views.next() : null;
        }
        TokenSource.Grant grant = tokens.grant(candidate);
        if (grant.isGranted()) {
          // a view granted late starts when granted: now on the paced clock, at the cursor unpaced
          long startAt = retry == null ? candidate.startTs().toEpochMilli() : candidateStart;
          SimulatedView played = candidate.rebased(grant.sessionId(), startAt - candidate.startTs().toEpochMilli());
          if (expected != null) {
            expected.write(played);
          }
          Session session = open(played, grant.token());
          for (Batch b : batches(session, played, order)) {
            due.add(b);
            order++;
          }
          openViews++;
          viewCount++;
        } else if (grant.later() && (retry == null || wallNow - retry.firstAskMs() < options.grantPatience().toMillis())) {
          deferredGrants++;
          int attempts = retry == null ? 0 : retry.attempts() + 1;
          long firstAsk = retry == null ? wallNow : retry.firstAskMs();
          deferred.add(new Deferred(candidate, wallNow + options.retry().delay(attempts, grant.retryAfter()).toMillis(),
              attempts, firstAsk));
        } else {
          refusedViews++;
          if (refusedViews == 1) {
            out.println("a view got no playback token" + (grant.later() ? " within " + options.grantPatience() : "")
                + ": " + grant.refusal());
          }
        }
      } else if (!due.isEmpty() && due.peek().dueMs <= simNow
          && (clock.paced() || waiting.get() < maxWaiting && window.admits(due.peek().dueMs))) {
        Batch batch = due.poll();
        if (batch.beacon) {
          openViews--;
          // the player leaves: the app ends its playback session, freeing its screen for the account's next view
          PlaybackEvent last = batch.events.get(batch.events.size() - 1);
          tokens.ended(last.getAccountId(), last.getSessionId());
        }
        cursor = Math.max(cursor, batch.dueMs);
        enqueue(batch);
      } else {
        long next = Math.min(candidate == null ? Long.MAX_VALUE : candidateStart, due.isEmpty() ? Long.MAX_VALUE
            : due.peek().dueMs);
        sleep(clock.paced() && next != Long.MAX_VALUE ? clock.waitMsUntil(next) : 2);
      }
      long sim = clock.paced() ? simNow : -1;
      progress.maybePrint(accepted.get(), "events accepted", () -> status(sim));
    }
    while (waiting.get() > 0) { // every batch answered or given up
      sleep(20);
      progress.maybePrint(accepted.get(), "events accepted", () -> status(-1));
    }
    progress.print(accepted.get(), "events accepted", status(-1));
    Map<Integer, Long> byStatus = new TreeMap<>();
    statuses.forEach((k, v) -> byStatus.put(k, v.get()));
    return new Result(viewCount, requests.get(), posted.get(), accepted.get(), rejected.get(), retries.get(),
        failed.get(), dropped.get(), deferredGrants, refusedViews, byStatus, progress.elapsedSeconds());
  }

  private String status(long simNow) {
    return String.format("%,d requests, %,d rejected, %,d retries, %,d failed, %,d dropped, %,d grants deferred, "
            + "statuses %s%s", requests.get(), rejected.get(), retries.get(), failed.get(), dropped.get(),
        deferredGrants, statuses, simNow < 0 ? "" : ", player clock " + Instant.ofEpochMilli(simNow));
  }

  private Session open(SimulatedView view, String token) {
    PlaybackEvent first = view.events().get(0);
    String prefix = first.getClientIpPrefix();
    String ip = prefix != null && prefix.endsWith(".0/24")
        ? prefix.substring(0, prefix.length() - 4) + (1 + Math.floorMod(view.sessionId().hashCode(), 254))
        : "198.18.0.1";
    return new Session(token, ip, FleetSimulator.userAgentOf(first.getDevice(), first.getPlayer()), first.getCountry(),
        options.maxQueuedEvents());
  }

  private List<Batch> batches(Session session, SimulatedView view, long order) {
    List<Batch> batches = new ArrayList<>();
    List<PlaybackEvent> current = new ArrayList<>();
    long windowStart = Long.MIN_VALUE;
    long interval = options.batchInterval().toMillis();
    for (PlaybackEvent e : view.events()) {
      long ts = e.getClientTs().toEpochMilli();
      if (current.isEmpty()) {
        windowStart = ts;
      }
      current.add(e);
      boolean last = e.getEventType() == EventType.VIEW_END;
      if (last || current.size() >= options.batchEvents() || ts - windowStart >= interval) {
        batches.add(new Batch(session, current, ts, order + batches.size(), last));
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      long dueMs = current.get(current.size() - 1).getClientTs().toEpochMilli();
      batches.add(new Batch(session, current, dueMs, order + batches.size(), true));
    }
    return batches;
  }

  /** Hands a due batch to its view's queue; the view sends it after the batches before it. */
  private void enqueue(Batch batch) {
    Session s = batch.session;
    boolean start;
    waiting.incrementAndGet();
    window.add(batch.firstTsMs);
    synchronized (s) {
      List<Batch> before = s.queue.batches();
      dropped.addAndGet(s.queue.add(batch));
      before.add(batch);
      before.removeAll(s.queue.batches()); // emptied by the bound: done
      for (Batch gone : before) {
        window.remove(gone.firstTsMs);
      }
      waiting.addAndGet(-before.size());
      start = !s.busy;
      s.busy = true;
    }
    if (start) {
      ready.add(s);
      pump();
    }
  }

  /** Starts the heads of ready views while fewer than {@code maxInFlight} requests are out. */
  private void pump() {
    while (!ready.isEmpty() && permits.tryAcquire()) {
      Session s = ready.poll();
      if (s == null) {
        permits.release();
        return;
      }
      Batch head;
      synchronized (s) {
        head = s.queue.head();
        if (s.tries == 0) {
          s.firstTryNanos = System.nanoTime();
          posted.addAndGet(head.events.size());
        }
      }
      attempt(s, head);
    }
  }

  private void attempt(Session s, Batch batch) {
    HttpRequest request = request(batch);
    requests.incrementAndGet();
    client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      permits.release();
      if (error != null) {
        retryOrGiveUp(s, null, "request failed: " + error.getMessage());
      } else {
        statuses.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
        int code = response.statusCode();
        if (code == 429 || code == 503) {
          Duration after = response.headers().firstValueAsLong("Retry-After").stream().mapToObj(Duration::ofSeconds)
              .findFirst().orElse(null);
          retryOrGiveUp(s, after, "HTTP " + code);
        } else {
          answered(batch, code, response.body());
          finish(s);
        }
      }
      pump();
    });
  }

  private void answered(Batch batch, int code, String body) {
    if (code / 100 == 2) {
      Matcher m = ACCEPTED.matcher(body);
      long ok = m.find() ? Long.parseLong(m.group(1)) : batch.events.size();
      accepted.addAndGet(ok);
      rejected.addAndGet(batch.events.size() - ok);
    } else {
      rejected.addAndGet(batch.events.size());
      if (reportedRefusal.compareAndSet(false, true)) {
        out.println("ingest refused a batch with HTTP " + code + ": " + body);
      }
    }
  }

  private void retryOrGiveUp(Session s, Duration retryAfter, String why) {
    int tries;
    synchronized (s) {
      tries = s.tries;
      if (System.nanoTime() - s.firstTryNanos >= options.giveUpAfter().toNanos()) {
        failed.incrementAndGet();
        if (reportedRefusal.compareAndSet(false, true)) {
          out.println("gave up a batch after " + (tries + 1) + " tries over " + options.giveUpAfter() + ": " + why);
        }
        finish(s);
        return;
      }
      s.tries++;
    }
    retries.incrementAndGet();
    long delayMs = options.retry().delay(tries, retryAfter).toMillis();
    CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS).execute(() -> {
      ready.add(s);
      pump();
    });
  }

  /** The head is done (answered or given up): the view's next batch, if any, becomes ready. */
  private void finish(Session s) {
    boolean more;
    synchronized (s) {
      s.tries = 0;
      window.remove(s.queue.head().firstTsMs);
      more = s.queue.advance() != null;
      if (!more) {
        s.busy = false;
      }
    }
    waiting.decrementAndGet();
    if (more) {
      ready.add(s);
    }
  }

  private HttpRequest request(Batch batch) {
    Session s = batch.session;
    String body = batch.beacon ? EventJson.envelope(s.token, batch.events) : EventJson.array(batch.events);
    HttpRequest.Builder b = HttpRequest.newBuilder(options.target().resolve("/v1/events"))
        .timeout(Duration.ofSeconds(30))
        .header("User-Agent", s.userAgent)
        .header("X-Forwarded-For", s.clientIp);
    if (s.country != null && options.countryHeader() != null && !options.countryHeader().isBlank()) {
      b.header(options.countryHeader(), s.country);
    }
    if (batch.beacon) {
      b.header("Content-Type", "text/plain;charset=UTF-8");
    } else {
      b.header("Content-Type", "application/json").header("Authorization", "Bearer " + s.token);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (options.gzip() && !batch.beacon) {
      b.header("Content-Encoding", "gzip");
      bytes = gzip(bytes);
    }
    return b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(buffer)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
