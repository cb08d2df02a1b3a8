// Browser: the pipeline report draws its chart (Chart.js from data-chart,
// no CSP violation), the forecast moves a card by drag and drop, the
// assignment settings check a filter while it is typed. Screenshots in out/.
import { launch, login, credentials, test, done, assert, BASE, OUT } from './_lib.mjs';

const creds = credentials();
const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await login(page, 'sophie.martin', creds['sophie.martin']);

  await test('pipeline report chart by stage and salesperson', async () => {
    await page.goto(BASE + '/crm/reports/pipeline?group_by=stage&group_by2=user&measure=expected_revenue&type=opportunity');
    await page.waitForSelector('canvas#report-chart[data-rendered]', { timeout: 10000 });
    const n = await page.getAttribute('canvas#report-chart', 'data-rendered');
    assert(Number(n) >= 3, 'chart labels: ' + n);
    const painted = await page.evaluate(() => {
      const cv = document.querySelector('canvas#report-chart');
      const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
      let colored = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) colored++;
      return colored;
    });
    assert(painted > 2000, 'chart not painted: ' + painted);
    assert((await page.textContent('table.intel-table')).includes('Proposition'), 'table lists stages');
    await page.screenshot({ path: `${OUT}/report-pipeline.png`, fullPage: true });
  });

  await test('forecast: drag a card to another month', async () => {
    await page.goto(BASE + '/crm/reports/forecast');
    await page.waitForSelector('.forecast-card');
    const card = page.locator('.forecast-card').first();
    const id = await card.getAttribute('data-id');
    const from = await card.evaluate((el) => el.closest('.forecast-col').getAttribute('data-month'));
    const months = await page.$$eval('.forecast-col', (cols) => cols.map((c) => c.getAttribute('data-month')));
    const month = months.find((m) => m !== from);
    const target = page.locator(`.forecast-col[data-month="${month}"]`);
    // Mouse moves (playwright's dragTo does not start an HTML5 drag here).
    await card.scrollIntoViewIfNeeded();
    const b = await card.boundingBox();
    const t = await target.boundingBox();
    await page.mouse.move(b.x + 3, b.y + 3);
    await page.mouse.down();
    await page.mouse.move(b.x + 20, b.y + 20, { steps: 5 });
    await Promise.all([page.waitForNavigation(), (async () => {
      await page.mouse.move(t.x + 20, t.y + 40, { steps: 10 });
      await page.mouse.up();
    })()]);
    const moved = page.locator(`.forecast-col[data-month="${month}"] .forecast-card[data-id="${id}"]`);
    assert(await moved.count() === 1, `card ${id} not in ${month}`);
    await page.screenshot({ path: `${OUT}/report-forecast.png` });
  });

  await test('assignment settings: the filter is checked while typing', async () => {
    await page.goto(BASE + '/crm/settings/assignment');
    const input = page.locator('.intel-team input[name=assignment_filter]').first();
    await input.fill('probability >= 50 and shoe_size = 42');
    const err = page.locator('.intel-team [data-filter-error]').first();
    await err.waitFor({ state: 'visible', timeout: 5000 });
    const text = await err.textContent();
    assert(text.includes('Unknown field') && text.includes('position 23'), text);
    await page.screenshot({ path: `${OUT}/settings-assignment.png`, fullPage: true });
    await input.fill('');
  });

  await test('no console errors (CSP allows the charts)', async () => {
    assert(errors.length === 0, 'console errors: ' + errors.join('; '));
  });
} finally {
  await browser.close();
  done();
}
