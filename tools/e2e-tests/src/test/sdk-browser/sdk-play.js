// Drives Debian's chromium through playwright-core for PlayerSdkBrowserIT, SdkViewOnDashboardIT and
// PlayerSdkDashShakaBrowserIT. Reads a plan (JSON file, argv[2]): {chromium, playTimeoutMs, pages: {full, leave},
// runs: [{name, url, until}]} (each part optional); prints one JSON result on stdout; logs go to stderr.
//   full:  plays the stream to its end, then waits until the SDK has posted everything (queue empty).
//   leave: plays 2 s, then navigates away: the view's events can only leave through the pagehide beacon.
//   runs:  one page each, until 'ended' (the stream played to its end) or 'error' (the player reported an error and
//          the SDK closed the view); then until the SDK's queue is empty. result[name] = what the page saw.
const fs = require('fs');
const { chromium } = require('playwright-core');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

async function main() {
  const browser = await chromium.launch({
    executablePath: plan.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  const result = {};
  try {
    const context = await browser.newContext();
    const console = [];
    const open = async (url) => {
      const page = await context.newPage();
      page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
      await page.goto(url);
      return page;
    };
    try {
      for (const run of plan.runs || []) {
        const page = await open(run.url);
        const done = run.until === 'error'
          ? () => window.playerEvents.some((e) => e.type === 'error') && !window.sdk.sessionId()
          : () => window.browserEvents.some((e) => e.type === 'ended');
        await page.waitForFunction(done, null, { timeout: plan.playTimeoutMs, polling: 100 });
        await page.waitForFunction(() => window.sdk.stats().queued === 0, null, { timeout: 30000, polling: 100 });
        result[run.name] = await page.evaluate(() => ({ browserEvents: window.browserEvents,
          playerEvents: window.playerEvents, stats: window.sdk.stats() }));
        await page.close();
      }
      if (plan.pages) {
        const full = await open(plan.pages.full);
        await full.waitForFunction(() => window.browserEvents.some((e) => e.type === 'ended'), null,
            { timeout: plan.playTimeoutMs, polling: 100 });
        await full.waitForFunction(() => window.sdk.stats().queued === 0, null, { timeout: 30000, polling: 100 });
        result.full = await full.evaluate(() => ({ browserEvents: window.browserEvents, stats: window.sdk.stats(),
          sessionId: window.sdk.sessionId() || null }));
        await full.close();

        const leave = await open(plan.pages.leave);
        await leave.waitForFunction(() => document.getElementById('video').currentTime > 2, null,
            { timeout: plan.playTimeoutMs, polling: 50 });
        result.leave = { before: await leave.evaluate(() => ({ stats: window.sdk.stats(), sessionId: window.sdk.sessionId(),
          browserEvents: window.browserEvents })) };
        await leave.goto('about:blank');
        await leave.close();
      }
    } finally {
      result.console = console;
    }
    await context.close();
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
