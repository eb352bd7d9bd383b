/** A view's token once known; {@code dead} when there will never be one (its events are dropped). */
export interface TokenRef {
  v?: string;
  sid?: string;
  dead?: boolean;
}

/**
 * The {@code sid} claim of a playback token, read without verifying (ingest-api verifies): the session id this
 * SDK puts on the view's events, and that {@code monitor.sessionId()} shows for support tickets.
 */
export function sessionIdOf(token: string): string | undefined {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part)).sid;
  } catch {
    return undefined;
  }
}
