// Browser: qualification as a salesperson does it (issue 5, SPEC P5, P6, P7, P7b). Three leads share a
// company e-mail domain: the lead form offers "Similar leads (2)", the list shows the record and both
// others, the merge wizard keeps one and archives the others, the Merges box undoes it; another lead is
// converted to an opportunity with a new customer. No console errors; screenshots in tests/browser/out/.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { launch, login, test, done, assert, BASE, OUT } from './_lib.mjs';

// A fresh salesperson of the demo's first team, and an API key for them (as tests/e2e do with the CLI):
// the records below are theirs, so nothing else in the demo data can change what they see.
const tag = crypto.randomBytes(4).toString('hex');
const userLogin = `q${tag}`;
const password = crypto.randomBytes(12).toString('base64url');
const cli = (...args) => execFileSync(process.env.PISTE_CLI, args, { env: process.env, encoding: 'utf8' }).trim();
cli('user', 'add', '--login', userLogin, '--password', password, '--role', 'sales',
  '--name', `Quentin Qualif ${tag}`, '--team', 'Direct Sales');
const apiKey = cli('apikey', 'create', '--login', userLogin);

async function api(method, path, body) {
  const r = await fetch(BASE + path, {
    method,
    headers: { Authorization: 'Bearer ' + apiKey, Accept: 'application/json', 'Accept-Language': 'en',
      ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON: reported below */ }
  return { status: r.status, json, text };
}

async function newLead(fields) {
  const r = await api('POST', '/api/v1/leads', fields);
  assert(r.status === 201, `lead not created: ${r.status} ${r.text.slice(0, 200)}`);
  return r.json;
}

async function getLead(id) {
  const r = await api('GET', `/api/v1/leads/${id}`);
  assert(r.status === 200, `GET lead ${id}: ${r.status} ${r.text.slice(0, 200)}`);
  return r.json;
}

// Three leads on one company domain (not a public mail provider), so each is similar to the other two.
const dom = `q${tag}.example`;
const anne = await newLead({ name: `Website revamp ${tag}`, contact_name: 'Anne Lemaire', email: `anne@${dom}`,
  partner_name: `Lemaire ${tag} SARL`, description: 'Wants a new website' });
const bob = await newLead({ name: `Website quote ${tag}`, contact_name: 'Bob Lemaire', email: `bob@${dom}` });
const carla = await newLead({ name: `Hosting question ${tag}`, email: `carla@${dom}` });
const group = [anne.id, bob.id, carla.id];

const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e}`));
  page.on('response', (r) => { if (r.status() >= 500) errors.push(`${r.url()} answered ${r.status()}`); });
  await login(page, userLogin, password);
  assert(!page.url().includes('/login'), 'login failed: ' + page.url());

  let master = null;
  const others = () => group.filter((id) => id !== master);

  await test('the lead form shows "Similar leads (2)" and opens the list with the record and both others', async () => {
    await page.goto(`${BASE}/crm/leads/${anne.id}`);
    const button = page.locator(`.smart-buttons a.smart[href="/crm/leads/${anne.id}/similar"]`);
    assert(await button.count() === 1, 'no similar-leads button on the lead form');
    const label = (await button.textContent()).replace(/\s+/g, ' ').trim();
    assert(/^2 Similar leads$/.test(label), 'button: ' + label);
    await Promise.all([page.waitForNavigation(), button.click()]);
    assert(page.url().endsWith(`/crm/leads/${anne.id}/similar`), 'after the click: ' + page.url());
    assert((await page.textContent('h1')).includes('(2)'), 'heading: ' + await page.textContent('h1'));
    const ids = await page.$$eval('table.list tbody input[name=ids]', (els) => els.map((e) => Number(e.value)));
    assert(ids.length === 3 && group.every((id) => ids.includes(id)), 'rows: ' + ids.join());
    assert(ids[0] === anne.id, 'the record itself is not first: ' + ids.join());
    const self = page.locator('table.list tbody tr.self');
    assert(await self.count() === 1 && await self.locator(`input[value="${anne.id}"]`).isChecked(),
      'the record itself is not marked and ticked');
    assert((await self.textContent()).includes('this record'), 'no "this record" badge');
    for (const l of [bob, carla])
      assert((await page.textContent('table.list tbody')).includes(l.name), `${l.name} not listed`);
    await page.screenshot({ path: `${OUT}/qualify-similar.png`, fullPage: true });
  });

  await test('merge the three from the list: the kept record opens with the merge note, the others archived', async () => {
    for (const id of [bob.id, carla.id])
      await page.check(`table.list tbody input[name=ids][value="${id}"]`);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/crm/leads/merge"] button[type=submit]')]);
    assert(page.url().includes('/crm/leads/merge?'), 'not on the merge wizard: ' + page.url());
    const rows = await page.$$eval('form[action="/crm/leads/merge"] input[name=ids]',
      (els) => els.map((e) => ({ id: Number(e.value), checked: e.checked })));
    assert(rows.length === 3 && rows.every((r) => r.checked) && group.every((id) => rows.some((r) => r.id === id)),
      'wizard rows: ' + JSON.stringify(rows));
    const kept = page.locator('tr.master');
    assert(await kept.count() === 1, 'no record marked as kept');
    assert((await kept.textContent()).includes('kept'), 'no "kept" badge');
    master = Number(await kept.locator('input[name=ids]').getAttribute('value'));
    assert(group.includes(master), 'kept record not in the selection: ' + master);
    await page.screenshot({ path: `${OUT}/qualify-merge-wizard.png`, fullPage: true });

    await Promise.all([page.waitForNavigation(), page.click('form[action="/crm/leads/merge"] button.primary')]);
    assert(page.url() === `${BASE}/crm/leads/${master}`, 'after merging: ' + page.url());
    const note = page.locator('.chatter li.msg', { has: page.locator('.msg-subject', { hasText: /^Merged$/ }) });
    assert(await note.count() === 1, 'no merge note in the chatter');
    const body = await note.locator('.msg-body').textContent();
    for (const id of others())
      assert(body.includes(`(#${id})`), `merge note does not name #${id}: ${body}`);
    assert(await page.isVisible('#merges button[type=submit]'), 'no Merges box with an undo button');
    for (const id of others()) {
      const l = await getLead(id);
      assert(l.active === false && l.merged_into_id === master,
        `#${id} after the merge: active=${l.active} merged_into_id=${l.merged_into_id}`);
    }
    assert((await getLead(master)).active === true, 'the kept record is not active');
    await page.screenshot({ path: `${OUT}/qualify-merged.png`, fullPage: true });
  });

  await test('undo the merge from the Merges box: the archived records come back', async () => {
    assert(master, 'no merge to undo');
    await Promise.all([page.waitForNavigation(), page.click('#merges button[type=submit]')]);
    assert(page.url().startsWith(`${BASE}/crm/leads/${master}`), 'after undoing: ' + page.url());
    assert(await page.locator('.chatter .msg-subject', { hasText: 'Merge undone' }).count() === 1,
      'no "Merge undone" note');
    assert(await page.locator('#merges').count() === 0, 'the Merges box still offers the undone merge');
    for (const id of others()) {
      const l = await getLead(id);
      assert(l.active === true && l.merged_into_id === null,
        `#${id} after the undo: active=${l.active} merged_into_id=${l.merged_into_id}`);
    }
    const back = await getLead(anne.id);
    assert(back.name === anne.name && back.contact_name === 'Anne Lemaire' && back.email === anne.email,
      'Anne\'s lead not restored: ' + JSON.stringify([back.name, back.contact_name, back.email]));
    const sim = await api('GET', `/api/v1/leads/${master}/similar`);
    assert(sim.status === 200 && sim.json.total === 2, 'similar after the undo: ' + sim.text.slice(0, 200));
    await page.screenshot({ path: `${OUT}/qualify-unmerged.png`, fullPage: true });
  });

  await test('convert a lead to an opportunity with a new customer from the wizard', async () => {
    const dom2 = `d${tag}.example`;
    const lead = await newLead({ name: `Training for 12 ${tag}`, contact_name: 'Denise Durand',
      partner_name: `Durand ${tag} SAS`, email: `denise@${dom2}`, phone: '+33 1 23 45 67 89', city: 'Lyon' });
    assert(lead.type === 'lead' && !lead.partner_id, 'not a fresh lead: ' + JSON.stringify(lead).slice(0, 200));
    await page.goto(`${BASE}/crm/leads/${lead.id}`);
    const action = page.locator(`#actions a[href="/crm/leads/${lead.id}/convert"]`);
    assert(await action.count() === 1, 'no "Convert to opportunity" action on the lead form');
    await Promise.all([page.waitForNavigation(), action.click()]);
    const form = page.locator(`form[action="/crm/leads/${lead.id}/convert"]`);
    assert(await form.count() === 1, 'no convert wizard at ' + page.url());
    await form.locator('input[name=action][value=convert]').check();
    await form.locator('input[name=customer][value=create]').check();
    await page.screenshot({ path: `${OUT}/qualify-convert-wizard.png`, fullPage: true });
    await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
    assert(page.url() === `${BASE}/crm/leads/${lead.id}`, 'after converting: ' + page.url());
    assert((await page.textContent('.type-badge')).includes('Opportunity'), 'the form does not say Opportunity');
    assert(await page.locator(`#actions a[href="/crm/leads/${lead.id}/convert"]`).count() === 0,
      'the convert action is still offered');
    const opp = await getLead(lead.id);
    assert(opp.type === 'opportunity' && opp.date_conversion, 'after converting: type=' + opp.type);
    assert(opp.partner_id, 'no customer on the opportunity');
    const p = await api('GET', `/api/v1/partners/${opp.partner_id}`);
    assert(p.status === 200, 'customer: ' + p.status);
    assert(p.json.name === 'Denise Durand' && p.json.parent_id, 'customer: ' + p.text.slice(0, 200));
    const company = await api('GET', `/api/v1/partners/${p.json.parent_id}`);
    assert(company.status === 200 && company.json.name === `Durand ${tag} SAS`,
      'company: ' + company.text.slice(0, 200));
    const selected = await page.$eval('#f-partner', (s) => s.options[s.selectedIndex].value);
    assert(Number(selected) === opp.partner_id, 'the form\'s customer field: ' + selected);
    await page.screenshot({ path: `${OUT}/qualify-converted.png`, fullPage: true });
  });

  await test('no console errors on the similar, merge, lead and convert pages', async () => {
    assert(errors.length === 0, 'console errors: ' + errors.join('; '));
  });
} finally {
  await browser.close();
  done();
}
