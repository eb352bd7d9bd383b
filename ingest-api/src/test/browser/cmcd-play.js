// Plays one stream with an unmodified player (hls.js, dash.js or shaka-player: the page's ?player=; CMCD v2 event mode on) in ONE headless Debian chromium (playwright-core
// never downloads a browser) until the video ends, then destroys the player (which flushes its CMCD reports) and
// prints one JSON document on stdout: {ended, currentTime, errors, reports: [{status, method, body}], console, ms}.
// Started by CmcdBrowserRun (CmcdHlsJsBrowserIT, CmcdDashJsBrowserIT, CmcdShakaBrowserIT); by hand: node cmcd-play.js plan.json
//   plan: {page, chromium, playTimeoutMs, ingestPrefix}
const fs = require('fs');
const { chromium } = require('playwright-core');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const sleep = ms => new Promise(r => setTimeout(r, ms));

(async () => {
  const started = Date.now();
  const browser = await chromium.launch({ executablePath: plan.chromium, headless: true, timeout: 60000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'] });
  const log = [];
  const reports = [];
  const pending = new Set();
  let ended = false, t = 0, errors = [];
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', m => log.push(`${m.type()}: ${m.text()}`.slice(0, 400)));
    page.on('pageerror', e => log.push(`pageerror: ${e.message}`.slice(0, 400)));
    page.on('request', r => { if (r.url().startsWith(plan.ingestPrefix)) pending.add(r); });
    page.on('requestfailed', r => {
      pending.delete(r);
      log.push(`requestfailed: ${r.method()} ${r.url().slice(0, 120)} ${r.failure() && r.failure().errorText}`);
    });
    page.on('requestfinished', async r => {
      if (!r.url().startsWith(plan.ingestPrefix)) return;
      const resp = await r.response();
      reports.push({ method: r.method(), status: resp ? resp.status() : 0,
        body: (r.postData() || '').slice(0, 2000), answer: resp ? (await resp.text()).slice(0, 500) : '' });
      pending.delete(r);
    });
    await page.goto(plan.page, { timeout: plan.playTimeoutMs });
    const bound = started + plan.playTimeoutMs;
    while (Date.now() < bound && !ended && errors.length === 0) {
      await sleep(200);
      [t, ended, errors] = await page.evaluate(() => [document.getElementById('v').currentTime, window.ended, window.errors]);
    }
    // the page destroys its player: each stops its CMCD reporter with a flush, so what is queued is posted now
    await page.evaluate(() => window.stopPlayer());
    const drainBound = Date.now() + 10000;
    await sleep(500);
    while (pending.size > 0 && Date.now() < drainBound) await sleep(100);
    await context.close();
  } catch (e) {
    errors = errors.concat([`driver: ${e.message}`]);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify({ ended, currentTime: t, errors, reports, console: log.slice(-60),
    ms: Date.now() - started }) + '\n');
})().catch(e => { process.stderr.write(`cmcd-play.js: ${e.stack || e}\n`); process.exit(2); });
