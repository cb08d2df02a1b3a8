// Shared helpers for browser tests: launch Debian's chromium through
// playwright-core, log in, report PASS/FAIL lines the runner counts.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

export const BASE = process.env.BASE_URL;
export const OUT = path.join(path.dirname(new URL(import.meta.url).pathname), 'out');

export function credentials() {
  const out = {};
  for (const line of fs.readFileSync(process.env.PISTE_CREDENTIALS, 'utf8').split('\n')) {
    const m = line.match(/login: (\S+)\s+password: (\S+)/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function login(page, loginName, password) {
  await page.goto(BASE + '/crm/login');
  await page.fill('#login', loginName);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

let failures = 0;
export async function test(name, fn) {
  try {
    await fn();
    console.log(`PASS ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${String(e && e.message || e).split('\n')[0]}`);
  }
}

export function done() {
  process.exitCode = failures ? 1 : 0;
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg || 'assertion failed');
}
