/** The event types of the contract (schemas/src/main/avro/PlaybackEvent.avsc), as ingest-api accepts them. */
export type EventType =
  | 'VIEW_START' | 'PLAYER_READY' | 'PLAY' | 'PLAYING' | 'PAUSE' | 'SEEK_START' | 'SEEK_END'
  | 'REBUFFER_START' | 'REBUFFER_END' | 'BITRATE_CHANGE' | 'ERROR' | 'HEARTBEAT' | 'ENDED' | 'VIEW_END';

/** Device hints; ingest-api's User-Agent parsing wins where it knows better (docs/ingest.md). */
export interface DeviceHints {
  type?: 'desktop' | 'mobile' | 'tablet' | 'tv' | 'console' | 'unknown';
  os?: string;
  os_version?: string;
  app_version?: string;
}

/** One event as posted to ingest-api's {@code POST /v1/events}: snake_case, as in the Avro contract. */
export interface WireEvent {
  event_id: string;
  session_id?: string;
  sequence: number;
  event_type: EventType;
  client_ts: number;
  playhead_ms: number;
  bitrate_kbps?: number;
  rendition?: string;
  buffer_ms?: number;
  dropped_frames?: number;
  error_code?: string;
  error_fatal?: boolean;
  cdn?: string;
  stream_type?: 'VOD' | 'LIVE';
  content_duration_ms?: number;
  device?: DeviceHints;
  player: { name: string; version?: string };
}

/** A view's playback token: a grant from serving-api ({@code POST /v1/playback}) authorizes one view. */
export type TokenSource = string | (() => string | Promise<string>);

export interface MonitorOptions {
  /** ingest-api's base URL, e.g. {@code https://ingest.example.com}; events go to {@code <endpoint>/v1/events}. */
  endpoint: string;
  /**
   * The grant's {@code playbackToken}. Its {@code sid} is the view's session id, so each view needs its own grant:
   * pass a function to get one per view (called at each new view). A plain string serves the first view only.
   */
  playbackToken: TokenSource;
  /** The player library instance, when there is one (its version and renditions are read from it). */
  hlsjs?: unknown;
  dashjs?: unknown;
  shaka?: unknown;
  /** Overrides the detected player name and version. */
  playerName?: string;
  playerVersion?: string;
  cdn?: string;
  device?: DeviceHints;
  /** Heartbeat interval while a view is open (default 10 s). */
  heartbeatMs?: number;
  /** Longest time an event waits before its batch is posted (default 10 s). */
  flushMs?: number;
  /** Most events per request (default 300, ingest-api's limit). */
  maxBatch?: number;
  /** Most events held while ingest is unreachable; the oldest heartbeats go first (default 1000). */
  maxQueue?: number;
  /** Quiet time after which the next activity starts a new view (default 1 h). */
  idleMs?: number;
}

export interface MonitorStats {
  /** Events waiting to be posted. */
  queued: number;
  /** Events ingest-api answered 200 for (or that went out in a beacon). */
  sent: number;
  /** Events dropped from a full queue, or of a view without a token. */
  dropped: number;
  /** Events ingest-api refused for good (400/401/403/413/415, or listed as rejected in a 200). */
  rejected: number;
  /** Requests that will be resent (network error, 429, 5xx). */
  retries: number;
  /** Beacons handed to the browser on page hide. */
  beacons: number;
}
