// Browser: the public contact form (no JavaScript needed) and the form
// embedded in another website through /contact/embed.js (SPEC I1, I2), with
// the allowed site set by a manager on the settings page. Screenshots in
// tests/browser/out/.
import http from 'node:http';
import { launch, login, credentials, test, done, assert, BASE, OUT } from './_lib.mjs';

const creds = credentials();
const browser = await launch();

// Another website, on another origin (another port), embedding the form.
const host = http.createServer((req, res) => {
  const page = req.url.startsWith('/plain') ? `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Atelier Exemple</title></head><body><h1>Atelier Exemple</h1>
<form data-piste-contact method="post" action="${BASE}/contact" accept-charset="utf-8">
  <input type="hidden" name="redirect" value="http://127.0.0.1:${host.address().port}/merci">
  <label>Nom <input name="contact_name" required></label>
  <label>E-mail <input name="email" type="email" required></label>
  <label>Message <textarea name="description" required></textarea></label>
  <label>Budget <input name="budget"></label>
  <button>Envoyer</button>
</form>
<script src="${BASE}/contact/embed.js" async></script></body></html>`
    : req.url.startsWith('/merci') ? '<!DOCTYPE html><html><body><h1>Merci, à bientôt</h1></body></html>'
    : `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Atelier Exemple</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src ${BASE}; connect-src ${BASE}">
</head><body><h1>Atelier Exemple — contact</h1>
<div data-piste-contact data-lang="fr"></div>
<script src="${BASE}/contact/embed.js" async></script></body></html>`;
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(page);
});
await new Promise((r) => host.listen(0, '127.0.0.1', r));
const SITE = `http://127.0.0.1:${host.address().port}`;

async function setOrigins(page, value) {
  await page.goto(BASE + '/crm/settings/intake');
  await page.fill('#origins', value);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/crm/settings/intake"] button[type=submit]')]);
  assert(page.url().includes('saved=1'), 'settings not saved: ' + page.url());
}

try {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await test('contact form on a phone, in French, sent after reading it', async () => {
    await page.goto(BASE + '/contact?utm_source=browser');
    assert((await page.textContent('h1')).includes('Nous contacter'), 'not in French');
    const bad = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert(!bad, 'the form overflows a phone screen');
    const hp = await page.$eval('#f-homepage', (e) => e.getBoundingClientRect().right);
    assert(hp <= 0, 'honeypot on screen');
    await page.fill('#f-contact_name', 'Inès Navigateur');
    await page.fill('#f-email', 'ines.browser@example.org');
    await page.fill('#f-description', 'Bonjour, je voudrais une démonstration.');
    await page.check('#f-consent');
    await page.screenshot({ path: `${OUT}/contact-form.png`, fullPage: true });
    await page.waitForTimeout(3200); // a human takes more than the 3 s minimum
    await Promise.all([page.waitForNavigation(), page.click('form.contact-form button[type=submit]')]);
    assert(page.url().endsWith('/contact/thanks'), 'after submit: ' + page.url());
    assert((await page.textContent('h1')).includes('Merci'), 'no thank-you');
    await page.screenshot({ path: `${OUT}/contact-thanks.png`, fullPage: true });
  });

  await test('a too-quick submission comes back with the values and a message', async () => {
    await page.goto(BASE + '/contact');
    await page.fill('#f-contact_name', 'Rapide');
    await page.fill('#f-email', 'rapide@example.org');
    await page.fill('#f-description', 'Vite');
    await Promise.all([page.waitForNavigation(), page.click('form.contact-form button[type=submit]')]);
    assert((await page.textContent('p.notice')).includes('très rapide'), 'no notice');
    assert((await page.inputValue('#f-email')) === 'rapide@example.org', 'value lost');
    await page.screenshot({ path: `${OUT}/contact-too-fast.png`, fullPage: true });
  });

  const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const admin = await staff.newPage();
  await login(admin, 'sophie.martin', creds['sophie.martin']);

  await test('the embedded form on an allowed site sends a lead', async () => {
    await setOrigins(admin, SITE);
    await admin.screenshot({ path: `${OUT}/intake-settings.png`, fullPage: true });
    const site = await ctx.newPage();
    const siteErrors = [];
    site.on('console', (m) => { if (m.type() === 'error') siteErrors.push(m.text()); });
    await site.goto(SITE + '/?utm_campaign=embed');
    await site.waitForSelector('form.piste-contact', { timeout: 10000 });
    assert((await site.textContent('form.piste-contact button')).includes('Envoyer'), 'labels not French');
    const inputs = await site.$$eval('form.piste-contact input, form.piste-contact textarea', (els) => els.map((e) => e.name));
    assert(inputs.includes('contact_name') && inputs.includes('form_token'), 'fields: ' + inputs);
    await site.fill('form.piste-contact [name=contact_name]', 'Embed Navigateur');
    await site.fill('form.piste-contact [name=email]', 'embed.browser@example.org');
    await site.fill('form.piste-contact [name=description]', 'Depuis le site partenaire');
    await site.waitForTimeout(3200);
    await site.click('form.piste-contact button');
    await site.waitForSelector('.piste-thanks', { timeout: 10000 });
    assert((await site.textContent('.piste-thanks')).includes('Merci'), 'no thanks');
    await site.screenshot({ path: `${OUT}/contact-embedded.png`, fullPage: true });
    assert(siteErrors.length === 0, 'console errors on the host site: ' + siteErrors.join('; '));
  });

  await test('the plain HTML snippet posts cross-origin and comes back to the site', async () => {
    const site = await ctx.newPage();
    await site.goto(SITE + '/plain');
    await site.waitForFunction(() => document.querySelector('input[name=form_token]'), null, { timeout: 10000 });
    await site.fill('[name=contact_name]', 'Snippet Navigateur');
    await site.fill('[name=email]', 'snippet.browser@example.org');
    await site.fill('[name=description]', 'Formulaire HTML du site');
    await site.fill('[name=budget]', '8000');
    await site.waitForTimeout(3200);
    await Promise.all([site.waitForNavigation(), site.click('button')]);
    assert(site.url() === SITE + '/merci', 'redirect: ' + site.url());
  });

  await test('a site that is not allowed gets no form', async () => {
    await setOrigins(admin, 'https://other.example');
    const site = await ctx.newPage();
    const failed = [];
    site.on('console', (m) => failed.push(m.text()));
    await site.goto(SITE + '/');
    await site.waitForTimeout(1500);
    assert(!(await site.$('form.piste-contact')), 'form rendered on a site that is not allowed');
    await setOrigins(admin, '');
  });

  await test('no console errors on our own pages', async () => {
    errors.length = 0;
    for (const p of ['/contact', '/contact/thanks', '/contact?lang=en']) await page.goto(BASE + p);
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.contact')).backgroundColor);
    assert(bg !== 'rgba(0, 0, 0, 0)', 'stylesheet not applied');
    assert(errors.length === 0, 'console errors: ' + errors.join('; '));
  });
} finally {
  host.close();
  await browser.close();
  done();
}
