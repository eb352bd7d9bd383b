import { type Adapter, type Sink } from './adapters/adapter';
import { dashjsAdapter } from './adapters/dashjs';
import { hlsjsAdapter } from './adapters/hlsjs';
import { shakaAdapter } from './adapters/shaka';
import { StallDetector } from './stall';
import { type TokenRef, sessionIdOf } from './token';
import { Transport } from './transport';
import type { EventType, MonitorOptions, MonitorStats, WireEvent } from './types';
import { uuid } from './uuid';

/**
 * The player state of docs/qoe.md as this SDK sees it: {@code waiting} is a play request after the first frame
 * that has not yet played, {@code idle} is no open view.
 */
type State = 'idle' | 'starting' | 'waiting' | 'playing' | 'stalled' | 'paused' | 'seeking';

interface View {
  t: TokenRef;
  seq: number;
  src?: string;
  frame: boolean;
  ready: boolean;
  /** client_ts of the view's last event: a back-dated stall start never goes before it (sequence order = time order). */
  last: number;
}

/** A monitored {@code <video>} element. */
export interface Monitor {
  /** The open view's session id (the token's {@code sid}), for support tickets. */
  sessionId(): string | undefined;
  stats(): MonitorStats;
  /** Posts what is queued now. */
  flush(): Promise<void>;
  /** Ends the view, posts what is queued and removes every listener. */
  destroy(): void;
}

const POLL_MS = 100;

export class VideoMonitor implements Monitor {
  private readonly tr: Transport;
  private readonly ad?: Adapter;
  private readonly player: WireEvent['player'];
  private readonly det = new StallDetector();
  private readonly offs: (() => void)[] = [];
  private view?: View;
  private state: State = 'idle';
  private kbps?: number;
  private rend?: string;
  private dropped = 0;
  private activity = 0;
  private tokenUsed = false;
  private pendingError?: string;
  /** A SEEK_START whose SEEK_END is not sent yet. */
  private seekOpen = false;
  private timers: ReturnType<typeof setInterval>[] = [];

  constructor(private readonly v: HTMLVideoElement, private readonly o: MonitorOptions) {
    this.tr = new Transport(`${o.endpoint.replace(/\/+$/, '')}/v1/events`, o.flushMs || 10000, o.maxBatch || 300,
        o.maxQueue || 1000);
    const sink: Sink = { bitrate: (k, r) => this.bitrate(k, r), error: (c, f) => this.error(c, f) };
    this.ad = o.hlsjs ? hlsjsAdapter(o.hlsjs, sink)
      : o.dashjs ? dashjsAdapter(o.dashjs, sink)
      : o.shaka ? shakaAdapter(o.shaka, sink, o.playerVersion)
      : undefined;
    const ad = this.ad;
    this.player = { name: o.playerName || (ad ? ad.name : 'html5') };
    const version = o.playerVersion || (ad && ad.version);
    if (version) {
      this.player.version = version;
    }

    this.on(v, 'loadstart', () => this.loadStart());
    this.on(v, 'loadedmetadata', () => this.view && !this.view.ready && this.ready());
    this.on(v, 'play', () => this.play());
    this.on(v, 'playing', () => this.playing());
    this.on(v, 'pause', () => this.pause());
    this.on(v, 'seeking', () => this.seeking());
    this.on(v, 'seeked', () => this.seeked());
    this.on(v, 'ended', () => this.end('ENDED'));
    this.on(v, 'error', () => !(ad && ad.ownsErrors) && v.error && this.error(`MEDIA_ERR_${v.error.code}`, true));
    this.on(v, 'waiting', () => this.check());
    this.on(v, 'timeupdate', () => this.check());
    // never 'unload': it disables the back/forward cache, and mobile browsers often skip it
    this.on(document, 'visibilitychange', () => document.visibilityState === 'hidden' && this.tr.beacon());
    this.on(window, 'pagehide', () => {
      this.end();
      this.tr.beacon();
    });
    if (!v.paused) {
      this.play();
      if (v.readyState > 2) {
        this.playing();
      }
    }
  }

  sessionId(): string | undefined {
    return this.view && this.view.t.sid;
  }

  stats(): MonitorStats {
    return { ...this.tr.stats, queued: this.tr.size() };
  }

  flush(): Promise<void> {
    return this.tr.flush();
  }

  destroy(): void {
    this.end();
    this.offs.forEach((off) => off());
    if (this.ad) {
      this.ad.off();
    }
    this.tr.flush();
  }

  private on(target: EventTarget, type: string, fn: () => void): void {
    target.addEventListener(type, fn);
    this.offs.push(() => target.removeEventListener(type, fn));
  }

  // ---- views

  /** The open view; after {@code idleMs} without activity the old one ends and a new one starts. */
  private open(): View {
    const idle = this.o.idleMs || 3600000;
    if (this.view && Date.now() - this.activity >= idle) {
      this.end('VIEW_END', this.activity + idle);
    }
    if (this.view) {
      return this.view;
    }
    const t: TokenRef = {};
    const set = (token: string) => {
      t.v = token;
      t.sid = sessionIdOf(token);
      this.tr.kick();
    };
    const source = this.o.playbackToken;
    if (typeof source === 'function') {
      Promise.resolve().then(source).then(set, () => {
        t.dead = true;
        this.tr.kick();
      });
    } else if (!this.tokenUsed) {
      set(source);
    } else {
      // a grant's token names one session: reporting a second view under it would merge two views into one
      t.dead = true;
    }
    this.tokenUsed = true;
    const view: View = (this.view = { t, seq: 0, src: this.src(), frame: false, ready: false, last: 0 });
    this.state = 'starting';
    this.dropped = this.droppedFrames();
    this.emit('VIEW_START');
    if (this.v.readyState > 0) {
      this.ready();
    }
    if (this.pendingError) {
      this.error(this.pendingError, true);
    }
    if (this.view) {
      this.timers = [setInterval(() => this.heartbeat(), this.o.heartbeatMs || 10000),
        setInterval(() => this.check(), POLL_MS)];
    }
    return view;
  }

  private end(type: 'VIEW_END' | 'ENDED' = 'VIEW_END', at?: number): void {
    if (!this.view) {
      return;
    }
    this.closeStall();
    this.emit(type, undefined, at);
    this.timers.forEach(clearInterval);
    this.view = undefined;
    this.state = 'idle';
  }

  private src(): string | undefined {
    return (this.ad && this.ad.src()) || this.v.currentSrc || undefined;
  }

  private heartbeat(): void {
    const idle = this.o.idleMs || 3600000;
    if (Date.now() - this.activity >= idle) {
      this.end('VIEW_END', this.activity + idle);
    } else {
      this.emit('HEARTBEAT');
    }
  }

  // ---- element and player events

  private loadStart(): void {
    const src = this.src();
    const view = this.view;
    if (view && view.src && src !== view.src) {
      this.end();
    } else if (view) {
      view.src = src;
    }
    if (!this.view) {
      this.kbps = this.rend = this.pendingError = undefined;
    }
  }

  private ready(): void {
    this.view!.ready = true;
    this.emit('PLAYER_READY');
  }

  private play(): void {
    const view = this.open();
    if (this.state === 'playing' || this.state === 'stalled' || !this.view) {
      return;
    }
    this.emit('PLAY');
    if (view.frame && this.state !== 'seeking') {
      this.state = 'waiting';
    }
  }

  private playing(): void {
    this.open();
    if (!this.view) {
      return;
    }
    if (this.state === 'stalled') {
      this.closeStall();
    } else if (this.state !== 'playing') {
      this.toPlaying();
    }
    this.det.reset(Date.now(), this.v.currentTime);
  }

  private toPlaying(): void {
    // the element fires timeupdate before seeked (HTML's seek algorithm), so the playhead can show playback going on
    // before 'seeked' arrives (shaka-player's rendition switch with clearBuffer, in Chromium): close the seek first
    this.endSeek();
    this.emit('PLAYING');
    this.view!.frame = true;
    this.state = 'playing';
  }

  private pause(): void {
    // the element pauses itself right before 'ended': that is no viewer's pause
    if (!this.view || this.v.ended || this.state === 'paused') {
      return;
    }
    this.closeStall();
    this.emit('PAUSE');
    this.state = 'paused';
  }

  private seeking(): void {
    // a player's own seek before the first frame (a start position, a gap at 0) is startup, not a viewer's seek
    if (!this.view || !this.view.frame) {
      return;
    }
    this.closeStall();
    if (this.state !== 'seeking') {
      this.emit('SEEK_START');
      this.state = 'seeking';
    }
    this.seekOpen = true;
  }

  private seeked(): void {
    if (this.view && this.state === 'seeking') {
      this.endSeek();
      // the jump itself is not progress: seeking lasts until the playhead advances from the new position
      this.det.sample(Date.now(), this.v.currentTime, false);
    }
  }

  private endSeek(): void {
    if (this.seekOpen && this.state === 'seeking') {
      this.emit('SEEK_END');
    }
    this.seekOpen = false;
  }

  private bitrate(kbps: number, rendition?: string): void {
    if (kbps === this.kbps && rendition === this.rend) {
      return;
    }
    this.kbps = kbps;
    this.rend = rendition;
    if (this.view) {
      this.emit('BITRATE_CHANGE');
    }
  }

  private error(code: string, fatal: boolean): void {
    if (!this.view) {
      // a manifest that failed before anyone pressed play: reported once a view starts (a start failure)
      if (fatal) {
        this.pendingError = code;
      }
      return;
    }
    this.pendingError = undefined;
    this.closeStall();
    this.emit('ERROR', { error_code: code, error_fatal: fatal });
    if (fatal) {
      this.end();
    }
  }

  // ---- the playhead

  private check(): void {
    const v = this.v;
    const state = this.state;
    if (!this.view) {
      return;
    }
    const now = Date.now();
    const advancing = !v.paused && !v.seeking && !v.ended && v.playbackRate > 0;
    const change = this.det.sample(now, v.currentTime, advancing && (state === 'playing' || state === 'stalled'),
        v.playbackRate);
    if (this.det.moved) {
      this.activity = now;
    }
    if (change && 'start' in change) {
      this.emit('REBUFFER_START', undefined, change.start);
      this.state = 'stalled';
    } else if (change && 'end' in change) {
      this.closeStall(change.end);
    } else if (this.det.moved && advancing && v.readyState > 2 && (state === 'waiting' || state === 'seeking')) {
      // after a seek or a resume the browser need not send 'playing' (the data was there): the playhead says it
      this.toPlaying();
    }
  }

  private closeStall(at?: number): void {
    if (this.state === 'stalled') {
      this.emit('REBUFFER_END', undefined, at);
      this.state = 'playing';
    }
    this.det.reset(Date.now(), this.v.currentTime);
  }

  // ---- events

  private droppedFrames(): number {
    const q = this.v.getVideoPlaybackQuality && this.v.getVideoPlaybackQuality();
    return q ? q.droppedVideoFrames : 0;
  }

  private emit(type: EventType, extra?: Partial<WireEvent>, at?: number): void {
    const view = this.view!;
    const v = this.v;
    const o = this.o;
    const ts = (view.last = Math.max(Math.round(at === undefined ? Date.now() : at), view.last));
    const pos = v.currentTime || 0;
    const e: WireEvent = {
      event_id: uuid(),
      sequence: view.seq++,
      event_type: type,
      client_ts: ts,
      playhead_ms: Math.round(pos * 1000),
      player: this.player,
    };
    if (view.t.sid) {
      e.session_id = view.t.sid;
    }
    if (this.kbps) {
      e.bitrate_kbps = this.kbps;
    }
    const rendition = this.rend || (v.videoHeight ? `${v.videoHeight}p` : undefined);
    if (rendition) {
      e.rendition = rendition;
    }
    const b = v.buffered;
    for (let i = 0; b && i < b.length; i++) {
      if (b.start(i) <= pos + 0.1 && b.end(i) > pos) {
        e.buffer_ms = Math.round((b.end(i) - pos) * 1000);
      }
    }
    const frames = this.droppedFrames();
    if (frames > this.dropped) {
      e.dropped_frames = frames - this.dropped;
    }
    this.dropped = frames;
    if (o.cdn) {
      e.cdn = o.cdn;
    }
    if (o.device) {
      e.device = o.device;
    }
    const d = v.duration;
    if (d === Infinity) {
      e.stream_type = 'LIVE';
    } else if (d > 0) {
      e.stream_type = 'VOD';
      e.content_duration_ms = Math.round(d * 1000);
    }
    Object.assign(e, extra);
    if (type !== 'HEARTBEAT') {
      this.activity = Date.now();
    }
    this.tr.add(e, view.t, type === 'ENDED' || type === 'VIEW_END' || (type === 'ERROR' && e.error_fatal));
  }
}
