// Plays each case of a JSON plan in ONE headless Debian chromium (playwright-core never downloads a browser) and
// prints one JSON document on stdout: [{name, expect, played, currentTime, errors, responses, console, ms}].
// Started by PlaybackThroughServingApiIT (docs/media.md "Playback through serving-api"); by hand: node playback.js plan.json
//   plan: {origin, chromium, playTimeoutMs, failWindowMs, cases: [{name, query, expect: "play"|"fail"}]}
// The page and the npm packages are served by a route under <origin>/e2e/ (serving-api's own origin, so every
// request to its /media and /v1/keys endpoints is same-origin); everything else goes to the real serving-api.
// Every case gets a new browser context: no key, licence or segment carries over.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'application/javascript' };

async function servePage(route) {
  const rel = decodeURIComponent(new URL(route.request().url()).pathname).replace(/^\/e2e\//, '');
  const file = path.resolve(__dirname, rel);
  if (!file.startsWith(__dirname + path.sep) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: rel });
  return route.fulfill({ status: 200, contentType: TYPES[path.extname(file)] || 'application/octet-stream',
    body: fs.readFileSync(file) });
}

async function runCase(browser, c) {
  const started = Date.now();
  const context = await browser.newContext();
  await context.route(`${plan.origin}/e2e/**`, servePage);
  const page = await context.newPage();
  const log = [], responses = [];
  page.on('console', m => log.push(`${m.type()}: ${m.text()}`.slice(0, 400)));
  page.on('pageerror', e => log.push(`pageerror: ${e.message}`.slice(0, 400)));
  page.on('requestfailed', r => log.push(`requestfailed: ${r.url().slice(0, 200)} ${r.failure() && r.failure().errorText}`));
  page.on('response', r => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/media/') || u.pathname.startsWith('/v1/keys/')) {
      // tokens are not logged: the media token's path segment and the key token's query are left out
      responses.push({ path: u.pathname.replace(/^\/media\/[^/]+\//, '/media/<token>/'), status: r.status() });
    }
  });
  let t = 0, errors = [], errorAt = 0;
  try {
    await page.goto(`${plan.origin}/e2e/play.html?${c.query}`, { timeout: plan.playTimeoutMs });
    // play: until currentTime passes 3 s or the bound; fail: until an error (then 3 s more, to see that time does
    // not move on) or the bound
    const bound = started + (c.expect === 'play' ? plan.playTimeoutMs : plan.failWindowMs);
    while (Date.now() < bound && t <= 3) {
      await sleep(250);
      [t, errors] = await page.evaluate(() => [document.getElementById('v').currentTime, window.errors]);
      if (c.expect === 'fail' && errors.length) {
        if (!errorAt) errorAt = Date.now();
        else if (Date.now() - errorAt > 3000) break;
      }
    }
  } catch (e) {
    errors = errors.concat([`driver: ${e.message}`]);
  } finally {
    await context.close();
  }
  return { name: c.name, expect: c.expect, played: t > 3, currentTime: t, errors, responses: responses.slice(0, 200),
    console: log.slice(-40), ms: Date.now() - started };
}

(async () => {
  const browser = await chromium.launch({ executablePath: plan.chromium, headless: true, timeout: 60000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'] });
  const results = [];
  try {
    for (const c of plan.cases) results.push(await runCase(browser, c));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results) + '\n');
})().catch(e => { process.stderr.write(`playback.js: ${e.stack || e}\n`); process.exit(2); });
