// Plays each case of a JSON plan in ONE headless Debian chromium (playwright-core never downloads a browser) and
// prints one JSON document on stdout: [{name, expect, played, currentTime, errors, console, keyMode, ms}].
// Started by MediaPlaybackBrowserIT (see docs/media.md); by hand: node playback.js plan.json
//   plan: {base, chromium, playTimeoutMs, failWindowMs, cases: [{name, query, expect: "play"|"fail", keyMode?}]}
// keyMode ("right"/"wrong") is POSTed to the test's key server before the case, so the same playlist's key URI
// answers the right or other bytes. Every case gets a new browser context (no cached key or segment carries over).
const fs = require('fs');
const { chromium } = require('playwright-core');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function runCase(browser, c) {
  const started = Date.now();
  if (c.keyMode) {
    const r = await fetch(`${plan.base}/test/hls-key-mode?${c.keyMode}`, { method: 'POST' });
    if (!r.ok) throw new Error(`key mode ${c.keyMode}: HTTP ${r.status}`);
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  const log = [];
  page.on('console', m => log.push(`${m.type()}: ${m.text()}`.slice(0, 400)));
  page.on('pageerror', e => log.push(`pageerror: ${e.message}`.slice(0, 400)));
  page.on('requestfailed', r => log.push(`requestfailed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  let t = 0, errors = [], errorAt = 0;
  try {
    await page.goto(`${plan.base}/play.html?${c.query}`, { timeout: plan.playTimeoutMs });
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
  return { name: c.name, expect: c.expect, played: t > 3, currentTime: t, errors, console: log.slice(-40),
    keyMode: c.keyMode || null, ms: Date.now() - started };
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
