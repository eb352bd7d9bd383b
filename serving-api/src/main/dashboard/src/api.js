// The dashboard's calls to serving-api. The access and refresh tokens live in sessionStorage (gone when the tab
// closes, never in a cookie, so no CSRF surface); the device id in localStorage, so one browser is one device of
// the account however often it signs in. A 401 refreshes once, then asks for the password again. The watch page
// (src/watch/) shares this module under its own storage keys and device name (configure): each page is its own bundle.
let TOKENS = 'ott-dashboard-tokens';
let DEVICE = 'ott-dashboard-device';
let DEVICE_NAME = 'OTT dashboard';

/** Another page's storage keys and device name, set before its first call. */
export function configure({ tokensKey, deviceKey, deviceName }) {
  TOKENS = tokensKey;
  DEVICE = deviceKey;
  DEVICE_NAME = deviceName;
}

export class AuthError extends Error {}

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

function deviceId() {
  let id = localStorage.getItem(DEVICE);
  if (!id) {
    id = DEVICE.replace(/^ott-|-device$/g, '') + '-' + crypto.getRandomValues(new Uint32Array(2)).join('');
    localStorage.setItem(DEVICE, id);
  }
  return id;
}

export function tokens() {
  const raw = sessionStorage.getItem(TOKENS);
  return raw ? JSON.parse(raw) : null;
}

function keep(t) {
  sessionStorage.setItem(TOKENS, JSON.stringify({ accessToken: t.accessToken, refreshToken: t.refreshToken }));
}

export function forget() {
  sessionStorage.removeItem(TOKENS);
}

async function json(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return { message: text };
  }
}

export async function login(email, password) {
  const r = await fetch('/v1/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, deviceId: deviceId(), deviceName: DEVICE_NAME }),
  });
  const body = await json(r);
  if (!r.ok) {
    throw new ApiError(r.status, body);
  }
  keep(body);
}

async function refresh() {
  const t = tokens();
  if (!t) {
    throw new AuthError('signed out');
  }
  const r = await fetch('/v1/auth/refresh', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken: t.refreshToken }),
  });
  if (!r.ok) {
    forget();
    throw new AuthError('session ended');
  }
  keep(await json(r));
}

/** fetch with the bearer token; on 401 one refresh and one retry. */
export async function authorized(path, init = {}) {
  for (let attempt = 0; ; attempt++) {
    const t = tokens();
    if (!t) {
      throw new AuthError('signed out');
    }
    const headers = { ...(init.headers || {}), Authorization: `Bearer ${t.accessToken}` };
    const r = await fetch(path, { ...init, headers });
    if (r.status === 401 && attempt === 0) {
      await refresh();
      continue;
    }
    if (r.status === 401) {
      forget();
      throw new AuthError('session ended');
    }
    return r;
  }
}

export async function getJson(path) {
  const r = await authorized(path);
  const body = await json(r);
  if (!r.ok) {
    throw new ApiError(r.status, body);
  }
  return body;
}

/** A JSON request with the bearer token (POST, PUT, DELETE); the answer's JSON, or null when it has none. */
export async function sendJson(method, path, body) {
  const init = { method };
  if (body !== undefined) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const r = await authorized(path, init);
  const answer = await json(r);
  if (!r.ok) {
    throw new ApiError(r.status, answer);
  }
  return answer;
}
