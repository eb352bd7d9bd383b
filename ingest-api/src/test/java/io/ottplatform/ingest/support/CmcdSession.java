package io.ottplatform.ingest.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * CMCD v2 event-mode reports of one session as hls.js 1.7 writes them (its CML reporter: keys sorted, no spaces,
 * {@code v=2}, {@code sn} counting every report to the target), with named moments of a view. {@link #standardView}
 * is the session whose QoE is computed by hand in {@code CmcdSessionQoeTest}.
 */
public final class CmcdSession {

  private final String sid;
  private final String cid;
  private final Instant start;
  private final List<String> lines = new ArrayList<>();
  private long sn;

  public CmcdSession(String sid, String cid, Instant start) {
    this.sid = sid;
    this.cid = cid;
    this.start = start;
  }

  /** A report of event {@code e} at {@code atMs} after the start, with extra keys (already encoded, sorted in). */
  public CmcdSession report(String e, long atMs, String... keys) {
    List<String> fields = new ArrayList<>(List.of(keys));
    fields.add("cid=\"" + cid + "\"");
    fields.add("e=" + e);
    fields.add("sf=h");
    fields.add("sid=\"" + sid + "\"");
    fields.add("sn=" + sn++);
    fields.add("st=v");
    fields.add("ts=" + (start.toEpochMilli() + atMs));
    fields.add("v=2");
    fields.sort(String::compareTo);
    lines.add(String.join(",", fields));
    return this;
  }

  public CmcdSession state(String sta, long atMs, String... keys) {
    List<String> all = new ArrayList<>(List.of(keys));
    all.add("sta=" + sta);
    return report("ps", atMs, all.toArray(String[]::new));
  }

  public CmcdSession interval(long atMs, String... keys) {
    return report("t", atMs, keys);
  }

  public CmcdSession bitrate(long kbps, long atMs) {
    return report("bc", atMs, "br=(" + kbps + ";ot=v)");
  }

  /** A line that is not a dictionary at all (it uses no sequence number). */
  public CmcdSession garbage(String line) {
    lines.add(line);
    return this;
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines as CML posts them: joined by newlines, with a newline at the end. */
  public String body() {
    return String.join("\n", lines) + "\n";
  }

  public String sid() {
    return sid;
  }

  /**
   * Preloading, play intent at 1 s, first frame at 1.8 s (startup 800 ms), a 1.2 s stall, a 5 s pause, a seek
   * whose stall does not count, a segment response, and the end at 40.9 s: 16 reports, sn 0 to 15.
   */
  public static CmcdSession standardView(String sid, String cid, Instant start) {
    return new CmcdSession(sid, cid, start)
        .state("d", 0)                                   // sn 0 PLAYER_READY: the view starts
        .interval(50)                                    // sn 1 HEARTBEAT
        .state("s", 1_000)                               // sn 2 PLAY: startup runs from here
        .bitrate(2_000, 1_200)                           // sn 3 BITRATE_CHANGE, the first bitrate
        .state("p", 1_800, "br=(2000;ot=v)", "bl=(4000;ot=v)") // sn 4 PLAYING: first frame, startup 800 ms
        .interval(11_800, "br=(2000;ot=v)", "pt=10000")  // sn 5 HEARTBEAT
        .bitrate(3_500, 12_800)                          // sn 6 BITRATE_CHANGE up
        .state("r", 15_800, "br=(3500;ot=v)")            // sn 7 REBUFFER_START
        .state("p", 17_000, "br=(3500;ot=v)")            // sn 8 PLAYING: a 1,200 ms stall
        .state("a", 20_000)                              // sn 9 PAUSE
        .state("p", 25_000)                              // sn 10 PLAYING: paused 5,000 ms
        .state("k", 30_000)                              // sn 11 SEEK_START
        .state("r", 30_100)                              // sn 12 REBUFFER_START while seeking: not a stall
        .state("p", 30_900)                              // sn 13 PLAYING
        .report("rr", 31_000, "br=(3500;ot=v)", "rc=200", "ttfb=35", "ttlb=180",
            "url=\"https://cdn.example/v/seg12.m4s\"")   // sn 14 HEARTBEAT (a segment arrived)
        .state("e", 40_900);                             // sn 15 ENDED
  }
}
