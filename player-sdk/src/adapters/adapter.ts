/** What a player adapter reports to the monitor. */
export interface Sink {
  /** The rendition playing changed; {@code kbps} is its bitrate. */
  bitrate(kbps: number, rendition?: string): void;
  /** A player error; {@code fatal} when playback cannot go on. */
  error(code: string, fatal: boolean): void;
}

/** One player library bound to the monitor; {@code off()} removes its listeners. */
export interface Adapter {
  name: string;
  version?: string;
  /** The manifest URL, which tells one source load from the next (MSE players give the element blob: URLs). */
  src(): string | undefined;
  /** The player reports its errors itself (its recoverable media errors must not be fatal element errors). */
  ownsErrors: boolean;
  off(): void;
}


export function rendition(height: number | undefined): string | undefined {
  return height ? `${height}p` : undefined;
}
