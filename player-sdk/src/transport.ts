import { retryDelay } from './backoff';
import type { MonitorStats, WireEvent } from './types';
import type { TokenRef } from './token';

interface Item {
  e: WireEvent;
  t: TokenRef;
  /** Ends a view: posted without waiting for the flush interval. */
  u?: boolean;
}

interface Batch {
  items: Item[];
  body: string;
  token: string;
}

/**
 * fetch's keepalive and sendBeacon share a 64 KiB budget per page for bodies in flight; a batch above this goes
 * out without keepalive, and beacons are cut into chunks below it.
 */
const KEEPALIVE_BYTES = 60000;
/** Far below ingest-api's 512 KiB per request. */
const MAX_BODY_BYTES = 256000;

/**
 * The events of every view on their way to ingest-api: a bounded queue, batches of one view (one token) posted one
 * at a time in order, at most {@code flushMs} after an event was queued or at once when a batch is full, resent as
 * they were (same event ids) after a network error, 429 or 5xx, and handed to sendBeacon when the page is hidden.
 */
export class Transport {
  private q: Item[] = [];
  private inflight?: Item[];
  private timer?: ReturnType<typeof setTimeout>;
  private due = Infinity;
  private attempt = 0;
  private notBefore = 0;
  readonly stats: MonitorStats = { queued: 0, sent: 0, dropped: 0, rejected: 0, retries: 0, beacons: 0 };

  constructor(private url: string, private flushMs: number, private maxBatch: number, private maxQueue: number) {}

  add(e: WireEvent, t: TokenRef, urgent?: boolean): void {
    this.q.push({ e, t, u: urgent });
    if (this.q.length > this.maxQueue) {
      // heartbeats are the cheapest loss (the next one says the same); otherwise the oldest goes
      const i = this.q.findIndex((x) => x.e.event_type === 'HEARTBEAT');
      this.q.splice(i < 0 ? 0 : i, 1);
      this.stats.dropped++;
    }
    this.kick();
  }

  /** Arms the flush timer for the queue as it is: at once for a full batch or a view's end, else when the oldest is due. */
  kick(): void {
    const head = this.q[0];
    if (head) {
      this.schedule(this.q.length >= this.maxBatch || this.q.some((x) => x.u)
        ? 0 : Math.max(0, head.e.client_ts + this.flushMs - Date.now()));
    }
  }

  size(): number {
    return this.q.length;
  }

  /** Posts what is queued now, ignoring the flush interval (not a pending backoff). */
  flush(): Promise<void> {
    return this.send();
  }

  /**
   * Everything queued, in beacons (text/plain with the token in the body: a beacon sets no headers), including a
   * batch still in flight: ingest-api drops the duplicates by event id. What the browser refuses stays queued.
   */
  beacon(): void {
    let b: Batch | undefined;
    while ((b = this.take(KEEPALIVE_BYTES))) {
      const body = `{"token":${JSON.stringify(b.token)},"events":[${b.body}]}`;
      if (!navigator.sendBeacon || !navigator.sendBeacon(this.url, body)) {
        // fetch (with keepalive) gets it out while the page still lives
        this.schedule(0);
        return;
      }
      this.remove(b.items);
      this.stats.sent += b.items.length;
      this.stats.beacons++;
    }
  }

  private schedule(delay: number): void {
    const at = Math.max(Date.now() + delay, this.notBefore);
    if (at >= this.due) {
      return;
    }
    clearTimeout(this.timer);
    this.due = at;
    this.timer = setTimeout(() => {
      this.due = Infinity;
      this.send();
    }, at - Date.now());
  }

  /** The head of the queue: consecutive events of one view with a known token, within the count and byte limits. */
  private take(maxBytes: number): Batch | undefined {
    while (this.q.length && this.q[0].t.dead) {
      this.q.shift();
      this.stats.dropped++;
    }
    const t = this.q[0]?.t;
    if (!t?.v) {
      return undefined;
    }
    const items: Item[] = [];
    const parts: string[] = [];
    let bytes = 0;
    for (const it of this.q) {
      if (it.t !== t || items.length >= this.maxBatch) {
        break;
      }
      if (t.sid) {
        it.e.session_id = t.sid;
      }
      const s = JSON.stringify(it.e);
      if (items.length && bytes + s.length > maxBytes) {
        break;
      }
      items.push(it);
      parts.push(s);
      bytes += s.length + 1;
    }
    return { items, body: parts.join(','), token: t.v };
  }

  private remove(items: Item[]): void {
    this.q = this.q.filter((x) => !items.includes(x));
  }

  private async send(): Promise<void> {
    const b = this.inflight ? undefined : this.take(MAX_BODY_BYTES);
    if (!b) {
      return;
    }
    this.inflight = b.items;
    const body = `[${b.body}]`;
    let res: Response | undefined;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${b.token}` },
        body,
        keepalive: body.length < KEEPALIVE_BYTES,
      });
    } catch {
      // a network error: retried below, like a 503
    }
    this.inflight = undefined;
    const status = res ? res.status : 0;
    if (status === 0 || status === 429 || status >= 500) {
      this.attempt++;
      this.stats.retries++;
      this.notBefore = Date.now() + retryDelay(this.attempt, res && res.headers.get('Retry-After'), Date.now());
    } else {
      this.attempt = 0;
      this.notBefore = 0;
      this.remove(b.items);
      if (res!.ok) {
        let refused = 0;
        try {
          refused = ((await res!.json()).rejected || []).length;
        } catch {
          // an answer without a body still acknowledged the batch
        }
        this.stats.sent += b.items.length - refused;
        this.stats.rejected += refused;
      } else {
        // 400/401/403/413/415: the same events would be refused again
        this.stats.rejected += b.items.length;
      }
    }
    this.kick();
  }
}
