// The live stream read with fetch, not EventSource: EventSource cannot send the Authorization header, and a token in
// the URL would land in access logs and proxies. This reads the text/event-stream body as the WHATWG parser does
// (event/data/id/retry fields, blank line ends an event, ':' lines are comments) and reconnects after 'retry' ms.
import { authorized, AuthError } from './api.js';

export function openLiveStream(path, { onEvent, onState }) {
  let stopped = false;
  let controller = null;
  let retryMs = 5000;

  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const r = await authorized(path, { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
        if (r.status === 503) {
          onState('busy: ' + (r.headers.get('Retry-After') || '?') + ' s');
          retryMs = 1000 * Number(r.headers.get('Retry-After') || 5);
        } else if (!r.ok) {
          onState(`stream refused: HTTP ${r.status}`);
        } else {
          onState('live');
          await read(r.body);
          onState('reconnecting');
        }
      } catch (e) {
        if (e instanceof AuthError) {
          onState('signed out');
          return;
        }
        if (stopped) {
          return;
        }
        onState('reconnecting');
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = 'message';
    let data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let nl;
      while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer[nl] === '\r' && buffer[nl + 1] === '\n' ? 2 : 1));
        if (line === '') {
          if (data.length) {
            onEvent(event, data.join('\n'));
          }
          event = 'message';
          data = [];
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = val;
          else if (field === 'data') data.push(val);
          else if (field === 'retry' && /^\d+$/.test(val)) retryMs = Number(val);
        }
      }
    }
  }

  connect();
  return () => {
    stopped = true;
    if (controller) controller.abort();
  };
}
