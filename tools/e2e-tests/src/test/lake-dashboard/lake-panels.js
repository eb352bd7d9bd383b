// LakePanelsIT's look at the dashboard's Lake section: signed in as the analyst (dashboard-page.js), it shows the
// lake for plan.from to plan.to and reports the engagement table's rows, the drop-off heading before and after a
// click on the last row, the size of the canvases echarts drew both charts on, and the page's problems.
const fs = require('fs');
const { signedIn, report } = require('./dashboard-page.js');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

report(async () => {
  const result = { problems: [] };
  const { browser, page } = await signedIn(plan, result.problems);
  try {
    await page.fill('#lake-from', plan.from);
    await page.fill('#lake-to', plan.to);
    await page.click('#lake-filter button[type="submit"]');
    await page.waitForFunction((n) => document.querySelectorAll('#engagement-table tbody tr').length === n,
        plan.titles, { timeout: 60000 });
    await page.waitForFunction(() => document.querySelector('#dropoff-title').textContent.startsWith('Drop-off'),
        null, { timeout: 60000 });
    result.note = await page.textContent('#lake-note');
    result.rows = await page.$$eval('#engagement-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    result.dropoffTitle = await page.textContent('#dropoff-title');
    // echarts draws on a canvas of the chart's size inside each chart element
    result.charts = await page.$$eval('#chart-lake-qoe canvas, #chart-dropoff canvas', (cs) =>
      cs.map((c) => ({ chart: c.closest('.chart').id, width: c.width, height: c.height })));

    await page.click('#engagement-table tbody tr:last-child');
    const [id, name] = result.rows[result.rows.length - 1];
    await page.waitForFunction((label) => document.querySelector('#dropoff-title').textContent.includes(label),
        name === '–' ? id : name, { timeout: 60000 });
    result.dropoffTitleAfterClick = await page.textContent('#dropoff-title');
  } finally {
    await browser.close();
  }
  return result;
});
