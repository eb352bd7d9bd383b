import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { monitor } from '../src/index';
import { FakeIngest, FakeVideo, fakeDashjs, fakePage, fakeShaka, run, token } from './fakes';

// The dash.js and shaka-player adapters against fakes that emit what the real players emitted in Chromium
// (tools/e2e-tests PlayerSdkDashShakaBrowserIT, dash.js 5.2.1 and shaka-player 5.2.12; the shapes are quoted in
// fakes.ts). The browser test is the proof; these keep the adapters' reading of those shapes pinned.

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

const options = { endpoint: 'https://ingest.example', heartbeatMs: 3_600_000 };

describe('dash.js', () => {
  it('reports qualityChangeRendered of the video as BITRATE_CHANGE with the representation bandwidth, not audio', async () => {
    const dash = fakeDashjs('https://cdn.example/manifest.mpd');
    monitor(video as unknown as HTMLVideoElement, { ...options, playbackToken: token('d1'), dashjs: dash.player });
    video.load('blob:https://app.example/1');
    video.play();
    video.playing();
    dash.emit('qualityChangeRendered', dash.rendered('video', { id: '1', bandwidth: 250_000, height: 180 }));
    dash.emit('qualityChangeRendered', dash.rendered('audio', { id: '2', bandwidth: 64_000, height: null }));
    run(video, 2_000, true);
    dash.emit('qualityChangeRendered', dash.rendered('video', { id: '0', bandwidth: 800_000, height: 360 }));
    dash.emit('error', { type: 'error', error: { code: 27, message: 'https://cdn.example/chunk-0-00005.m4s is not available' } });
    await vi.advanceTimersByTimeAsync(1);
    const events = ingest.events();
    expect(events.map((e) => e.event_type)).toEqual(['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING', 'BITRATE_CHANGE',
      'BITRATE_CHANGE', 'ERROR', 'VIEW_END']);
    expect(events[4]).toMatchObject({ bitrate_kbps: 250, rendition: '180p' });
    expect(events[5]).toMatchObject({ bitrate_kbps: 800, rendition: '360p' });
    expect(events[6]).toMatchObject({ error_code: 'dash:27', error_fatal: true });
    expect(events[0].player).toEqual({ name: 'dash.js', version: '5.2.1' });
  });
});

describe('shaka-player', () => {
  it('reads the active variant after adaptation and variantchanged, and CRITICAL errors as fatal', async () => {
    const shaka = fakeShaka('https://cdn.example/manifest.mpd', [
      { id: 1, bandwidth: 864_000, height: 360 }, { id: 2, bandwidth: 314_000, height: 180 }]);
    monitor(video as unknown as HTMLVideoElement, { ...options, playbackToken: token('s1'), shaka: shaka.player });
    video.load('blob:https://app.example/2');
    // shaka picks its first variant while load() runs, before anyone plays: no view yet, every event carries it
    shaka.activate(1, 'adaptation');
    video.play();
    video.playing();
    run(video, 2_000, true);
    shaka.activate(2, 'variantchanged');
    shaka.error(1001, 1);
    shaka.error(1001, 2);
    await vi.advanceTimersByTimeAsync(1);
    const events = ingest.events();
    expect(events.map((e) => e.event_type)).toEqual(['VIEW_START', 'PLAYER_READY', 'PLAY', 'PLAYING', 'BITRATE_CHANGE',
      'ERROR', 'ERROR', 'VIEW_END']);
    expect(events[0]).toMatchObject({ bitrate_kbps: 864, rendition: '360p',
      player: { name: 'shaka-player', version: 'v5.2.12' } });
    expect(events[4]).toMatchObject({ bitrate_kbps: 314, rendition: '180p' });
    expect(events[5]).toMatchObject({ error_code: 'shaka:1001', error_fatal: false });
    expect(events[6]).toMatchObject({ error_code: 'shaka:1001', error_fatal: true });
  });

  it("closes a seek with SEEK_END before PLAYING when timeupdate shows playback before 'seeked' arrives", async () => {
    monitor(video as unknown as HTMLVideoElement, { ...options, playbackToken: token('s2') });
    video.load('https://cdn.example/a.mp4');
    video.play();
    video.playing();
    run(video, 2_000, true);
    // Chromium's order for shaka's selectVariantTrack(track, true): seeking, waiting, then (HTML's seek algorithm)
    // timeupdate with the element no longer seeking, seeked, playing
    video.seek(2.19);
    video.fire('waiting');
    video.seeking = false;
    run(video, 100, true);
    video.fire('timeupdate');
    video.fire('seeked');
    video.playing();
    run(video, 500, true);
    await vi.advanceTimersByTimeAsync(1);
    await monitorFlush();
    const types = ingest.types();
    expect(types.slice(types.indexOf('SEEK_START'))).toEqual(['SEEK_START', 'SEEK_END', 'PLAYING']);
  });
});

async function monitorFlush() {
  run(video, 11_000, true);
  for (let i = 0; i < 30; i++) {
    await vi.advanceTimersByTimeAsync(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
