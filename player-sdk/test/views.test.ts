import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
});

async function drain() {
  for (let i = 0; i < 30; i++) {
    await vi.advanceTimersByTimeAsync(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
  run(video, 11_000, false);
  for (let i = 0; i < 30; i++) {
    await vi.advanceTimersByTimeAsync(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The events of one session, as ingest got them, by the token they came with. */
function bySession() {
  const sessions: Record<string, string[]> = {};
  for (const p of ingest.posted) {
    const sid = JSON.parse(Buffer.from(p.headers.Authorization.split('.')[1], 'base64url').toString()).sid;
    for (const e of p.events) {
      expect(e.session_id).toBe(sid);
      (sessions[sid] ||= []).push(`${e.sequence}:${e.event_type}`);
    }
  }
  return sessions;
}

describe('view boundaries', () => {
  it('starts a new view, with a new token and sequence 0, when another source loads', async () => {
    let grants = 0;
    const tokens = vi.fn(async () => token(`view-${++grants}`));
    const m = monitor(video as unknown as HTMLVideoElement,
        { endpoint: 'https://ingest.example', playbackToken: tokens, heartbeatMs: 3_600_000 });
    video.load('https://cdn.example/first.m3u8');
    video.play();
    video.playing();
    run(video, 2_000, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(m.sessionId()).toBe('view-1');

    video.load('https://cdn.example/second.m3u8');
    video.play();
    video.playing();
    run(video, 1_000, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(m.sessionId()).toBe('view-2');
    m.destroy();
    await drain();

    expect(tokens).toHaveBeenCalledTimes(2);
    expect(bySession()).toEqual({
      'view-1': ['0:VIEW_START', '1:PLAYER_READY', '2:PLAY', '3:PLAYING', '4:VIEW_END'],
      'view-2': ['0:VIEW_START', '1:PLAYER_READY', '2:PLAY', '3:PLAYING', '4:VIEW_END'],
    });
  });

  it('keeps the view when the same source loads again', async () => {
    const m = monitor(video as unknown as HTMLVideoElement,
        { endpoint: 'https://ingest.example', playbackToken: token('same'), heartbeatMs: 3_600_000 });
    video.load('https://cdn.example/a.m3u8');
    video.play();
    video.playing();
    run(video, 500, true);
    video.fire('loadstart');
    m.destroy();
    await drain();
    expect(bySession()).toEqual({ same: ['0:VIEW_START', '1:PLAYER_READY', '2:PLAY', '3:PLAYING', '4:VIEW_END'] });
  });

  it('ends a view after an hour without activity; the next play starts a new one', async () => {
    let grants = 0;
    const m = monitor(video as unknown as HTMLVideoElement,
        { endpoint: 'https://ingest.example', playbackToken: () => token(`idle-${++grants}`) });
    video.load('https://cdn.example/a.m3u8');
    video.play();
    video.playing();
    run(video, 5_000, true);
    video.pause();
    const pausedAt = Date.now();
    run(video, 3_600_000 + 20_000, false);
    expect(m.sessionId()).toBeUndefined();
    video.play();
    video.playing();
    run(video, 1_000, true);
    await drain();

    const sessions = bySession();
    const first = ingest.events().filter((e) => e.session_id === 'idle-1');
    expect(first.at(-1).event_type).toBe('VIEW_END');
    expect(first.at(-1).client_ts).toBe(pausedAt + 3_600_000);
    expect(first.filter((e) => e.event_type === 'HEARTBEAT').length).toBe(360);
    expect(sessions['idle-2'].slice(0, 4)).toEqual(['0:VIEW_START', '1:PLAYER_READY', '2:PLAY', '3:PLAYING']);
  });

  it('ends the view at ENDED; a replay is a new view', async () => {
    let grants = 0;
    monitor(video as unknown as HTMLVideoElement,
        { endpoint: 'https://ingest.example', playbackToken: () => token(`r-${++grants}`), heartbeatMs: 3_600_000 });
    video.load('https://cdn.example/a.m3u8');
    video.play();
    video.playing();
    run(video, 1_000, true);
    video.end();
    video.ended = false;
    video.currentTime = 0;
    video.play();
    video.playing();
    await drain();
    const sessions = bySession();
    expect(sessions['r-1']).toEqual(['0:VIEW_START', '1:PLAYER_READY', '2:PLAY', '3:PLAYING', '4:ENDED']);
    expect(sessions['r-2'].slice(0, 4)).toEqual(['0:VIEW_START', '1:PLAYER_READY', '2:PLAY', '3:PLAYING']);
  });

  it('drops (and counts) a second view when only one token was given: its sid names the first view', async () => {
    const m = monitor(video as unknown as HTMLVideoElement,
        { endpoint: 'https://ingest.example', playbackToken: token('only'), heartbeatMs: 3_600_000 });
    video.load('https://cdn.example/a.m3u8');
    video.play();
    video.playing();
    video.load('https://cdn.example/b.m3u8');
    video.play();
    video.playing();
    m.destroy();
    await drain();
    expect(Object.keys(bySession())).toEqual(['only']);
    expect(bySession().only.at(-1)).toBe('4:VIEW_END');
    expect(m.stats().dropped).toBe(5);
  });

  it('a fatal error ends the view at once; a non-fatal one does not', async () => {
    const handlers: Record<string, (ev: string, d: any) => void> = {};
    const hls = Object.assign(Object.create({ constructor: { version: '1.7.4' } }), {
      levels: [{ bitrate: 800_000, height: 360 }, { bitrate: 2_500_000, height: 720 }],
      url: 'https://cdn.example/e.m3u8',
      on: (ev: string, fn: any) => (handlers[ev] = fn),
      off: () => undefined,
    });
    monitor(video as unknown as HTMLVideoElement,
        { endpoint: 'https://ingest.example', playbackToken: token('err'), hlsjs: hls, heartbeatMs: 3_600_000 });
    video.load('blob:https://app.example/1');
    handlers.hlsLevelSwitched('hlsLevelSwitched', { level: 1 });
    video.play();
    video.playing();
    handlers.hlsError('hlsError', { type: 'networkError', details: 'fragLoadError', fatal: false });
    // the buffer running dry is rebuffering (measured from the playhead), not an error
    handlers.hlsError('hlsError', { type: 'mediaError', details: 'bufferStalledError', fatal: false });
    handlers.hlsError('hlsError', { type: 'mediaError', details: 'bufferAppendError', fatal: true });
    await vi.advanceTimersByTimeAsync(1);
    const events = ingest.events();
    expect(events.map((e) => e.event_type)).toEqual(
        ['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING', 'ERROR', 'ERROR', 'VIEW_END']);
    expect(events[4]).toMatchObject({ error_code: 'networkError:fragLoadError', error_fatal: false });
    expect(events[5]).toMatchObject({ error_code: 'mediaError:bufferAppendError', error_fatal: true });
    expect(events[0]).toMatchObject({ player: { name: 'hls.js', version: '1.7.4' }, bitrate_kbps: 2500, rendition: '720p' });
  });
});
