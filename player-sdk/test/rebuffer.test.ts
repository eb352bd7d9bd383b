import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { monitor } from '../src/index';
import { MIN_STALL_MS, StallDetector } from '../src/stall';
import { FakeIngest, FakeVideo, fakePage, run, token } from './fakes';

const T0 = 1_795_000_000_000;

describe('StallDetector', () => {
  it('estimates when the playhead stopped and started again from how far it moved between samples', () => {
    const d = new StallDetector();
    d.reset(0, 10);
    expect(d.sample(100, 10.1, true)).toBeUndefined();
    // stopped 40 ms after the sample at 100
    expect(d.sample(200, 10.14, true)).toBeUndefined();
    expect(d.sample(300, 10.14, true)).toBeUndefined();
    expect(d.sample(390, 10.14, true)).toEqual({ start: 140 });
    expect(d.isStalled()).toBe(true);
    expect(d.sample(1_000, 10.14, true)).toBeUndefined();
    // moving again for 30 ms when sampled at 2 000
    expect(d.sample(2_000, 10.17, true)).toEqual({ end: 1_970 });
    expect(d.isStalled()).toBe(false);
  });

  it(`ignores a standing playhead shorter than ${MIN_STALL_MS} ms and one that is not expected to move`, () => {
    const d = new StallDetector();
    d.reset(0, 5);
    expect(d.sample(100, 5.1, true)).toBeUndefined();
    expect(d.sample(200, 5.1, true)).toBeUndefined();
    expect(d.sample(300, 5.12, true)).toBeUndefined();
    expect(d.sample(400, 5.22, true)).toBeUndefined();
    expect(d.sample(5_000, 5.22, false)).toBeUndefined();
    expect(d.sample(5_200, 5.22, true)).toBeUndefined();
    expect(d.sample(5_450, 5.22, true)).toEqual({ start: 5_000 });
  });

  it('measures the playhead in media time: at 2x it moves twice as far per ms', () => {
    const d = new StallDetector();
    d.reset(0, 0);
    expect(d.sample(100, 0.2, true, 2)).toBeUndefined();
    expect(d.sample(200, 0.3, true, 2)).toBeUndefined();
    expect(d.sample(400, 0.3, true, 2)).toEqual({ start: 150 });
  });
});

describe('rebuffering in the monitor', () => {
  let ingest: FakeIngest;
  let video: FakeVideo;

  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    ingest = new FakeIngest();
    fakePage(ingest);
    video = new FakeVideo();
    monitor(video as unknown as HTMLVideoElement,
        { endpoint: 'https://ingest.example', playbackToken: token('stall'), heartbeatMs: 3_600_000 });
    video.load('https://cdn.example/s.m3u8');
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  async function events() {
    video.pause();
    run(video, 11_000, false);
    await vi.advanceTimersByTimeAsync(1);
    return ingest.events().map((e) => ({ type: e.event_type, at: e.client_ts - T0, playhead: e.playhead_ms }));
  }

  it('finds a stall from a playhead that stopped, with no waiting event, to within 20 ms either end', async () => {
    video.play();
    video.playing();
    run(video, 3_000, true);
    const stoppedAt = Date.now() - T0;
    run(video, 2_000, false);
    const resumedAt = Date.now() - T0;
    run(video, 1_000, true);
    const e = (await events()).filter((x) => x.type.startsWith('REBUFFER'));
    expect(e.map((x) => x.type)).toEqual(['REBUFFER_START', 'REBUFFER_END']);
    expect(Math.abs(e[0].at - stoppedAt)).toBeLessThanOrEqual(20);
    expect(Math.abs(e[1].at - resumedAt)).toBeLessThanOrEqual(20);
    expect(Math.abs(e[1].at - e[0].at - 2_000)).toBeLessThanOrEqual(20);
    expect(e[0].playhead).toBe(3_000);
  });

  it('does not count a 200 ms hiccup, nor a waiting event while the playhead moves on', async () => {
    video.play();
    video.playing();
    run(video, 1_000, true);
    run(video, 200, false);
    run(video, 1_000, true);
    video.fire('waiting');
    run(video, 1_000, true);
    expect((await events()).map((x) => x.type)).toEqual(['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING', 'PAUSE']);
  });

  it('does not count the wait before the first frame (startup time instead)', async () => {
    video.play();
    run(video, 3_000, false);
    video.playing();
    run(video, 1_000, true);
    const e = await events();
    expect(e.map((x) => x.type)).toEqual(['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING', 'PAUSE']);
    expect(e[3].at - e[2].at).toBe(3_000);
  });

  it('does not count the wait after a seek: SEEK_START, SEEK_END, then PLAYING when the playhead moves', async () => {
    video.play();
    video.playing();
    run(video, 1_000, true);
    video.seek(30);
    run(video, 1_500, false);
    video.seeked();
    run(video, 1_000, false);
    // the data was there: no 'playing' event, only the playhead moving again
    run(video, 1_000, true);
    const e = await events();
    expect(e.map((x) => x.type)).toEqual(
        ['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING', 'SEEK_START', 'SEEK_END', 'PLAYING', 'PAUSE']);
    expect(e[6].at - e[5].at).toBeGreaterThanOrEqual(1_000);
    expect(e[6].at - e[5].at).toBeLessThanOrEqual(1_100);
  });

  it('closes an open stall before a pause', async () => {
    video.play();
    video.playing();
    run(video, 1_000, true);
    run(video, 1_000, false);
    video.pause();
    const e = await events();
    expect(e.map((x) => x.type)).toEqual(
        ['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING', 'REBUFFER_START', 'REBUFFER_END', 'PAUSE']);
    expect(e[5].at).toBe(e[6].at);
  });

  it('ends a stall when the player says playing again', async () => {
    video.play();
    video.playing();
    run(video, 1_000, true);
    run(video, 700, false);
    video.playing();
    run(video, 1_000, true);
    const e = (await events()).filter((x) => x.type.startsWith('REBUFFER') || x.type === 'PLAYING');
    expect(e.map((x) => x.type)).toEqual(['PLAYING', 'REBUFFER_START', 'REBUFFER_END']);
    expect(Math.abs(e[2].at - e[1].at - 700)).toBeLessThanOrEqual(20);
  });
});
