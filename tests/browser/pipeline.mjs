// Browser: drag an opportunity card to another kanban column (SortableJS),
// the stage is saved with the CSRF header, survives a reload, and a refused
// move puts the card back with a message. Screenshots in tests/browser/out/.
import { launch, login, credentials, test, done, assert, BASE, OUT } from './_lib.mjs';

const creds = credentials();
const browser = await launch();

async function dragTo(page, card, target) {
  const a = await card.boundingBox();
  const b = await target.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + 12);
  await page.mouse.down();
  // Sortable needs several intermediate moves to pick the target list.
  const steps = 15;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(a.x + a.width / 2 + ((b.x + b.width / 2) - (a.x + a.width / 2)) * i / steps,
      a.y + 12 + ((b.y + 30) - (a.y + 12)) * i / steps);
    await page.waitForTimeout(20);
  }
  await page.mouse.up();
}

try {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('403 (Forbidden)')) errors.push(m.text()); });
  await login(page, 'sophie.martin', creds['sophie.martin']);

  await test('drag a card to the next column and the stage is saved', async () => {
    await page.goto(BASE + '/crm/pipeline?mine=0');
    const firstCol = page.locator('.kcol').nth(0);
    const secondCol = page.locator('.kcol').nth(1);
    const card = firstCol.locator('.kcard').first();
    const id = await card.getAttribute('data-id');
    const name = (await card.locator('.kcard-name').textContent()).trim();
    const before = parseInt(await secondCol.locator('.kcount').textContent(), 10);
    await page.screenshot({ path: `${OUT}/pipeline-kanban-before.png` });
    const saved = page.waitForResponse((r) => r.url().endsWith(`/crm/leads/${id}/stage`) && r.request().method() === 'POST');
    await dragTo(page, card, secondCol.locator('.kcards'));
    const resp = await saved;
    assert(resp.status() === 200, 'stage POST answered ' + resp.status());
    const hdrs = resp.request().headers();
    assert(hdrs['x-csrf-token'] && hdrs['x-csrf-token'].length > 20, 'no CSRF header');
    assert(await secondCol.locator(`.kcard[data-id="${id}"]`).count() === 1, 'card not in the new column');
    assert(parseInt(await secondCol.locator('.kcount').textContent(), 10) === before + 1, 'count not updated');
    await page.screenshot({ path: `${OUT}/pipeline-kanban-after-drag.png` });
    await page.reload();
    assert(await page.locator('.kcol').nth(1).locator(`.kcard[data-id="${id}"]`).count() === 1,
      `"${name}" not in the second column after reload`);
  });

  await test('a refused move puts the card back and shows why', async () => {
    await page.goto(BASE + '/crm/pipeline?mine=0');
    // Break the page's token: the server refuses (403), the card returns.
    await page.evaluate(() => document.querySelector('.kanban').setAttribute('data-csrf', 'forged'));
    const firstCol = page.locator('.kcol').nth(0);
    const card = firstCol.locator('.kcard').first();
    const id = await card.getAttribute('data-id');
    const answered = page.waitForResponse((r) => r.url().endsWith(`/crm/leads/${id}/stage`));
    await dragTo(page, card, page.locator('.kcol').nth(2).locator('.kcards'));
    const resp = await answered;
    assert(resp.status() === 403, 'expected 403, got ' + resp.status());
    await page.waitForSelector('.kanban-error:not([hidden])');
    assert(await firstCol.locator(`.kcard[data-id="${id}"]`).count() === 1, 'card did not go back');
    const msg = await page.textContent('.kanban-error');
    assert(msg.includes('could not be moved'), 'message: ' + msg);
    await page.screenshot({ path: `${OUT}/pipeline-kanban-refused.png` });
  });

  await test('the lead form and the list render without console errors', async () => {
    await page.goto(BASE + '/crm/opportunities');
    const href = await page.locator('table.list a[href^="/crm/leads/"]').first().getAttribute('href');
    await page.goto(BASE + href);
    assert(await page.isVisible('.chatter'), 'no chatter');
    // The explained score opens in place (S2): a table of factors or the reason there is none.
    await page.click('details.score-why summary');
    await page.waitForSelector('details.score-why .score-body table, details.score-why .score-body .notice',
                               { timeout: 5000 });
    await page.screenshot({ path: `${OUT}/pipeline-lead-form.png`, fullPage: true });
    assert(errors.length === 0, 'console errors: ' + errors.join('; '));
  });
} finally {
  await browser.close();
  done();
}
