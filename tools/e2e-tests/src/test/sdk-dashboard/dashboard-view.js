// SdkViewOnDashboardIT's look at the dashboard, after sdk-play.js played the SDK's view: Debian's chromium (through
// the playwright-core that SdkBrowser installed next to this script) opens <serving>/dashboard/, signs in as the
// analyst, waits (bounded by plan.viewTimeoutMs) until the views list shows the SDK's session, opens it, and prints
// one JSON object on stdout: the row's cells, the detail's facts, and the page's own JSON answer for that view
// (read with the page's token, for the rebuffer duration in ms: the page rounds it to 0.1 s). Logs go to stderr.
const fs = require('fs');
const { chromium } = require('playwright-core');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

async function main() {
  const browser = await chromium.launch({
    executablePath: plan.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const result = { problems: [] };
  try {
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') result.problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => result.problems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => { if (r.status() >= 400) result.problems.push(`HTTP ${r.status()} ${r.url()}`); });
    await page.goto(plan.dashboard);
    await page.fill('#email', plan.email);
    await page.fill('#password', plan.password);
    await page.click('#login-button');
    await page.waitForSelector('#dashboard:not([hidden])', { timeout: 20000 });

    // the list reloads itself when the live stream reports a newer qoe_view write: no reload from here
    const row = `#views-table tbody tr[data-session="${plan.sessionId}"]`;
    const started = Date.now();
    await page.waitForSelector(row, { timeout: plan.viewTimeoutMs });
    result.waitedMs = Date.now() - started;
    result.row = await page.$eval(row, (tr) => [...tr.children].map((td) => td.textContent));
    result.headers = await page.$$eval('#views-table thead th', (ths) => ths.map((th) => th.textContent));

    await page.click(row);
    await page.waitForFunction((id) => document.querySelector('#detail-session').textContent === id, plan.sessionId,
        { timeout: 20000 });
    result.detail = await page.$$eval('#detail-qoe dt', (dts) =>
      Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    result.api = await page.evaluate(async (id) => {
      // where the page keeps its tokens (serving-api's src/main/dashboard/src/api.js)
      const { accessToken } = JSON.parse(sessionStorage.getItem('ott-dashboard-tokens'));
      const r = await fetch('/v1/dashboard/views/' + encodeURIComponent(id),
          { headers: { Authorization: 'Bearer ' + accessToken } });
      return { status: r.status, body: await r.json() };
    }, plan.sessionId);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
