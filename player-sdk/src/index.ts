import { type Monitor, VideoMonitor } from './monitor';
import type { MonitorOptions } from './types';

export type { Monitor } from './monitor';
export type { DeviceHints, EventType, MonitorOptions, MonitorStats, TokenSource, WireEvent } from './types';

/**
 * Starts monitoring a {@code <video>} element: views, playback events, rebuffering from the playhead, renditions and
 * errors of the player library given in the options (hls.js, dash.js, shaka-player; none for native HLS), posted to
 * ingest-api in batches. See docs/sdk.md.
 */
export function monitor(video: HTMLVideoElement, options: MonitorOptions): Monitor {
  if (!video || typeof video.addEventListener !== 'function') {
    throw new TypeError(`monitor(video, options): video must be a <video> element, got ${String(video)}`);
  }
  if (!options || !options.endpoint || !options.playbackToken) {
    throw new TypeError('monitor(video, options): options.endpoint (ingest-api URL) and options.playbackToken are required');
  }
  return new VideoMonitor(video, options);
}

export const version = '0.1.0';
