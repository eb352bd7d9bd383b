// A viewer in headless Debian chromium (playwright-core never downloads a browser) on serving-api's watch page, as a
// person would use it: sign in, pick a profile, press a title, watch until it ends or plan.playSeconds have played,
// press Stop, and wait until the player SDK has posted every event. Run by ./ott demo (tools/launcher DemoViewer) and
// by tools/e2e-tests WatchPageIT. Prints one JSON object on stdout; logs go to stderr.
//   node watch-viewer.js plan.json
//   plan: {chromium, watchUrl, email, password, deviceId, profile (name; the first when empty), title (name),
//          playSeconds, timeoutMs}
//   result: {grantSessionId, sdkSessionId, startupMs, playedSeconds, state, stats, status, problems}, or
//           {grantSessionId, error, problems} when the page showed an error instead of playing
const fs = require('fs');
const { chromium } = require('playwright-core');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const log = (m) => process.stderr.write(`[watch-viewer] ${m}\n`);

async function text(page, selector) {
  return (await page.textContent(selector)) || '';
}

async function main() {
  const browser = await chromium.launch({
    executablePath: plan.chromium, headless: true, timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  const result = { problems: [] };
  try {
    const context = await browser.newContext();
    // one device of the account however often the demo runs (a fresh profile would register a new one each time)
    if (plan.deviceId) {
      await context.addInitScript((id) => localStorage.setItem('ott-watch-device', id), plan.deviceId);
    }
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') result.problems.push(`console: ${m.text()}`.slice(0, 300)); });
    page.on('pageerror', (e) => result.problems.push(`pageerror: ${e.message}`.slice(0, 300)));
    page.on('response', (r) => {
      if (r.status() >= 400) {
        // media tokens sit in the path: left out of what is printed
        result.problems.push(`HTTP ${r.status()} ${r.url().replace(/\/media\/[^/]+\//, '/media/<token>/').slice(0, 200)}`);
      }
    });

    await page.goto(plan.watchUrl, { timeout: 30000 });
    await page.fill('#email', plan.email);
    await page.fill('#password', plan.password);
    await page.click('#login-button');
    await page.waitForSelector('#profiles-panel:not([hidden]) #profiles button', { timeout: 20000 });
    const profile = plan.profile
      ? page.locator('#profiles button', { hasText: plan.profile }).first()
      : page.locator('#profiles button').first();
    await profile.click();
    await page.waitForSelector('#catalog-panel:not([hidden]) #rows button', { timeout: 20000 });
    log(`signed in as ${plan.email}; ${await text(page, '#catalog-note')}`);

    const title = page.locator('#rows button').filter({ hasText: new RegExp(`^${escape(plan.title)}$`) }).first();
    const pressed = Date.now();
    await title.click();
    // playing, or the page's own error line (a refused grant, a fatal player error): said at once, not after a timeout
    await page.waitForFunction(() => ['playing', 'ended'].includes(document.body.dataset.player)
      || (document.body.dataset.status || '').startsWith('error'), null, { timeout: plan.timeoutMs });
    result.grantSessionId = await text(page, '#grant-session');
    if ((await text(page, '#status')).startsWith('error')) {
      result.error = await text(page, '#status');
      log(`the page says: ${result.error}`);
      return;
    }
    result.startupMs = Date.now() - pressed;
    log(`playing ${plan.title}, session ${result.grantSessionId}, first frame ${result.startupMs} ms after the press`);

    // until the title ends or enough of it has played
    await page.waitForFunction((seconds) => document.body.dataset.player === 'ended'
      || document.getElementById('video').currentTime >= seconds, plan.playSeconds,
      { timeout: plan.timeoutMs, polling: 250 });
    result.playedSeconds = await page.evaluate(() => document.getElementById('video').currentTime);
    if (await page.evaluate(() => document.body.dataset.player !== 'ended')) {
      await page.click('#stop');
    }
    // the SDK posts a view's end at once; its stats on the page say when nothing is left to send
    await page.waitForFunction(() => {
      const s = JSON.parse(document.getElementById('sdk-stats').textContent || '{}');
      return s.queued === 0 && s.sent > 0;
    }, null, { timeout: 30000, polling: 250 });
    result.state = await text(page, '#player-state');
    result.sdkSessionId = await text(page, '#sdk-session');
    result.stats = JSON.parse(await text(page, '#sdk-stats'));
    result.status = await text(page, '#status');
    log(`${result.state} after ${result.playedSeconds.toFixed(1)} s; SDK ${JSON.stringify(result.stats)}`);
  } finally {
    await browser.close();
    process.stdout.write(JSON.stringify(result) + '\n');
  }
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

main().catch((e) => {
  process.stderr.write(`watch-viewer.js: ${e.stack || e}\n`);
  process.exit(2);
});
