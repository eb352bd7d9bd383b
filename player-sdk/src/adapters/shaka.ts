import { type Adapter, type Sink, rendition } from './adapter';

/** shaka-player 4 and 5: the active variant after {@code adaptation}/{@code variantchanged}; CRITICAL errors are fatal. */
export function shakaAdapter(player: any, sink: Sink, version?: string): Adapter {
  const changed = () => {
    const active = (player.getVariantTracks() as any[]).find((t) => t.active);
    if (active && active.bandwidth) {
      sink.bitrate(Math.round(active.bandwidth / 1000), rendition(active.height));
    }
  };
  // shaka.util.Error.Severity.CRITICAL
  const error = (e: any) => sink.error(`shaka:${e.detail && e.detail.code}`, !!e.detail && e.detail.severity === 2);
  player.addEventListener('adaptation', changed);
  player.addEventListener('variantchanged', changed);
  player.addEventListener('error', error);
  return {
    name: 'shaka-player',
    version: version || (player.constructor && player.constructor.version),
    src: () => (player.getAssetUri && player.getAssetUri()) || undefined,
    ownsErrors: true,
    off() {
      player.removeEventListener('adaptation', changed);
      player.removeEventListener('variantchanged', changed);
      player.removeEventListener('error', error);
    },
  };
}
