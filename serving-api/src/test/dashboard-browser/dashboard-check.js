// Drives the dashboard page in headless Chromium for DashboardBrowserIT. The plan (argv[2], JSON) names the page,
// the browser and the analyst's credentials. Talks to the test in lines: stdout gets one JSON object per step,
// stdin gives the session id of a view the test inserted after the page opened.
const { chromium } = require('playwright-core');
const fs = require('fs');
const readline = require('readline');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

(async () => {
  const browser = await chromium.launch({
    executablePath: plan.chromium, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const consoleErrors = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('response', (r) => { if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} ${r.url()}`); });
    await page.goto(plan.page);
    await page.fill('#email', plan.email);
    await page.fill('#password', plan.password);
    await page.click('#login-button');
    await page.waitForSelector('#dashboard:not([hidden])', { timeout: 20000 });
    // the live tiles: wait for the first server-sent summary to fill them
    await page.waitForFunction((want) =>
      document.querySelector('[data-tile="views"] .value').textContent === want, plan.expectViewsTile,
    { timeout: 30000 });
    const tiles = await page.$$eval('[data-tile]', (els) =>
      Object.fromEntries(els.map((e) => [e.dataset.tile, e.querySelector('.value').textContent])));
    const canvases = await page.$$eval('.charts canvas', (els) => els.length);
    const rowsBefore = await page.$$eval('#views-table tbody tr', (els) => els.map((e) => e.dataset.session));
    say({ step: 'tiles', tiles, canvases, rowsBefore, status: await page.textContent('#live-status') });

    const { value: sessionId } = await lines.next();
    await page.waitForSelector(`#views-table tbody tr[data-session="${sessionId}"]`, { timeout: 30000 });
    const row = await page.$eval(`#views-table tbody tr[data-session="${sessionId}"]`,
      (tr) => [...tr.children].map((td) => td.textContent));
    await page.click(`#views-table tbody tr[data-session="${sessionId}"]`);
    await page.waitForFunction((id) => document.querySelector('#detail-session').textContent === id, sessionId,
      { timeout: 20000 });
    const detail = await page.$$eval('#detail-qoe dt', (dts) =>
      Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    const timelineNote = await page.textContent('#detail-timeline-note');
    say({ step: 'view', row, detail, timelineNote, consoleErrors });
  } finally {
    await browser.close();
  }
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
