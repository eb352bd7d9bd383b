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
