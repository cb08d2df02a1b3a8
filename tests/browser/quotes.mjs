// Browser: a manager makes a quotation from an opportunity, adds lines, reorders them by drag and
// drop (SortableJS, saved with fetch), sends it (outbox) and looks at the pages; screenshots.
import { launch, login, credentials, test, done, assert, BASE, OUT } from './_lib.mjs';

const creds = credentials();
const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, 'sophie.martin', creds['sophie.martin']);
  let quoteUrl = null;

  await test('new quotation from an opportunity', async () => {
    for (let id = 60; id < 200 && !quoteUrl; id++) {
      const r = await page.goto(`${BASE}/quotes/new?opportunity_id=${id}`);
      if (r.status() !== 200) continue;
      const create = await page.$('form[action="/quotes/new"] button[type=submit]');
      if (!create) continue;
      const radio = await page.$('input[name=customer][value=create]');
      if (radio) await radio.check();
      await Promise.all([page.waitForNavigation(), create.click()]);
      quoteUrl = page.url();
    }
    assert(quoteUrl && /\/quotes\/\d+$/.test(quoteUrl), 'no quotation created: ' + quoteUrl);
    assert((await page.textContent('h1')).match(/S\d{5}/), 'number in the title');
  });

  await test('add product lines and a section', async () => {
    // Demo products (other suites add products with long or hostile names,
    // sorted first, whose tall rows would move the drag targets).
    const demo = ['Audit de sécurité', 'Licence logicielle annuelle', 'Maintenance mensuelle'];
    for (let i = 1; i <= 3; i++) {
      const value = await page.$eval('form.qaddline select[name=product_id]', (sel, name) => {
        const o = [...sel.options].find((x) => x.textContent.trim().startsWith(name));
        return o ? o.value : null;
      }, demo[i - 1]);
      if (value) await page.selectOption('form.qaddline select[name=product_id]', value);
      else await page.selectOption('form.qaddline select[name=product_id]', { index: i });
      await page.fill('form.qaddline input[name=quantity]', String(i));
      await Promise.all([page.waitForNavigation(), page.click('form.qaddline button.primary')]);
    }
    await page.fill('form.qaddline:nth-of-type(2) input[name=description]', 'Options');
    await Promise.all([page.waitForNavigation(), page.click('form.qaddline:nth-of-type(2) button')]);
    const rows = await page.$$('tbody.sortable tr[data-id]');
    assert(rows.length === 4, 'rows: ' + rows.length);
    const total = await page.textContent('.qtotals .grand td');
    assert(/€[\d,]+\.\d\d/.test(total), 'total: ' + total);
  });

  await test('drag the section up: the new order is saved', async () => {
    // Rows can be tall (a product with many taxes, made by other suites):
    // a tall window keeps both ends of the drag on screen.
    await page.setViewportSize({ width: 1366, height: 2400 });
    const before = await page.$$eval('tbody.sortable tr[data-id]', (trs) => trs.map((t) => t.dataset.id));
    const handle = await page.$(`tr[data-id="${before[3]}"] td.drag`);
    const target = await page.$(`tr[data-id="${before[0]}"] td.drag`);
    await target.scrollIntoViewIfNeeded();
    const hb = await handle.boundingBox();
    const tb = await target.boundingBox();
    // On a loaded machine SortableJS may miss a fast drag: try again,
    // slower, when no save was sent.
    let resp = null;
    for (let attempt = 1; attempt <= 3 && !resp; attempt++) {
      const saved = page.waitForResponse((r) => r.url().endsWith('/lines/order') && r.request().method() === 'POST',
        { timeout: 10000 }).catch(() => null);
      await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
      await page.mouse.down();
      for (let s = 1; s <= 12 * attempt; s++) {
        await page.mouse.move(hb.x + hb.width / 2, hb.y + (tb.y - 4 - hb.y) * s / (12 * attempt), { steps: 2 });
        if (attempt > 1) await page.waitForTimeout(30);
      }
      await page.mouse.up();
      resp = await saved;
    }
    assert(resp, 'no order saved after three drags');
    assert(resp.status() === 200, 'order saved: ' + resp.status());
    const dropped = await page.$$eval('tbody.sortable tr[data-id]', (trs) => trs.map((t) => t.dataset.id));
    assert(dropped.join() !== before.join() && dropped.indexOf(before[3]) < 3, 'not moved: ' + dropped.join());
    await page.reload();
    const after = await page.$$eval('tbody.sortable tr[data-id]', (trs) => trs.map((t) => t.dataset.id));
    assert(after.join() === dropped.join(), 'order after reload: ' + after.join() + ' vs ' + dropped.join());
    await page.screenshot({ path: `${OUT}/quote-form.png`, fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  await test('send dialog (outbox) and the sent state', async () => {
    await page.click('.qactions a[href$="/send"]');
    await page.waitForSelector('form.qsend');
    const body = await page.inputValue('#body');
    assert(body.includes('/my/quotes/') && body.includes('token='), 'portal link in the body');
    await page.screenshot({ path: `${OUT}/quote-send.png`, fullPage: true });
    await Promise.all([page.waitForNavigation(), page.click('form.qsend button.primary')]);
    assert(page.url().includes('ok=sent'), 'after send: ' + page.url());
    assert((await page.textContent('.flash')).includes('sent'), 'flash');
    assert((await page.textContent('h1')).includes('Quotation sent'), 'state badge');
  });

  await test('the PDF opens and no console errors', async () => {
    const r = await page.request.get(quoteUrl + '/pdf');
    assert(r.status() === 200 && r.headers()['content-type'] === 'application/pdf', 'pdf');
    const buf = await r.body();
    assert(buf.slice(0, 5).toString() === '%PDF-', 'pdf magic');
    await page.goto(BASE + '/quotes');
    await page.screenshot({ path: `${OUT}/quotes-list.png`, fullPage: true });
    assert(errors.length === 0, 'console errors: ' + errors.join('; '));
  });
} finally {
  await browser.close();
  done();
}
