// The Lake section (docs/dashboard.md): daily QoE, title engagement and a title's drop-off curve from the lake's
// daily tables through Trino (/v1/dashboard/lake/*). Ranges are UTC days; empty dates take the server's last week.
// When the lake is not configured or cannot be queried, the answers say so and the section shows that sentence.
import { getJson } from './api.js';
import { drawDailyQoe, drawDropoff } from './charts.js';
import { cell, count, percent } from './format.js';

const $ = (id) => document.getElementById(id);

function range() {
  const q = new URLSearchParams();
  for (const [param, id] of [['from', 'lake-from'], ['to', 'lake-to']]) {
    if ($(id).value) q.set(param, $(id).value);
  }
  return q;
}

async function showDropoff(title) {
  const answer = await getJson(`/v1/dashboard/lake/titles/${encodeURIComponent(title.titleId)}/dropoff?${range()}`);
  $('dropoff-title').textContent = `Drop-off: ${title.name || title.titleId} (${count(answer.plays)} plays)`;
  drawDropoff(answer.points);
}

function showEngagement(titles, fail) {
  const body = $('engagement-table').querySelector('tbody');
  body.replaceChildren();
  for (const t of titles) {
    const tr = document.createElement('tr');
    tr.dataset.title = t.titleId;
    cell(tr, t.titleId);
    cell(tr, t.name || '–');
    cell(tr, count(t.views));
    cell(tr, count(t.uniqueViewers));
    cell(tr, t.minutesWatched.toFixed(1));
    cell(tr, percent(t.completionRate));
    cell(tr, percent(t.averageShareWatched));
    tr.addEventListener('click', () => showDropoff(t).catch(fail));
    body.appendChild(tr);
  }
}

/** Loads the section; its errors (a signed-out session, say), and those of a click later, go to {@code fail}. */
export async function loadLake(fail) {
  const q = range();
  const by = $('lake-by').value;
  const qoeQuery = new URLSearchParams(q);
  if (by) qoeQuery.set('by', by);
  const [qoe, engagement] = await Promise.all([getJson('/v1/dashboard/lake/qoe?' + qoeQuery),
    getJson('/v1/dashboard/lake/engagement?limit=10&' + q)]);
  const unavailable = !qoe.available ? qoe.unavailableReason : !engagement.available ? engagement.unavailableReason : '';
  $('lake-note').textContent = unavailable || `${qoe.from} to ${qoe.to} (UTC days)`;
  $('lake-panels').hidden = Boolean(unavailable);
  if (unavailable) return;
  drawDailyQoe(qoe.days, by);
  showEngagement(engagement.titles, fail);
  $('dropoff-title').textContent = engagement.titles.length ? '' : 'No views in the lake for these days.';
  if (engagement.titles.length) await showDropoff(engagement.titles[0]);
}
