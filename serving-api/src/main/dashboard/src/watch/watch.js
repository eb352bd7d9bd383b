// The watch page (/watch/, docs/watch.md): what a viewer's web app does, with nothing but the
// public viewer API. Sign in (POST /v1/auth/login), pick a profile, browse the catalog, press play: a playback grant
// (POST /v1/playback), hls.js on its signed HLS URL, and the player SDK (served by serving-api at /sdk/, global
// OttPlayerSdk) posting the view's events to ingest-api with the grant's playback token. While it plays the page
// renews the session before its URLs expire; Stop, the end of the title or another title ends the view (the SDK's
// VIEW_END) and the session (DELETE /v1/playback/sessions/{id}), so the account's screen is free again at once.
import Hls from 'hls.js';
import { ApiError, AuthError, configure, forget, getJson, login, sendJson, tokens } from '../api.js';

configure({ tokensKey: 'ott-watch-tokens', deviceKey: 'ott-watch-device', deviceName: 'OTT watch page' });

const $ = (id) => document.getElementById(id);
const PANELS = ['login-panel', 'profiles-panel', 'catalog-panel', 'player-panel'];

let settings = null;
let profileId = null;
let current = null;
/** The view whose facts are on screen: the open one, or the last one while its final events are posted. */
let shown = null;

function status(text) {
  $('status').textContent = text;
  document.body.dataset.status = text;
}

function show(...panels) {
  for (const id of PANELS) {
    $(id).hidden = !panels.includes(id);
  }
  $('logout').hidden = panels.includes('login-panel');
}

function fail(e) {
  if (e instanceof AuthError) {
    stop();
    show('login-panel');
    status('signed out');
    $('login-error').textContent = 'Signed out: sign in again.';
    return;
  }
  const text = e instanceof ApiError ? `${e.status}: ${e.message}` : String(e);
  if (current || !$('player-panel').hidden) {
    $('play-error').textContent = text;
  }
  status(`error: ${text}`);
}

function button(text, data, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  Object.assign(b.dataset, data);
  b.addEventListener('click', () => onClick().catch(fail));
  return b;
}

async function loadSettings() {
  const r = await fetch('/v1/watch/config');
  if (!r.ok) {
    throw new Error(`GET /v1/watch/config answered ${r.status}`);
  }
  settings = await r.json();
  $('ingest-url').textContent = settings.ingestUrl;
}

async function showProfiles() {
  const profiles = await getJson('/v1/profiles');
  const list = $('profiles');
  list.replaceChildren(...profiles.map((p) => button(p.name, { profileId: p.id }, () => chooseProfile(p))));
  show('profiles-panel');
  status(profiles.length ? 'signed in: pick a profile' : 'signed in: add a profile');
}

async function chooseProfile(profile) {
  profileId = profile.id;
  const browse = await getJson('/v1/catalog/browse?profileId=' + encodeURIComponent(profile.id));
  const rows = $('rows');
  rows.replaceChildren();
  for (const row of browse.rows) {
    if (!row.titles.length) continue;
    const h = document.createElement('h3');
    h.textContent = row.name;
    const div = document.createElement('div');
    div.className = 'row';
    div.append(...row.titles.map((t) => button(t.name, { titleId: t.id }, () => play(t))));
    rows.append(h, div);
  }
  $('catalog-note').textContent = `for ${profile.name}, as seen from ${browse.country}`;
  show('catalog-panel');
  status(`profile ${profile.name}: press a title to play it`);
}

/** The media token is the path segment after /media/ in every URL of the grant (docs/serving-api.md). */
function withMediaToken(url, token) {
  return url.replace(/\/media\/[^/]+\//, `/media/${token}/`);
}

function instant(v) {
  // serving-api's JSON writes an Instant as decimal epoch seconds (Jackson's default)
  return typeof v === 'number' ? v * 1000 : Date.parse(v);
}

async function play(title) {
  await stop();
  if (shown) clearInterval(shown.stateTimer);
  $('play-error').textContent = '';
  status(`granting ${title.name}`);
  const grant = await sendJson('POST', '/v1/playback', { profileId, titleId: title.id });
  const video = $('video');
  const view = { grant, title, mediaToken: null, timers: [], hls: null, monitor: null, ended: false, sdkSession: null };
  current = view;
  shown = view;
  $('now-playing').textContent = title.name;
  $('grant-session').textContent = grant.sessionId;
  show('catalog-panel', 'player-panel');

  const native = !Hls.isSupported() && video.canPlayType('application/vnd.apple.mpegurl');
  if (!native) {
    // after a renewal every playlist and segment request carries the new media token (hls.js keeps the manifest's)
    view.hls = new Hls({
      xhrSetup: (xhr, url) => {
        if (view.mediaToken) xhr.open('GET', withMediaToken(url, view.mediaToken), true);
      },
    });
    view.hls.on(Hls.Events.ERROR, (_, d) => {
      if (d.fatal) fail(new Error(`hls.js ${d.type}: ${d.details}`));
    });
  }
  // the monitor before loadSource, so it sees the first level switch (docs/sdk.md)
  view.monitor = window.OttPlayerSdk.monitor(video, {
    endpoint: settings.ingestUrl,
    playbackToken: grant.playbackToken,
    ...(native ? { playerName: 'safari-native' } : { hlsjs: view.hls }),
    cdn: 'serving-api-origin',
    device: { app_version: 'ott-watch-page' },
  });
  video.addEventListener('ended', onEnded);
  if (native) {
    video.src = grant.hlsUrl;
  } else {
    view.hls.loadSource(grant.hlsUrl);
    view.hls.attachMedia(video);
  }
  video.play().catch((e) => fail(new Error(`play(): ${e.message}`)));
  scheduleRenewal(view, grant.urlsExpireAt);
  // kept after the view ends, until another starts: the SDK's stats show its last events leaving
  view.stateTimer = setInterval(() => showState(view), 500);
  status(`playing ${title.name}`);
}

function scheduleRenewal(view, urlsExpireAt) {
  const delay = Math.max(5000, (instant(urlsExpireAt) - Date.now()) / 2);
  view.timers.push(setTimeout(async () => {
    if (current !== view || view.ended) return;
    try {
      const renewal = await sendJson('POST', `/v1/playback/sessions/${encodeURIComponent(view.grant.sessionId)}/renew`);
      view.mediaToken = renewal.mediaToken;
      scheduleRenewal(view, renewal.urlsExpireAt);
    } catch (e) {
      fail(e);
    }
  }, delay));
}

function showState(view) {
  const video = $('video');
  const state = view.stopped ? 'stopped' : view.ended ? 'ended' : video.paused ? 'paused'
    : video.readyState < 3 ? 'waiting' : 'playing';
  $('player-state').textContent = state;
  document.body.dataset.player = state;
  $('position').textContent = `${video.currentTime.toFixed(1)} s of ${Number.isFinite(video.duration)
    ? video.duration.toFixed(1) : '–'} s`;
  const level = view.hls && view.hls.currentLevel >= 0 ? view.hls.levels[view.hls.currentLevel] : null;
  $('rendition').textContent = level ? `${level.height}p, ${Math.round(level.bitrate / 1000)} kbit/s`
    : video.videoHeight ? `${video.videoHeight}p` : '–';
  view.sdkSession = view.monitor.sessionId() || view.sdkSession;
  $('sdk-session').textContent = view.sdkSession || '–';
  $('sdk-stats').textContent = JSON.stringify(view.monitor.stats());
}

async function onEnded() {
  const view = current;
  if (!view || view.ended) return;
  view.ended = true;
  showState(view);
  status(`ended ${view.title.name}`);
  await endSession(view);
}

async function endSession(view) {
  try {
    await sendJson('DELETE', `/v1/playback/sessions/${encodeURIComponent(view.grant.sessionId)}`);
  } catch (e) {
    // an ended or expired session is gone already: nothing to free
    if (!(e instanceof ApiError)) throw e;
  }
}

/** Ends the open view: the SDK's VIEW_END and queued events, the player, the session on serving-api. */
async function stop() {
  const view = current;
  if (!view) return;
  current = null;
  view.timers.forEach((t) => clearTimeout(t));
  $('video').removeEventListener('ended', onEnded);
  showState(view);
  view.monitor.destroy();
  if (view.hls) view.hls.destroy();
  view.stopped = true;
  showState(view);
  if (!view.ended) {
    view.ended = true;
    await endSession(view);
  }
  status(`stopped ${view.title.name}`);
}

$('login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  login($('email').value, $('password').value)
    .then(showProfiles)
    .catch((e) => { $('login-error').textContent = e instanceof ApiError ? e.message : String(e); });
});
$('profile-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  sendJson('POST', '/v1/profiles', { name: $('profile-name').value }).then(showProfiles).catch(fail);
});
$('stop').addEventListener('click', () => stop().catch(fail));
$('logout').addEventListener('click', () => {
  stop().catch(() => {}).finally(() => {
    forget();
    show('login-panel');
    status('signed out');
  });
});

loadSettings()
  .then(() => (tokens() ? showProfiles() : (show('login-panel'), status('signed out'))))
  .catch(fail);
