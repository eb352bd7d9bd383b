import { type Adapter, type Sink, rendition } from './adapter';

/**
 * dash.js (npm {@code dashjs}) 4.7 and 5: renditions from {@code qualityChangeRendered} (5 carries the new
 * representation, 4 an index into the bitrate list); its {@code error} event is what it gave up on, so fatal.
 */
export function dashjsAdapter(player: any, sink: Sink): Adapter {
  const rendered = (e: any) => {
    if (e.mediaType !== 'video') {
      return;
    }
    const r = e.newRepresentation || (player.getBitrateInfoListFor && player.getBitrateInfoListFor('video')[e.newQuality]);
    const bps = r && (r.bandwidth || r.bitrate);
    if (bps) {
      sink.bitrate(Math.round(bps / 1000), rendition(r.height));
    }
  };
  const error = (e: any) => {
    const err = e.error;
    sink.error(`dash:${err && typeof err === 'object' ? err.code : err}`, true);
  };
  player.on('qualityChangeRendered', rendered);
  player.on('error', error);
  return {
    name: 'dash.js',
    version: player.getVersion && player.getVersion(),
    src: () => {
      const s = player.getSource && player.getSource();
      return typeof s === 'string' ? s : undefined;
    },
    ownsErrors: true,
    off() {
      player.off('qualityChangeRendered', rendered);
      player.off('error', error);
    },
  };
}
