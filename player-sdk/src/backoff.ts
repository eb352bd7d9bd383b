export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 60000;

/**
 * How long to wait before the {@code attempt}th resend (1, 2, ...): the server's {@code Retry-After} (seconds or an
 * HTTP date) when it sent one, as a floor with up to 10 % added so a fleet refused together does not come back
 * together; otherwise 1 s doubling up to 60 s, with "equal jitter" (half fixed, half random).
 */
export function retryDelay(attempt: number, retryAfter: string | null | undefined, now: number,
    random: () => number = Math.random): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const ms = isNaN(seconds) ? Date.parse(retryAfter) - now : seconds * 1000;
    if (ms >= 0) {
      return Math.round(ms * (1 + random() / 10));
    }
  }
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
