import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BASE_DELAY_MS, MAX_DELAY_MS, retryDelay } from '../src/backoff';
import { monitor } from '../src/index';
import { FakeIngest, FakeVideo, fakePage, run, token } from './fakes';

const T0 = 1_795_000_000_000;
let ingest: FakeIngest;
let video: FakeVideo;

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  ingest = new FakeIngest();
  fakePage(ingest);
  video = new FakeVideo();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Runs the clock in 1 ms steps, letting each answer be read, until {@code ms} have passed. */
async function wait(ms: number) {
  for (let t = 0; t < ms; t += 50) {
    await vi.advanceTimersByTimeAsync(50);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function playAndEnd(options: object = {}) {
  const m = monitor(video as unknown as HTMLVideoElement,
      { endpoint: 'https://ingest.example', playbackToken: token('sid-r'), heartbeatMs: 3_600_000, ...options });
  video.load('https://cdn.example/r.m3u8');
  video.play();
  video.playing();
  run(video, 1_000, true);
  video.end();
  return m;
}

describe('retryDelay', () => {
  it('doubles from 1 s up to 60 s, half of it random', () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelay(n, null, T0, () => 0));
    const high = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelay(n, null, T0, () => 1));
    expect(low).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(high).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(BASE_DELAY_MS).toBe(1000);
    expect(MAX_DELAY_MS).toBe(60000);
  });

  it('takes Retry-After (seconds or an HTTP date) as a floor with up to 10 % more', () => {
    expect(retryDelay(1, '7', T0, () => 0)).toBe(7000);
    expect(retryDelay(1, '7', T0, () => 1)).toBe(7700);
    expect(retryDelay(5, new Date(T0 + 3000).toUTCString(), T0, () => 0)).toBe(3000);
    expect(retryDelay(1, 'soon', T0, () => 0)).toBe(500);
  });
});

describe('retries', () => {
  it('resends the same events with the same ids after network errors and 503s, backing off with jitter', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    ingest.answers = ['network', 503, 503];
    const m = playAndEnd();
    await wait(20_000);

    expect(ingest.posted).toHaveLength(4);
    const first = ingest.posted[0].events.map((e) => e.event_id);
    expect(ingest.posted.every((p) => JSON.stringify(p.events.map((e) => e.event_id)) === JSON.stringify(first)))
      .toBe(true);
    // equal jitter with random 0.5: 0.75 x (1 s, 2 s, 4 s); the clock moves in 50 ms steps
    const gaps = ingest.posted.slice(1).map((p, i) => p.at - ingest.posted[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(750);
    expect(gaps[0]).toBeLessThan(800);
    expect(gaps[1]).toBeGreaterThanOrEqual(1500);
    expect(gaps[1]).toBeLessThan(1550);
    expect(gaps[2]).toBeGreaterThanOrEqual(3000);
    expect(gaps[2]).toBeLessThan(3050);
    expect(m.stats()).toMatchObject({ retries: 3, queued: 0, sent: first.length, dropped: 0 });
  });

  it('waits at least Retry-After after a 429', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    ingest.answers = [{ status: 429, retryAfter: '7' }];
    playAndEnd();
    await wait(20_000);
    expect(ingest.posted).toHaveLength(2);
    const gap = ingest.posted[1].at - ingest.posted[0].at;
    expect(gap).toBeGreaterThanOrEqual(7_000);
    expect(gap).toBeLessThan(7_050);
  });

  it('does not resend what ingest refused for good (400), and counts it', async () => {
    ingest.answers = [400];
    const m = playAndEnd();
    await wait(30_000);
    expect(ingest.posted).toHaveLength(1);
    expect(m.stats()).toMatchObject({ rejected: ingest.posted[0].events.length, queued: 0, retries: 0 });
  });

  it('counts the events a 200 lists as rejected', async () => {
    ingest.answers = [{ status: 200, body: { accepted: 4, rejected: [{ index: 1, field: 'client_ts', reason: 'x' }] } }];
    const m = playAndEnd();
    await wait(1_000);
    expect(m.stats()).toMatchObject({ sent: ingest.posted[0].events.length - 1, rejected: 1 });
  });
});

describe('queue bounds', () => {
  it('keeps at most maxQueue events while ingest is down, dropping heartbeats first, then the oldest', async () => {
    ingest.answers = Array(100).fill(503);
    const m = monitor(video as unknown as HTMLVideoElement,
        { endpoint: 'https://ingest.example', playbackToken: token('sid-q'), maxQueue: 8, heartbeatMs: 1_000 });
    video.load('https://cdn.example/q.m3u8');
    video.play();
    video.playing();
    run(video, 5_500, true); // VIEW_START PLAYER_READY PLAY PLAYING + 5 heartbeats = 9 events
    expect(m.stats()).toMatchObject({ queued: 8, dropped: 1 });
    video.pause();
    video.play();
    video.playing();
    video.pause();
    video.play();
    video.playing();
    video.pause();
    // 16 events: the 5 heartbeats went first, then VIEW_START, PLAYER_READY and PLAY
    expect(m.stats()).toMatchObject({ queued: 8, dropped: 8 });

    ingest.answers = [];
    await wait(120_000);
    expect(ingest.posted[0].events.map((e) => e.event_type + e.sequence)).toEqual(
        ['PLAYING3', 'PAUSE9', 'PLAY10', 'PLAYING11', 'PAUSE12', 'PLAY13', 'PLAYING14', 'PAUSE15']);
    // while it waited, each new heartbeat was the one to go
    expect(ingest.posted[1].events[0].event_type).toBe('HEARTBEAT');
  });
});
