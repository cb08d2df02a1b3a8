import { launch, login, credentials, BASE, OUT } from './_lib.mjs';
const creds = credentials();
const b = await launch();
const page = await (await b.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
page.on('console', (m) => console.log('console', m.type(), m.text()));
await login(page, 'sophie.martin', creds['sophie.martin']);
for (const [p, f] of process.argv.slice(2).map((x) => x.split('='))) {
  await page.goto(BASE + p);
  await page.screenshot({ path: `/tmp/${f}.png`, fullPage: false });
}
await b.close();
