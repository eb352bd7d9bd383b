import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { monitor } from '../src/index';
import { FakeIngest, FakeVideo, type Page, fakePage, run, token } from './fakes';

let ingest: FakeIngest;
let page: Page;
let video: FakeVideo;

beforeEach(() => {
  // the clock and timers only: undici's Response bodies need the real setImmediate
  vi.useFakeTimers({ now: 1_795_000_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  ingest = new FakeIngest();
  page = fakePage(ingest);
  video = new FakeVideo();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Lets every answer and the posts it starts run (the fake clock fires a 0 ms timer set meanwhile 1 ms later). */
async function settle() {
  for (let i = 0; i < 50; i++) {
    await vi.advanceTimersByTimeAsync(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function startPlaying(options: object = {}) {
  const m = monitor(video as unknown as HTMLVideoElement,
      { endpoint: 'https://ingest.example/', playbackToken: token('sid-1'), ...options });
  video.load('https://cdn.example/a/master.m3u8');
  video.play();
  run(video, 300, false);
  video.playing();
  return m;
}

describe('batching', () => {
  it('holds events at most 10 s, then posts them in one batch in sequence order with the token', async () => {
    startPlaying();
    run(video, 9_000, true);
    expect(ingest.posted).toHaveLength(0);
    run(video, 1_000, true);
    await vi.advanceTimersByTimeAsync(0);

    expect(ingest.posted).toHaveLength(1);
    const post = ingest.posted[0];
    expect(post.url).toBe('https://ingest.example/v1/events');
    expect(post.headers.Authorization).toBe(`Bearer ${token('sid-1')}`);
    expect(post.headers['Content-Type']).toBe('application/json');
    expect(post.keepalive).toBe(true);
    expect(post.at - 1_795_000_000_000).toBe(10_000);
    expect(ingest.types()).toEqual(['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING']);
    expect(ingest.events().map((e) => e.sequence)).toEqual([0, 1, 2, 3]);
    expect(ingest.events().every((e) => e.session_id === 'sid-1')).toBe(true);

    // the heartbeat queued right after that post waits for the next one
    run(video, 10_000, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(ingest.posted).toHaveLength(2);
    expect(ingest.posted[1].events.map((e) => e.sequence)).toEqual([4, 5]);
    const heartbeat = ingest.posted[1].events[0];
    // playing since 300 ms; the fake playhead moves after the timers of each 10 ms step
    expect(heartbeat.playhead_ms).toBe(9_690);
    expect(heartbeat.content_duration_ms).toBe(60_000);
    expect(heartbeat.stream_type).toBe('VOD');
    expect(heartbeat.rendition).toBe('720p');
    expect(heartbeat.player).toEqual({ name: 'html5' });
    expect(new Set(ingest.events().map((e) => e.event_id)).size).toBe(6);
  });

  it('sends heartbeats every 10 s while the view is open', async () => {
    startPlaying();
    run(video, 60_000, true);
    await vi.advanceTimersByTimeAsync(0);
    const beats = ingest.events().filter((e) => e.event_type === 'HEARTBEAT').map((e) => e.client_ts - 1_795_000_000_000);
    expect(beats).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  });

  it('posts a full batch of 300 at once and never more than 300 events per request', async () => {
    const m = startPlaying({ maxQueue: 5_000 });
    for (let i = 0; i < 650; i++) {
      video.fire(i % 2 ? 'pause' : 'play');
      video.paused = i % 2 === 1;
    }
    await settle();
    expect(ingest.posted.map((p) => p.events.length).slice(0, 2)).toEqual([300, 300]);
    run(video, 10_000, false);
    await vi.advanceTimersByTimeAsync(0);
    const sizes = ingest.posted.map((p) => p.events.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(300);
    const sequences = ingest.events().map((e) => e.sequence);
    expect(sequences).toEqual([...sequences.keys()]);
    expect(m.stats()).toMatchObject({ queued: 0, dropped: 0, sent: sequences.length });
  });

  it('posts at once what ends a view (ENDED, VIEW_END, a fatal error)', async () => {
    startPlaying();
    run(video, 3_000, true);
    video.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(ingest.posted).toHaveLength(1);
    expect(ingest.types().at(-1)).toBe('ENDED');
    expect(ingest.types()).not.toContain('PAUSE');
  });
});

describe('beacon flush', () => {
  it('hands everything queued to sendBeacon when the page is hidden, token in the body', async () => {
    const m = startPlaying();
    run(video, 4_000, true);
    page.document.visibilityState = 'hidden';
    page.document.dispatchEvent(new Event('visibilitychange'));

    expect(page.beacons).toHaveLength(1);
    expect(page.beacons[0].url).toBe('https://ingest.example/v1/events');
    expect(page.beacons[0].body.token).toBe(token('sid-1'));
    expect(page.beacons[0].body.events.map((e: any) => e.event_type)).toEqual(['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING']);
    expect(m.stats()).toMatchObject({ queued: 0, beacons: 1, sent: 4 });
    run(video, 20_000, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(ingest.events().map((e) => e.sequence)).toEqual([4, 5]);
  });

  it('ends the view and beacons it on pagehide, and never listens for unload', () => {
    startPlaying();
    run(video, 2_000, true);
    page.window.dispatchEvent(new Event('pagehide'));
    const types = page.beacons.flatMap((b) => b.body.events.map((e: any) => e.event_type));
    expect(types).toEqual(['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING', 'VIEW_END']);
    expect(page.window.listenerTypes).toEqual(['pagehide']);
    expect(page.window.listenerTypes).not.toContain('unload');
    expect(page.window.listenerTypes).not.toContain('beforeunload');
  });

  it('keeps what the browser refused to beacon and posts it with fetch', async () => {
    startPlaying();
    run(video, 1_000, true);
    page.beaconAnswer = false;
    page.document.visibilityState = 'hidden';
    page.document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(ingest.types()).toEqual(['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING']);
  });
});
