// The admin dashboard page (docs/dashboard.md): sign in, live tiles and charts from the server-sent events of
// /v1/dashboard/stream, the views list (reloaded when the stream says a view summary was written), a view's QoE and
// timeline, media jobs, and the Lake section (lake.js).
import { ApiError, AuthError, forget, getJson, login, tokens } from './api.js';
import { drawGroups, drawTimeline } from './charts.js';
import { cell, count, duration, ms, percent, time } from './format.js';
import { loadLake } from './lake.js';
import { openLiveStream } from './live-stream.js';

const $ = (id) => document.getElementById(id);
const BY_LABEL = { cdn: 'CDN', country: 'country', device: 'device', player: 'player', title: 'title' };
const TILE_FORMAT = {
  concurrentPlays: count, views: count, startupTimeP50Ms: ms, startupTimeP95Ms: ms, rebufferingRatio: percent,
  videoStartFailureRate: percent, videoPlaybackFailureRate: percent, exitBeforeVideoStartRate: percent,
};

let closeStream = null;
let lastSummary = null;
let latestViewUpdate = undefined;
let nextViewsCursor = null;

function signedIn(yes) {
  $('login-panel').hidden = yes;
  $('dashboard').hidden = !yes;
  $('logout').hidden = !yes;
  if (!yes) {
    $('live-status').textContent = 'signed out';
  }
}

function fail(e) {
  if (e instanceof AuthError) {
    stop();
    signedIn(false);
    $('login-error').textContent = 'Signed out: sign in again.';
    return;
  }
  $('live-status').textContent = e instanceof ApiError ? `error: ${e.message}` : `error: ${e}`;
}

function stop() {
  if (closeStream) {
    closeStream();
    closeStream = null;
  }
}

function showSummary(summary) {
  lastSummary = summary;
  $('live-window').textContent = `${time(summary.from)} to ${time(summary.to)}, updated ${time(summary.at)}`;
  for (const tile of document.querySelectorAll('[data-tile]')) {
    const field = tile.dataset.tile;
    tile.querySelector('.value').textContent = TILE_FORMAT[field](summary.global[field]);
  }
  const by = $('chart-by').value;
  drawGroups(summary.by[by] || [], BY_LABEL[by]);
  if (summary.latestViewUpdate !== latestViewUpdate) {
    latestViewUpdate = summary.latestViewUpdate;
    loadViews(false).catch(fail);
    loadJobs().catch(fail);
  }
}

function viewsQuery() {
  const q = new URLSearchParams({ limit: '50' });
  for (const [param, id] of [['title', 'filter-title'], ['cdn', 'filter-cdn'], ['country', 'filter-country']]) {
    const v = $(id).value.trim();
    if (v) q.set(param, v);
  }
  return q;
}

async function loadViews(more) {
  const q = viewsQuery();
  if (more && nextViewsCursor) q.set('cursor', nextViewsCursor);
  const page = await getJson('/v1/dashboard/views?' + q);
  const body = $('views-table').querySelector('tbody');
  if (!more) body.replaceChildren();
  for (const v of page.views) {
    const tr = document.createElement('tr');
    tr.dataset.session = v.sessionId;
    cell(tr, time(v.viewEnd));
    cell(tr, v.sessionId);
    cell(tr, v.titleId);
    cell(tr, v.cdn || '–');
    cell(tr, v.country || '–');
    cell(tr, v.deviceType || '–');
    cell(tr, ms(v.startupTimeMs));
    cell(tr, percent(v.rebufferingRatio));
    cell(tr, count(v.rebufferCount));
    cell(tr, v.videoStartFailure ? 'VSF' : v.videoPlaybackFailure ? 'VPF' : v.exitBeforeVideoStart ? 'EBVS' : '');
    cell(tr, duration(v.watchTimeMs));
    tr.addEventListener('click', () => showView(v.sessionId).catch(fail));
    body.appendChild(tr);
  }
  nextViewsCursor = page.nextCursor;
  $('views-more').hidden = !nextViewsCursor;
}

async function showView(sessionId) {
  const detail = await getJson('/v1/dashboard/views/' + encodeURIComponent(sessionId));
  const v = detail.view;
  $('view-detail').hidden = false;
  $('detail-session').textContent = v.sessionId;
  const dl = $('detail-qoe');
  dl.replaceChildren();
  const facts = [
    ['title', v.titleId], ['account', v.accountId], ['CDN', v.cdn], ['country', v.country], ['device', v.deviceType],
    ['player', v.playerName], ['started', time(v.viewStart)], ['ended', time(v.viewEnd)], ['end', v.endReason],
    ['startup', ms(v.startupTimeMs)], ['rebuffering', percent(v.rebufferingRatio)],
    ['rebuffers', `${v.rebufferCount} (${duration(v.rebufferDurationMs)})`], ['playing', duration(v.playingTimeMs)],
    ['watched', duration(v.watchTimeMs)], ['avg bitrate', v.avgBitrateKbps == null ? '–' : `${Math.round(v.avgBitrateKbps)} kbps`],
    ['switches up/down', `${v.bitrateUpswitches}/${v.bitrateDownswitches}`], ['dropped frames', count(v.droppedFrames)],
    ['failure', v.videoStartFailure ? 'video start failure' : v.videoPlaybackFailure ? 'playback failure'
      : v.exitBeforeVideoStart ? 'exit before start' : 'none'], ['error', v.errorCode || '–'],
    ['events', `${v.eventCount} (${v.missingSequences} missing)`],
  ];
  for (const [k, val] of facts) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = val == null ? '–' : String(val);
    dl.append(dt, dd);
  }
  const tl = detail.timeline;
  const rows = $('timeline-table').querySelector('tbody');
  rows.replaceChildren();
  $('detail-timeline-note').textContent = tl.available
    ? `${tl.events.length} events from ${tl.source}` + (tl.events.length ? '' : ' (not landed in the lake yet)')
    : tl.unavailableReason;
  $('chart-timeline').hidden = !tl.available || tl.events.length === 0;
  if (tl.available && tl.events.length) {
    drawTimeline(tl.events);
    for (const e of tl.events) {
      const tr = document.createElement('tr');
      cell(tr, String(e.sequence));
      cell(tr, e.eventType);
      cell(tr, time(e.clientTs));
      cell(tr, duration(e.playheadMs));
      cell(tr, e.bitrateKbps == null ? '–' : `${e.bitrateKbps} kbps`);
      cell(tr, ms(e.bufferMs));
      cell(tr, e.errorCode ? `${e.errorCode}${e.errorFatal ? ' (fatal)' : ''}` : '');
      rows.appendChild(tr);
    }
  }
  $('view-detail').scrollIntoView({ behavior: 'smooth' });
}

async function loadJobs() {
  const { jobs } = await getJson('/v1/dashboard/media-jobs?limit=20');
  const body = $('jobs-table').querySelector('tbody');
  body.replaceChildren();
  for (const j of jobs) {
    const tr = document.createElement('tr');
    cell(tr, time(j.updatedAt));
    cell(tr, j.jobId);
    cell(tr, j.titleId);
    cell(tr, j.state);
    cell(tr, `${j.percent.toFixed(0)} %`);
    cell(tr, j.speed == null ? '–' : `${j.speed.toFixed(2)}x`);
    cell(tr, j.etaSeconds == null ? '–' : `${j.etaSeconds} s`);
    cell(tr, j.errorReason || '');
    body.appendChild(tr);
  }
}

function start() {
  signedIn(true);
  latestViewUpdate = undefined;
  loadViews(false).catch(fail);
  loadJobs().catch(fail);
  loadLake(fail).catch(fail);
  closeStream = openLiveStream('/v1/dashboard/stream', {
    onEvent: (type, data) => {
      if (type === 'qoe') showSummary(JSON.parse(data));
      else if (type === 'unavailable') $('live-status').textContent = JSON.parse(data).message;
    },
    onState: (state) => {
      $('live-status').textContent = state;
      if (state === 'signed out') fail(new AuthError(state));
    },
  });
}

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    await login($('email').value, $('password').value);
    $('password').value = '';
    // a viewer's token signs in but cannot read the dashboard: say so instead of showing empty panels
    await getJson('/v1/dashboard/qoe');
    start();
  } catch (e) {
    forget();
    $('login-error').textContent = e instanceof ApiError && e.status === 403
      ? 'This account is neither an admin nor an analyst.'
      : e instanceof ApiError ? e.message : String(e);
  }
});
$('logout').addEventListener('click', () => {
  stop();
  forget();
  signedIn(false);
});
$('chart-by').addEventListener('change', () => lastSummary && showSummary(lastSummary));
$('views-filter').addEventListener('submit', (ev) => {
  ev.preventDefault();
  loadViews(false).catch(fail);
});
$('lake-filter').addEventListener('submit', (ev) => {
  ev.preventDefault();
  loadLake(fail).catch(fail);
});
$('views-more').addEventListener('click', () => loadViews(true).catch(fail));
$('detail-close').addEventListener('click', () => { $('view-detail').hidden = true; });

if (tokens()) {
  start();
}
