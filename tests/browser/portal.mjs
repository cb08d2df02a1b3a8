// Browser: the customer portal on a phone-sized screen. A salesperson makes a quotation; the customer
// (no session) opens its link, draws a signature with the mouse on the signature pad, accepts and
// signs; the page then says "Signed" and the salesperson sees a confirmed order. Screenshots of the
// page before and after signing go to tests/browser/out/.
import { launch, login, credentials, test, done, assert, BASE, OUT } from './_lib.mjs';

const creds = credentials();
const browser = await launch();
try {
  const staffCtx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const staff = await staffCtx.newPage();
  await login(staff, 'sophie.martin', creds['sophie.martin']);
  let quoteUrl = null, portalUrl = null;

  await test('a quotation with a line, and its customer link', async () => {
    for (let id = 60; id < 200 && !quoteUrl; id++) {
      const r = await staff.goto(`${BASE}/quotes/new?opportunity_id=${id}`);
      if (r.status() !== 200) continue;
      const create = await staff.$('form[action="/quotes/new"] button[type=submit]');
      if (!create) continue;
      const radio = await staff.$('input[name=customer][value=create]');
      if (radio) await radio.check();
      await Promise.all([staff.waitForNavigation(), create.click()]);
      quoteUrl = staff.url();
    }
    assert(quoteUrl && /\/quotes\/\d+$/.test(quoteUrl), 'no quotation created: ' + quoteUrl);
    await staff.selectOption('form.qaddline select[name=product_id]', { index: 1 });
    await staff.fill('form.qaddline input[name=quantity]', '2');
    await Promise.all([staff.waitForNavigation(), staff.click('form.qaddline button.primary')]);
    const r = await staff.request.get(quoteUrl + '/preview', { maxRedirects: 0 });
    assert(r.status() === 303, 'preview redirect: ' + r.status());
    portalUrl = new URL(r.headers()['location'], BASE).toString();
    assert(/\/my\/quotes\/\d+\?token=[\w-]{43}$/.test(portalUrl), 'portal url: ' + portalUrl);
  });

  // The customer: a phone-sized screen, no cookies, no session.
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
    locale: 'fr-FR', userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));

  await test('the customer opens the page on a phone', async () => {
    const r = await page.goto(portalUrl);
    assert(r.status() === 200, 'status ' + r.status());
    await page.waitForSelector('#sigpad:not([hidden])');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, 'no horizontal scrolling on a phone: ' + width);
    assert(await page.$('#page-qr svg'), 'QR code of the page');
    await page.screenshot({ path: `${OUT}/portal-before.png`, fullPage: true });
  });

  await test('draws a signature with the mouse, accepts and signs', async () => {
    const canvas = await page.$('#sig-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const b = await canvas.boundingBox();
    // A loop and a long stroke, like a hand-written signature.
    await page.mouse.move(b.x + 20, b.y + b.height * 0.7);
    await page.mouse.down();
    for (let i = 0; i <= 40; i++) {
      const t = i / 40;
      await page.mouse.move(b.x + 20 + t * (b.width - 40), b.y + b.height * (0.5 + 0.3 * Math.sin(t * 12)), { steps: 2 });
    }
    await page.mouse.up();
    await page.mouse.move(b.x + 40, b.y + 30);
    await page.mouse.down();
    await page.mouse.move(b.x + 90, b.y + b.height - 30, { steps: 10 });
    await page.mouse.up();
    const empty = await page.evaluate(() => {
      const c = document.getElementById('sig-canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4) if (d[i]) return false;
      return true;
    });
    assert(!empty, 'the canvas has ink');
    await page.fill('#sign-name', 'Zoé Mercier');
    await page.check('#accept');
    await page.screenshot({ path: `${OUT}/portal-signing.png`, fullPage: true });
    await Promise.all([page.waitForNavigation(), page.click('#sign-submit')]);
    assert(page.url().includes('message=signed'), 'after signing: ' + page.url());
    const status = (await page.textContent('#status')).trim();
    assert(/Sign/.test(status), 'status: ' + status);
    assert(await page.$('#signed'), 'signature block');
    assert(!(await page.$('#sign-form')), 'no second signature form');
    await page.screenshot({ path: `${OUT}/portal-after.png`, fullPage: true });
    assert(errors.length === 0, 'console errors: ' + errors.join('; '));
  });

  await test('the salesperson sees the signed order and its PDF', async () => {
    await staff.goto(quoteUrl);
    const h1 = await staff.textContent('h1');
    assert(/order|Order|commande/.test(h1), 'state in the title: ' + h1);
    const r = await staff.request.get(quoteUrl + '/pdf');
    assert(r.status() === 200 && (await r.body()).slice(0, 5).toString() === '%PDF-', 'pdf');
    const hist = await staff.textContent('.chatter');
    assert(hist.includes('Signed by Zoé Mercier'), 'chatter: signed by');
  });
} finally {
  await browser.close();
  done();
}
