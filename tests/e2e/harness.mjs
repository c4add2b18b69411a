// A tiny test harness for the end-to-end tests: launches Debian's Chromium through
// playwright-core (installed in tools/), runs named tests in order, writes screenshots to
// tests/e2e/out/, and ends with the line "N passed, N failed".
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../../tools/package.json', import.meta.url));
export const { chromium } = require('playwright-core');
export const AXE_SOURCE_PATH = require.resolve('axe-core/axe.min.js');
export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8765/';
export const OUT = new URL('./out/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/** A fresh browser with its own empty profile. */
export async function launch() {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sessionlab-e2e-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
}

/** Opens a page and collects its errors (uncaught exceptions and console errors) and the
 * browser's console warnings. */
export async function openPage(context, url) {
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  const warnings = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto(url);
  return { page, errors, warnings };
}

/** Opens the app in a page and waits until it rendered (the board and the timeline follow the
 * console in a task of their own); collects page errors and warnings. */
export async function openApp(context, url = BASE_URL) {
  const opened = await openPage(context, url);
  await opened.page.waitForSelector('#console-input');
  await opened.page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  return opened;
}

/** Loads a built-in scenario from the menu (accepting its confirmation). */
export async function loadScenario(page, id) {
  page.once('dialog', (d) => d.accept());
  await page.selectOption('select[aria-label="Load a scenario"]', id);
  await page.waitForFunction(() => document.querySelector('#announcer')?.textContent.startsWith('Scenario loaded'));
}

/** axe-core's violations on the page, one line each (`rule: targets`). */
export async function axeViolations(page) {
  await page.evaluate(readFileSync(AXE_SOURCE_PATH, 'utf8'));
  return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
}

/** The names of the parts (`split_*.wasm`) and their chunks (`chunk_*.wasm`) a browser context
 * requests, in order, as they are requested. */
export function partRequests(context) {
  const parts = [];
  context.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop();
    if (/^(split_\w+|chunk_\d+)\.wasm$/.test(name)) parts.push(name);
  });
  return parts;
}

/** A route handler that fails a request as a lost connection would. */
export const offline = (route) => route.abort('internetdisconnected');

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function assertEqual(actual, expected, message) {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const tests = [];
export function test(name, fn) { tests.push({ name, fn }); }

export async function run() {
  let passed = 0, failed = 0;
  const only = process.env.E2E_ONLY;
  for (const { name, fn } of tests) {
    if (only && !name.includes(only)) continue;
    const start = Date.now();
    try {
      await fn();
      passed++;
      console.log(`ok   ${name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}\n     ${String(e.stack ?? e).split('\n').slice(0, 6).join('\n     ')}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

/** Types text into the console and runs it with Enter; waits for the step count to grow. */
export async function runInConsole(page, text) {
  const before = await stepCount(page);
  await page.fill('#console-input', text);
  await page.press('#console-input', 'Control+Enter');
  await page.waitForFunction((n) => {
    const h = document.querySelector('.timeline h2');
    return h && Number(h.textContent.match(/of (\d+)/)?.[1]) > n;
  }, before);
}

export async function stepCount(page) {
  // The timeline is drawn a task after the console (a page just loaded may not have it yet).
  await page.waitForSelector('.timeline h2');
  return page.$eval('.timeline h2', (h) => Number(h.textContent.match(/of (\d+)/)?.[1] ?? 0));
}
