package io.ottplatform.batch;

import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the events of one view with named moments: a view starts at {@code start}, its first frame
 * comes {@code startupMs} after PLAY, it plays with heartbeats every 10 s, optionally stalls once, and
 * ends at {@code start + watch}. Fields default to one viewer in DE on cdn-a.
 */
public final class TestViews {

  private String session;
  private String account = "acc-1";
  private String profile = "prof-1";
  private String title = "title-1";
  private String country = "DE";
  private String cdn = "cdn-a";
  private String deviceType = "tv";
  private Instant start = Instant.parse("2026-11-20T20:00:00Z");
  private long startupMs = 1000;
  private long playMs = 60_000;
  private long stallMs = 0;
  private long contentDurationMs = 600_000;
  private int bitrate = 3000;

  private TestViews(String session) {
    this.session = session;
  }

  public static TestViews view(String session) {
    return new TestViews(session);
  }

  public TestViews viewer(String accountId, String profileId) {
    this.account = accountId;
    this.profile = profileId;
    return this;
  }

  public TestViews title(String titleId) {
    this.title = titleId;
    return this;
  }

  public TestViews country(String c) {
    this.country = c;
    return this;
  }

  public TestViews cdn(String c) {
    this.cdn = c;
    return this;
  }

  public TestViews device(String type) {
    this.deviceType = type;
    return this;
  }

  public TestViews at(Instant viewStart) {
    this.start = viewStart;
    return this;
  }

  public TestViews startup(long ms) {
    this.startupMs = ms;
    return this;
  }

  /** Playing time, excluding the stall. */
  public TestViews plays(Duration d) {
    this.playMs = d.toMillis();
    return this;
  }

  public TestViews stall(long ms) {
    this.stallMs = ms;
    return this;
  }

  public TestViews contentDuration(Duration d) {
    this.contentDurationMs = d.toMillis();
    return this;
  }

  public List<PlaybackEvent> events() {
    List<PlaybackEvent> out = new ArrayList<>();
    long t = 0;
    out.add(event(out.size(), EventType.VIEW_START, t, 0));
    out.add(event(out.size(), EventType.PLAY, t += 100, 0));
    out.add(event(out.size(), EventType.PLAYING, t += startupMs, 0));
    long played = 0;
    boolean stalled = stallMs == 0;
    while (played < playMs) {
      long step = Math.min(10_000, playMs - played);
      if (!stalled && played >= playMs / 2) {
        out.add(event(out.size(), EventType.REBUFFER_START, t, played));
        out.add(event(out.size(), EventType.REBUFFER_END, t += stallMs, played));
        stalled = true;
        continue;
      }
      t += step;
      played += step;
      out.add(event(out.size(), EventType.HEARTBEAT, t, played));
    }
    out.add(event(out.size(), EventType.VIEW_END, t, played));
    return out;
  }

  private PlaybackEvent event(int seq, EventType type, long offsetMs, long playheadMs) {
    Instant ts = start.plusMillis(offsetMs);
    return PlaybackEvent.newBuilder()
        .setEventId(session + "-" + seq)
        .setSessionId(session)
        .setSequence(seq)
        .setAccountId(account)
        .setProfileId(profile)
        .setTitleId(title)
        .setEventType(type)
        .setClientTs(ts)
        .setServerTs(ts.plusMillis(40))
        .setPlayheadMs(playheadMs)
        .setBitrateKbps(bitrate)
        .setRendition("1080p")
        .setBufferMs(8000)
        .setDroppedFrames(0)
        .setCdn(cdn)
        .setDevice(Device.newBuilder().setType(deviceType).setOs("tizen").build())
        .setPlayer(Player.newBuilder().setName("shaka").setVersion("4.11").build())
        .setCountry(country)
        .setStreamType(StreamType.VOD)
        .setContentDurationMs(contentDurationMs)
        .build();
  }
}
