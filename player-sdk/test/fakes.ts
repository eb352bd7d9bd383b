import { vi } from 'vitest';

/** A {@code <video>} element as far as the monitor reads it; the test moves its playhead with the fake clock. */
export class FakeVideo extends EventTarget {
  currentTime = 0;
  paused = true;
  seeking = false;
  ended = false;
  readyState = 0;
  duration = NaN;
  playbackRate = 1;
  currentSrc = '';
  videoHeight = 0;
  error: { code: number } | null = null;
  droppedVideoFrames = 0;
  bufferedEnd = 0;
  buffered = {
    length: 1,
    start: () => 0,
    end: () => this.bufferedEnd,
  };

  getVideoPlaybackQuality() {
    return { droppedVideoFrames: this.droppedVideoFrames };
  }

  fire(type: string): void {
    this.dispatchEvent(new Event(type));
  }

  /** A new source: loadstart, then metadata of a 60 s VOD. */
  load(src: string): void {
    this.currentSrc = src;
    this.readyState = 0;
    this.currentTime = 0;
    this.fire('loadstart');
    this.duration = 60;
    this.readyState = 1;
    this.videoHeight = 720;
    this.fire('loadedmetadata');
  }

  play(): void {
    this.paused = false;
    this.fire('play');
  }

  /** Enough data: the browser's 'playing'. */
  playing(): void {
    this.readyState = 4;
    this.fire('playing');
  }

  pause(): void {
    this.paused = true;
    this.fire('pause');
  }

  seek(to: number): void {
    this.seeking = true;
    this.currentTime = to;
    this.fire('seeking');
  }

  seeked(): void {
    this.seeking = false;
    this.fire('seeked');
  }

  end(): void {
    this.ended = true;
    this.paused = true;
    this.fire('pause');
    this.fire('ended');
  }
}

/** Runs the fake clock {@code ms} in 10 ms steps, the playhead advancing with it when {@code advancing}. */
export function run(video: FakeVideo, ms: number, advancing: boolean): void {
  for (let t = 0; t < ms; t += 10) {
    vi.advanceTimersByTime(10);
    if (advancing) {
      video.currentTime = Math.round((video.currentTime + 0.01) * 1000) / 1000;
      video.bufferedEnd = video.currentTime + 5;
    }
  }
}

export interface Posted {
  at: number;
  url: string;
  headers: Record<string, string>;
  keepalive: boolean;
  events: any[];
}

/** ingest-api as fetch sees it: records every request and answers with the next scripted status (200 by default). */
export class FakeIngest {
  posted: Posted[] = [];
  answers: (number | 'network' | { status: number; retryAfter?: string; body?: unknown })[] = [];

  readonly fetch = vi.fn(async (url: string, init: any) => {
    this.posted.push({ at: Date.now(), url, headers: init.headers, keepalive: init.keepalive,
      events: JSON.parse(init.body) });
    const a = this.answers.shift() ?? 200;
    if (a === 'network') {
      throw new TypeError('Failed to fetch');
    }
    const { status, retryAfter, body } = typeof a === 'number' ? { status: a, retryAfter: undefined, body: undefined } : a;
    const events = JSON.parse(init.body).length;
    const json = body ?? (status === 200 ? { accepted: events, rejected: [] } : { code: status, message: 'no' });
    return new Response(JSON.stringify(json), {
      status,
      headers: retryAfter ? { 'Retry-After': retryAfter } : {},
    });
  });

  /** Every event posted, in the order posted. */
  events(): any[] {
    return this.posted.flatMap((p) => p.events);
  }

  types(): string[] {
    return this.events().map((e) => e.event_type);
  }
}

export interface Page {
  window: EventTarget & { listenerTypes: string[] };
  document: EventTarget & { visibilityState: string };
  beacons: { url: string; body: any }[];
  beaconAnswer: boolean;
}

/** window, document and navigator.sendBeacon as the monitor uses them; window remembers what was listened for. */
export function fakePage(ingest: FakeIngest): Page {
  const win = new EventTarget() as Page['window'];
  win.listenerTypes = [];
  const add = win.addEventListener.bind(win);
  win.addEventListener = (type: string, fn: any, opts?: any) => {
    win.listenerTypes.push(type);
    add(type, fn, opts);
  };
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const page: Page = { window: win, document: doc, beacons: [], beaconAnswer: true };
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
  vi.stubGlobal('fetch', ingest.fetch);
  vi.stubGlobal('navigator', {
    sendBeacon: (url: string, body: string) => {
      if (page.beaconAnswer) {
        page.beacons.push({ url, body: JSON.parse(body) });
      }
      return page.beaconAnswer;
    },
  });
  return page;
}

/** A playback token as serving-api issues it, as far as the SDK reads it (the payload's sid; never verified here). */
export function token(sid: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'ES256', kid: 'k1' })}.${b64({ sid, tid: 'title-1' })}.c2lnbmF0dXJl`;
}

/**
 * dash.js (npm dashjs 5.2.1) as its adapter uses it, emitting what the real player emitted in Chromium
 * (PlayerSdkDashShakaBrowserIT): {@code qualityChangeRendered} as
 * {@code {type, mediaType: 'video'|'audio', newRepresentation: {id, bandwidth: 250000, height: 180, ...},
 * oldRepresentation, streamId}} once per media type at the start and after each switch (index.d.ts
 * QualityChangeRenderedEvent); {@code error} as {@code {type: 'error', error: {code: 27, message: '<url> is not
 * available'}}} for a segment answered 404 after its retries (then playback stops at the end of the buffer);
 * {@code getVersion()} '5.2.1'; {@code getSource()} the manifest URL given to initialize.
 */
export function fakeDashjs(source: string) {
  const handlers: Record<string, (e: any) => void> = {};
  let current: any;
  const player = {
    on: (type: string, fn: (e: any) => void) => (handlers[type] = fn),
    off: (type: string) => delete handlers[type],
    getVersion: () => '5.2.1',
    getSource: () => source,
  };
  return {
    player,
    emit: (type: string, e: any) => handlers[type] && handlers[type](e),
    rendered(mediaType: string, rep: { id: string; bandwidth: number; height: number | null }) {
      const e = { type: 'qualityChangeRendered', mediaType, newRepresentation: rep, oldRepresentation: current,
        streamId: '0' };
      if (mediaType === 'video') {
        current = rep;
      }
      return e;
    },
  };
}

/**
 * shaka-player 5.2.12 as its adapter uses it, as the real one behaved in Chromium (PlayerSdkDashShakaBrowserIT): an
 * EventTarget whose {@code adaptation} (its own choice, the first one during load()) and {@code variantchanged}
 * (the app's selectVariantTrack) events carry nothing the adapter reads: the active track of
 * {@code getVariantTracks()} says what plays, with {@code bandwidth} the variant's (video + audio, 864000 for an
 * 800 kb/s video with 64 kb/s audio) and {@code height}; {@code error} events carry a shaka.util.Error in
 * {@code detail} ({@code {code: 1001, severity: 2, category: 1}}: BAD_HTTP_STATUS, CRITICAL, for a segment
 * answered 404 after its retries); the class carries {@code version} 'v5.2.12'.
 */
export function fakeShaka(asset: string, variants: { id: number; bandwidth: number; height: number }[]) {
  class Player extends EventTarget {
    static version = 'v5.2.12';
    tracks = variants.map((v) => ({ ...v, active: false, type: 'variant' }));
    getVariantTracks() {
      return this.tracks.map((t) => ({ ...t }));
    }
    getAssetUri() {
      return asset;
    }
  }
  const player = new Player();
  return {
    player,
    activate(id: number, type: 'adaptation' | 'variantchanged') {
      player.tracks.forEach((t) => (t.active = t.id === id));
      player.dispatchEvent(new Event(type));
    },
    error(code: number, severity: number) {
      const e = new Event('error') as Event & { detail: unknown };
      e.detail = { code, severity, category: 1 };
      player.dispatchEvent(e);
    },
  };
}
