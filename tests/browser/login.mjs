// Browser: log in through the real form, see the intranet shell, screenshot.
import { launch, login, credentials, test, done, assert, BASE, OUT } from './_lib.mjs';

const creds = credentials();
const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  const page = await ctx.newPage();
  await test('home page in French, then login and the intranet shell', async () => {
    await page.goto(BASE + '/');
    assert((await page.textContent('h2')).includes('Nous contacter'), 'home not in French');
    await page.screenshot({ path: `${OUT}/home.png`, fullPage: true });
    await login(page, 'sophie.martin', creds['sophie.martin']);
    assert(page.url().endsWith('/crm'), 'not on /crm: ' + page.url());
    const h1 = await page.textContent('h1');
    assert(h1.includes('Sophie Martin'), 'greeting: ' + h1);
    assert(await page.isVisible('nav.mainnav a[href="/crm/settings"]'), 'manager sees Settings');
    await page.screenshot({ path: `${OUT}/login-shell.png`, fullPage: true });
  });
  await test('no console errors and CSP allows our own assets', async () => {
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(BASE + '/crm');
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.topbar')).backgroundColor);
    assert(bg !== 'rgba(0, 0, 0, 0)', 'stylesheet not applied');
    assert(errors.length === 0, 'console errors: ' + errors.join('; '));
  });
  await test('log out from the user menu', async () => {
    await page.click('details.usermenu summary');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/crm/logout"] button')]);
    assert(page.url().includes('/crm/login'), 'after logout: ' + page.url());
  });
} finally {
  await browser.close();
  done();
}
