import { type Adapter, type Sink, rendition } from './adapter';

/** hls.js ≥ 1.7: renditions from LEVEL_SWITCHED, errors (fatal or not) from ERROR, the source from {@code url}. */
export function hlsjsAdapter(hls: any, sink: Sink): Adapter {
  const switched = (_: string, d: { level: number }) => {
    const level = hls.levels && hls.levels[d.level];
    if (level && level.bitrate) {
      sink.bitrate(Math.round(level.bitrate / 1000), rendition(level.height));
    }
  };
  // hls.js reports its buffer running dry (and how it nudged past it) as non-fatal errors: the monitor already
  // measures that as rebuffering, from the playhead
  const error = (_: string, d: { type: string; details: string; fatal: boolean }) =>
    (d.fatal || !/^buffer(Stalled|SeekOverHole|NudgeOnStall)/.test(d.details)) && sink.error(`${d.type}:${d.details}`, !!d.fatal);
  hls.on('hlsLevelSwitched', switched);
  hls.on('hlsError', error);
  return {
    name: 'hls.js',
    version: hls.constructor && hls.constructor.version,
    src: () => hls.url || undefined,
    ownsErrors: true,
    off() {
      hls.off('hlsLevelSwitched', switched);
      hls.off('hlsError', error);
    },
  };
}
