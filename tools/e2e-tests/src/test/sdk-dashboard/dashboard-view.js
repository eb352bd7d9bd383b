// SdkViewOnDashboardIT's look at the dashboard, after sdk-play.js played the SDK's view: signed in as the analyst
// (dashboard-page.js: Debian's chromium on <serving>/dashboard/), it waits (bounded by plan.viewTimeoutMs) until the
// views list shows the SDK's session, opens it, and prints one JSON object on stdout: the row's cells, the detail's
// facts, and the page's own JSON answer for that view (read with the page's token, for the rebuffer duration in ms:
// the page rounds it to 0.1 s). Logs go to stderr.
const fs = require('fs');
const { signedIn, report } = require('./dashboard-page.js');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

report(async () => {
  const result = { problems: [] };
  const { browser, page } = await signedIn(plan, result.problems);
  try {
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
  return result;
});
