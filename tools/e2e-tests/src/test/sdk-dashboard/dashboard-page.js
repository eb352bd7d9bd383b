// What the dashboard's browser checks share (SdkViewOnDashboardIT's dashboard-view.js, LakePanelsIT's
// lake-panels.js): Debian's chromium through the playwright-core that SdkBrowser installed next to the scripts, a page
// whose console errors, page errors and failed requests go into `problems`, signed in on plan.dashboard as the
// analyst plan.email; and the script's end: its result as one JSON object on stdout, or the error on stderr and exit 1.
const { chromium } = require('playwright-core');

async function signedIn(plan, problems) {
  const browser = await chromium.launch({
    executablePath: plan.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(plan.dashboard);
  await page.fill('#email', plan.email);
  await page.fill('#password', plan.password);
  await page.click('#login-button');
  await page.waitForSelector('#dashboard:not([hidden])', { timeout: 20000 });
  return { browser, page };
}

function report(main) {
  main().then((result) => process.stdout.write(JSON.stringify(result))).catch((e) => {
    process.stderr.write(`${e.stack || e}\n`);
    process.exit(1);
  });
}

module.exports = { signedIn, report };
