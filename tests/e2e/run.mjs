// End-to-end tests of the built app (dist/ served on loopback) in headless Chromium.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, run, launch, openApp, loadScenario, axeViolations, assert, assertEqual, runInConsole, stepCount, BASE_URL, OUT } from './harness.mjs';

const SEED_EXAMPLE = `db.runCommand( { killAllSessions: [
   { user: "appReader", db: "db1" },
   { user: "reportWriter", db: "db2" }
] } )`;

/** The session card of a user (the group headed by the owner's name). */
const card = (page, owner) => page.locator(`section.owner-group:has(h3:text-is("${owner}")) li.card`).first();

async function addUser(page, user, db, role) {
  const before = await stepCount(page);
  await page.fill('form.add-user input[aria-label="User name"]', user);
  await page.fill('form.add-user input[aria-label="Authentication database"]', db);
  await page.fill('form.add-user input[aria-label="Role"]', role);
  await page.click('form.add-user button[type=submit]');
  await waitForStep(page, before);
}

async function waitForStep(page, before) {
  await page.waitForFunction((n) => Number(document.querySelector('.timeline h2')?.textContent.match(/of (\d+)/)?.[1]) > n, before);
}

async function click(page, selector) {
  const before = await stepCount(page);
  await page.click(selector);
  await waitForStep(page, before);
}

async function logIn(page, conn, user) {
  const before = await stepCount(page);
  await page.selectOption(`select[aria-label="Log in conn${conn} as"]`, user);
  await waitForStep(page, before);
}

test('the app renders its frame: header, board, console, timeline', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    assertEqual(await page.textContent('h1'), 'Session Lab', 'header title');
    assert(await page.isVisible('text=Access control'), 'board shows the access-control switch');
    assert(await page.isVisible('.console .tabs [role=tab]'), 'console has a connection tab');
    assert(await page.isVisible('.timeline'), 'timeline is shown');
    await page.screenshot({ path: `${OUT}app-empty-1280-light.png`, fullPage: true });
    // lab.implicitSessions(false) is shown in the header, as access control is.
    assertEqual(await page.locator('.brand .badge').allTextContents().then((t) => t.join(' | ')), 'auth off', 'one badge by default');
    await runInConsole(page, 'lab.implicitSessions(false)');
    assertEqual(await page.locator('.brand .badge').allTextContents().then((t) => t.join(' | ')), 'auth off | implicit sessions off', 'the setting is on screen');
    await runInConsole(page, 'lab.implicitSessions(true)');
    assertEqual(await page.locator('.brand .badge').count(), 1, 'and gone when implicit sessions are on again');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('build the seed scenario by clicking, type the manual\'s command, see every verdict; undo; reload', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    await addUser(page, 'admin', 'admin', 'root');
    await addUser(page, 'appReader', 'db1', 'readWrite');
    await addUser(page, 'reportWriter', 'db2', 'readWrite');
    await addUser(page, 'auditor', 'db3', 'readWrite');
    await click(page, 'button[role=switch]');
    assertEqual(await page.getAttribute('button[role=switch]', 'aria-checked'), 'true', 'access control on');
    await logIn(page, 1, 'admin@admin');
    for (let i = 0; i < 3; i++) await click(page, 'button:text-is("Open connection")');
    await logIn(page, 2, 'appReader@db1');
    await logIn(page, 3, 'reportWriter@db2');
    await logIn(page, 4, 'auditor@db3');
    for (const conn of [2, 3, 4]) {
      await click(page, `li.connection:has(.conn-name:text-is("conn${conn}")) button:text-is("Start session")`);
    }
    // A card's actions are behind its "Actions" disclosure.
    await page.click(`section.owner-group:has(h3:text-is("reportWriter@db2")) summary:text-is("Actions")`);
    await click(page, `section.owner-group:has(h3:text-is("reportWriter@db2")) button:text-is("Start transaction")`);
    await page.click(`section.owner-group:has(h3:text-is("auditor@db3")) summary:text-is("Actions")`);
    await click(page, `section.owner-group:has(h3:text-is("auditor@db3")) button:text-is("Open cursor")`);
    assertEqual(await card(page, 'reportWriter@db2').locator('.state-text').innerText().then((t) => t.split('·')[0].trim()), 'transaction in progress', 'reportWriter has a transaction');
    // The clicks wrote commands into the consoles.
    await page.click('#tab-conn3');
    assert((await page.textContent('.transcript')).includes('reportSession') || (await page.textContent('.transcript')).includes('.startTransaction()'), 'the click wrote the shell command');
    await page.click('#tab-conn1');
    await runInConsole(page, SEED_EXAMPLE);
    const verdict = async (owner) => (await card(page, owner).locator('.verdict').innerText()).replace(/\s+/g, ' ');
    assert((await verdict('appReader@db1')).startsWith('✖ Killed killAllSessions[0] { user: "appReader", db: "db1" }'), `appReader: ${await verdict('appReader@db1')}`);
    assert((await verdict('reportWriter@db2')).includes('transaction 1 aborted'), `reportWriter: ${await verdict('reportWriter@db2')}`);
    assert((await verdict('auditor@db3')).startsWith('✔ Survived no entry names auditor@db3'), `auditor: ${await verdict('auditor@db3')}`);
    assertEqual(await page.locator('section.owner-group:has(h3:text-is("admin@admin"))').count(), 0, 'the kill command attached no session of its own');
    assertEqual(await page.locator('.verdicts tbody tr').count(), await page.locator('li.card').count(), 'the verdict table lists every session');
    assert((await page.textContent('#announcer')).includes('killAllSessions: 2 session(s) killed'), 'the live region announces it');
    await page.screenshot({ path: `${OUT}seed-verdicts-1280-light.png`, fullPage: true });

    const steps = await stepCount(page);
    await page.click('#undo');
    await page.waitForFunction(() => !document.querySelector('.verdict'));
    assertEqual(await card(page, 'reportWriter@db2').locator('.state-text').innerText().then((t) => t.split('·')[0].trim()), 'transaction in progress', 'undo shows the board before the kill');

    await page.reload();
    await page.waitForSelector('#console-input');
    await page.waitForFunction((n) => document.querySelector('.timeline h2')?.textContent === `Timeline: step ${n - 1} of ${n}`, steps);
    assertEqual(await card(page, 'reportWriter@db2').locator('.state-text').innerText().then((t) => t.split('·')[0].trim()), 'transaction in progress', 'the reload restored the board');
    await page.click('#redo');
    await page.waitForSelector('.verdict[data-fate=killed]');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('"Log in as…" logs in with the password the user was created with', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    await runInConsole(page, 'db.getSiblingDB("admin").createUser({ user: "ops", pwd: "Tr0ub4dor&3", roles: ["root"] })');
    await runInConsole(page, 'lab.setAuth(true)');
    await logIn(page, 1, 'ops@admin');
    const last = (await page.locator('.transcript .record').last().innerText()).trim();
    assert(last.includes('.auth("ops", "Tr0ub4dor&3")\n{ ok: 1 }'), `the login ran and succeeded: ${last}`);
    assert((await page.locator('li.connection:has(.conn-name:text-is("conn1"))').innerText()).includes('ops@admin'), 'conn1 is logged in as ops');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('a command run just before the page is left is saved with it', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    await runInConsole(page, 'db.runCommand({ ping: 1 })');
    const before = await stepCount(page);
    // From here on no timer runs, as in a tab that is closed or navigated away at once: the
    // save a timer would have made must be made when the page is left.
    await page.evaluate(() => { window.setTimeout = () => 0; });
    await page.fill('#console-input', 'db.runCommand({ startSession: 1 })');
    await page.press('#console-input', 'Control+Enter');
    await page.waitForFunction(() => document.querySelector('.transcript')?.textContent.includes('timeoutMinutes'));
    await page.goto('about:blank');
    await page.goto(BASE_URL);
    await page.waitForSelector('.timeline h2');
    const shown = await page.waitForFunction((n) => Number(document.querySelector('.timeline h2')?.textContent.match(/of (\d+)/)?.[1]) === n, before + 1, { timeout: 5000 })
      .then(() => true, () => false);
    assert(shown, `the last command was saved: the timeline reads "${await page.textContent('.timeline h2')}", expected ${before + 1} steps`);
    assert((await page.textContent('.transcript')).includes('timeoutMinutes'), 'its reply is in the transcript');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('a syntax error is shown at its position and the input is kept', async () => {
  const context = await launch();
  try {
    const { page } = await openApp(context);
    await page.fill('#console-input', 'db.runCommand({ killAllSessions: [ ] )');
    await page.press('#console-input', 'Control+Enter');
    await page.waitForSelector('#editor-error:not(:empty)');
    assert((await page.textContent('#editor-error')).startsWith("SyntaxError: mismatched bracket: expected ',' or '}', found ')' (1:38)"), await page.textContent('#editor-error'));
    assertEqual(await page.inputValue('#console-input'), 'db.runCommand({ killAllSessions: [ ] )', 'input kept');
    assertEqual(await page.textContent('mark.error-span'), ')', 'the span is marked in the input');
    assertEqual(await stepCount(page), 0, 'nothing ran');
  } finally {
    await context.close();
  }
});

test("a newcomer's mistakes are explained where they happen", async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    // Enter on an unfinished input adds a line, and says what is still open.
    await page.fill('#console-input', 'db.runCommand({ killAllSessions: [] }');
    await page.press('#console-input', 'End');
    await page.press('#console-input', 'Enter');
    await page.waitForSelector('#editor-note:not(:empty)');
    const note = await page.textContent('#editor-note');
    assert(note.startsWith("Not run yet, the input is unfinished: unclosed '(': expected ')' before the end of input (line 1, column 14)."), note);
    assertEqual(await page.inputValue('#console-input'), 'db.runCommand({ killAllSessions: [] }\n', 'Enter added a line');
    // Enter on smart quotes pasted from a document shows the positioned error at once.
    await page.fill('#console-input', 'db.runCommand({ killAllSessions: [ { user: “appReader”, db: “db1” } ] })');
    await page.press('#console-input', 'End');
    await page.press('#console-input', 'Enter');
    await page.waitForSelector('#editor-error:not(:empty)');
    const frame = await page.textContent('#editor-error');
    assert(frame.startsWith('SyntaxError: ') && frame.includes('(1:44)') && frame.includes('typographic (smart) quote'), frame);
    assertEqual(await page.textContent('#editor-note'), '', 'the note went with the new text');
    assertEqual(await stepCount(page), 0, 'nothing ran');
    // A misspelt command: the server's reply unchanged, and the command that was meant.
    await runInConsole(page, 'db.runCommand({ killAllSession: [] })');
    assert((await page.textContent('.record:last-child .output')).startsWith("MongoServerError[CommandNotFound]: no such command: 'killAllSession'"), 'the reply is the server\'s');
    assertEqual(await page.textContent('.record:last-child .hint'), 'Hint: there is no command "killAllSession"; did you mean "killAllSessions"?', 'did you mean');
    // A server command typed as a method points to db.runCommand.
    await page.fill('#console-input', 'db.killAllSessions()');
    await page.press('#console-input', 'Control+Enter');
    await page.waitForFunction(() => document.querySelector('.record:last-child')?.textContent.includes('killAllSessions is a server command'));
    // A kill that matches nothing says why: first no session exists (a command the server does
    // not know never starts one), then no user exists and access control is off.
    await runInConsole(page, 'db.runCommand({ killAllSessions: [ { user: "appReader", db: "db1" } ] })');
    assertEqual(await page.textContent('.record:last-child .hint'), 'Hint: no session exists yet, so there was nothing to kill: start one with db.getMongo().startSession()', 'no session yet');
    await runInConsole(page, 'db.runCommand({ startSession: 1 })');
    await runInConsole(page, 'db.runCommand({ killAllSessions: [ { user: "appReader", db: "db1" } ] })');
    const why = await page.textContent('.record:last-child .hint');
    assert(why.includes('no user exists yet, and with access control off every session belongs to no user'), why);
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
    await page.screenshot({ path: `${OUT}newcomer-hints.png` });
  } finally {
    await context.close();
  }
});

test('the whole flow works by keyboard alone', async () => {
  const context = await launch();
  try {
    const { page } = await openApp(context);
    await page.keyboard.press('Tab');
    assertEqual(await page.evaluate(() => document.activeElement.className), 'skip-link', 'first Tab reaches the skip link');
    await page.keyboard.press('Enter');
    assertEqual(await page.evaluate(() => document.activeElement.id), 'console-input', 'the skip link focuses the console');
    await page.keyboard.type('db.runCom');
    await page.keyboard.press('Tab');
    assertEqual(await page.inputValue('#console-input'), 'db.runCommand', 'Tab completes');
    await page.keyboard.type('({ startSession: 1 })');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.timeline h2')?.textContent === 'Timeline: step 1 of 1');
    await page.keyboard.type('db.runCommand({ killAllSessions: [] })');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.verdict[data-fate=killed]');
    await page.keyboard.press('ArrowUp');
    assertEqual(await page.inputValue('#console-input'), 'db.runCommand({ killAllSessions: [] })', 'ArrowUp recalls the history');
    // Tab on from the console to the timeline's Undo button and press it.
    let guard = 0;
    do { await page.keyboard.press('Tab'); } while (await page.evaluate(() => document.activeElement.id) !== 'undo' && ++guard < 20);
    assertEqual(await page.evaluate(() => document.activeElement.id), 'undo', 'Undo is reachable by Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert(outline !== 'none', 'focus is visible');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('.verdict'));
    // The shortcuts Undo and Redo advertise: Alt+→ redoes, Alt+← undoes again.
    const shown = () => page.textContent('.timeline h2');
    const undone = await shown();
    await page.keyboard.press('Alt+ArrowRight');
    await page.waitForFunction((t) => document.querySelector('.timeline h2').textContent !== t, undone);
    await page.keyboard.press('Alt+ArrowLeft');
    await page.waitForFunction((t) => document.querySelector('.timeline h2').textContent === t, undone);
    // Board controls by keyboard too: Tab to the add-user form, type, Enter.
    await page.focus('body');
    guard = 0;
    do { await page.keyboard.press('Tab'); } while (await page.evaluate(() => document.activeElement.getAttribute('aria-label')) !== 'User name' && ++guard < 40);
    assertEqual(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'User name', 'the add-user form is reachable by Tab');
    await page.keyboard.type('kbUser');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.users .user-name:text-is("kbUser@db1")');
    assert((await page.textContent('.transcript')).includes('createUser({ user: "kbUser"'), 'the keyboard action wrote its shell command');
  } finally {
    await context.close();
  }
});


test('axe-core finds no accessibility violations on the main views, light and dark', async () => {
  const context = await launch();
  try {
    const { page } = await openApp(context);
    const check = async (view) => {
      const result = await axeViolations(page);
      assertEqual(result.length, 0, `${view}: ${result.join(' | ')}`);
    };
    await check('empty, light');
    await loadScenario(page, 'kill-users');
    await check('verdicts, light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await check('verdicts, dark');
    await page.fill('#console-input', 'db.runCommand({ ping: 1 }');
    await page.press('#console-input', 'Control+Enter');
    await page.waitForSelector('#editor-error:not(:empty)');
    await check('syntax error, dark');
  } finally {
    await context.close();
  }
});

test('screenshots at 1280 px and 375 px, light and dark', async () => {
  const context = await launch();
  try {
    const { page } = await openApp(context);
    await loadScenario(page, 'kill-users');
    for (const [width, height] of [[1280, 900], [375, 812]]) {
      for (const scheme of ['light', 'dark']) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert(overflow <= 0, `no horizontal scrolling at ${width}px (${overflow}px too wide)`);
        await page.screenshot({ path: `${OUT}seed-${width}-${scheme}.png`, fullPage: width > 400 ? false : true });
      }
    }
  } finally {
    await context.close();
  }
});

/** Adds `inputs` × 250 sessions (one input's work budget holds about 300 such commands). */
async function addSessions(page, inputs) {
  const script = Array.from({ length: 250 }, () => 'db.runCommand({ ping: 1, lsid: { id: UUID() } })').join('\n');
  for (let i = 0; i < inputs; i++) {
    const steps = await page.textContent('.timeline h2');
    await page.evaluate((text) => { const t = document.querySelector('#console-input'); t.value = text; t.dispatchEvent(new InputEvent('input', { bubbles: true })); }, script);
    await page.press('#console-input', 'Control+Enter');
    await page.waitForFunction((before) => document.querySelector('.timeline h2').textContent !== before, steps, { timeout: 120000 });
  }
}

/** Five kills, each measured two ways: `work`, from the keypress until the page is updated
 * (the reducer, Yew's render and the browser's style and layout, read in the first task after
 * the render: a frame's paint is not in it); and `frame`, until the animation frame after the
 * one that shows the change (what the suite reported before: bound to the display's 60 Hz
 * frames, so it cannot tell 1 ms of work from 15). Sorted, each. */
async function killSamples(page) {
  const work = [];
  const frame = [];
  for (let i = 0; i < 5; i++) {
    await page.fill('#console-input', 'db.runCommand({ killAllSessions: [] })');
    const ms = await page.evaluate(() => new Promise((resolve) => {
      const steps = document.querySelector('.timeline h2').textContent;
      const changed = () => document.querySelector('.timeline h2').textContent !== steps;
      const result = {};
      const start = performance.now();
      document.querySelector('#console-input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
      // A task (not a frame) after Yew's render, which runs in microtasks; reading a layout
      // value makes the browser finish the style and layout the change needs.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        if (!changed()) { channel.port2.postMessage(0); return; }
        document.documentElement.getBoundingClientRect();
        result.work = performance.now() - start;
        channel.port1.close();
      };
      channel.port2.postMessage(0);
      const wait = () => {
        if (changed()) requestAnimationFrame(() => resolve({ ...result, frame: performance.now() - start }));
        else requestAnimationFrame(wait);
      };
      wait();
    }));
    work.push(ms.work);
    frame.push(ms.frame);
  }
  const sorted = (list) => list.sort((a, b) => a - b);
  return { work: sorted(work), frame: sorted(frame) };
}

test('benchmark: with 1,000 and 10,000 sessions on the board a command updates the page (reported, not asserted)', async () => {
  const context = await launch();
  try {
    const { page } = await openApp(context);
    const boardSessions = () => page.evaluate(() => Number([...document.querySelectorAll('.board h2')].map((h) => h.textContent.match(/^Sessions \((\d+)\)/)?.[1]).find(Boolean) ?? 0));
    const figures = {};
    for (const [sessions, inputs] of [[1000, 4], [10000, 36]]) {
      await addSessions(page, inputs);
      await page.waitForFunction((n) => [...document.querySelectorAll('.board h2')].some((h) => Number(h.textContent.match(/^Sessions \((\d+)\)/)?.[1]) >= n), sessions, { timeout: 120000 });
      assert((await page.locator('.owner-group > button').first().textContent()).startsWith('Show all'), 'a large group is windowed behind "Show all"');
      const { work, frame } = await killSamples(page);
      const median = (list) => list[Math.floor(list.length / 2)];
      figures[sessions] = { sessions: await boardSessions(), cards_rendered: await page.locator('li.card').count(), work_ms: work, median_work_ms: median(work), frame_ms: frame, median_frame_ms: median(frame) };
      console.log(`     ${await boardSessions()} sessions: killAllSessions updates the page in ${median(work).toFixed(1)} ms (median of 5: ${work.map((s) => s.toFixed(1)).join(', ')}; to the frame after it: ${median(frame).toFixed(1)} ms), ${figures[sessions].cards_rendered} cards drawn`);
    }
    writeFileSync(`${OUT}perf.json`, JSON.stringify(figures, null, 2));
  } finally {
    await context.close();
  }
});

/** How many loads each load figure is the median of (the machine's noise is tens of ms). */
const LOADS = 5;

/** One load of the app in `page` (a tab of its own, its HTTP cache off, so every file comes from
 * the network): when the loading state and the console were first on screen, and how the
 * WebAssembly came (encoding, bytes on the wire). `network` throttles through CDP. */
async function measureLoad(page, network) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
  let wasm = null;
  cdp.on('Network.responseReceived', (e) => { if (e.response.url.endsWith('.wasm')) wasm = { id: e.requestId, encoding: e.response.headers['Content-Encoding'] ?? e.response.headers['content-encoding'] ?? 'none' }; });
  const wire = new Map();
  cdp.on('Network.loadingFinished', (e) => wire.set(e.requestId, e.encodedDataLength));
  await page.addInitScript(() => {
    window.__load = {};
    new MutationObserver(() => {
      if (!window.__load.console && document.querySelector('#console-input')) window.__load.console = performance.now();
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(BASE_URL);
  await page.waitForSelector('#console-input', { timeout: 60000 });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  const figures = await page.evaluate(() => ({
    first_paint_ms: Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1),
    console_ready_ms: Math.round(window.__load.console),
    boot_text: document.querySelector('.boot') ? 'still shown' : 'replaced',
  }));
  return { ...figures, wasm_encoding: wasm?.encoding, wasm_bytes_on_wire: wire.get(wasm?.id) };
}

/** LOADS loads of the app, each in a browser started for it (its startup, the renderer's and the
 * network service's, falls in the load, as on a machine that has just booted). */
async function loadsInStartedBrowsers(network) {
  const runs = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await launch();
    try {
      runs.push(await measureLoad(await context.newPage(), network));
    } finally {
      await context.close();
    }
  }
  return runs;
}

/** LOADS loads of the app in one browser that is already running (a page of another site open),
 * each in a new tab, as a reader's browser opens the playground. */
async function loadsInRunningBrowser(network) {
  const context = await launch();
  try {
    await context.pages()[0].goto('data:text/html,<p>Another site</p>');
    const runs = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await context.newPage();
      runs.push(await measureLoad(page, network));
      await page.close();
    }
    return runs;
  } finally {
    await context.close();
  }
}

/** A free loopback port (the operating system's choice; released before it is used). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The browser's own floor under the first-paint figure: a page of one paragraph (the loading
 * state's words; no script, stylesheet or font of its own) served by the same server from a
 * directory of its own, loaded LOADS times, each in a browser started for it. First paints, ms. */
async function referencePageFirstPaints() {
  const dir = mkdtempSync(join(tmpdir(), 'sessionlab-reference-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="en"><meta charset="utf-8"><title>Reference</title><p>Loading the playground…</p></html>');
  const port = await freePort();
  const server = spawn('python3', [new URL('../../scripts/serve.py', import.meta.url).pathname, dir, String(port)], { stdio: 'ignore' });
  try {
    const url = `http://127.0.0.1:${port}/`;
    for (let tries = 0; !(await fetch(url).then((r) => r.ok, () => false)); tries++) {
      assert(tries < 50, 'the reference page is served');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const paints = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await launch();
      try {
        const page = await context.newPage();
        await page.goto(url);
        await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
        paints.push(Math.round(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime)));
      } finally {
        await context.close();
      }
    }
    return paints;
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('benchmark: load time on localhost and on a throttled 1.6 Mbit/s, 150 ms link, with compression, in a browser started for the load and in one already running, beside the floor of the browser: a page of one paragraph (reported, not asserted)', async () => {
  const report = {};
  const throttled = { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 };
  for (const [link, network] of [['localhost', null], ['throttled 1.6 Mbit/s, 150 ms', throttled]]) {
    for (const [browser, loads] of [['browser started for the load', loadsInStartedBrowsers], ['browser already running', loadsInRunningBrowser]]) {
      const name = `${link}, ${browser}`;
      const runs = await loads(network);
      const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[(LOADS - 1) / 2];
      report[name] = { first_paint_ms: median('first_paint_ms'), console_ready_ms: median('console_ready_ms'), runs };
      assert(runs.every((r) => r.first_paint_ms > 0 && r.boot_text === 'replaced'), `${name}: ${JSON.stringify(runs)}`);
      assert(runs.every((r) => r.wasm_encoding !== 'none'), `${name}: the WebAssembly comes compressed: ${JSON.stringify(runs)}`);
      console.log(`     ${name}: first paint ${report[name].first_paint_ms} ms, console ready ${report[name].console_ready_ms} ms (medians of ${LOADS}; wasm ${runs[0].wasm_encoding}, ${runs[0].wasm_bytes_on_wire} B on the wire)`);
    }
  }
  const paints = await referencePageFirstPaints();
  report['localhost, a page of one paragraph, browser started for the load'] = { first_paint_ms: [...paints].sort((a, b) => a - b)[(LOADS - 1) / 2], runs: paints };
  console.log(`     the browser's floor: a page of one paragraph on the same server, in a browser started for it: first paint ${report['localhost, a page of one paragraph, browser started for the load'].first_paint_ms} ms (median of ${LOADS}: ${paints.join(', ')})`);
  writeFileSync(`${OUT}load.json`, JSON.stringify(report, null, 2));
});

test('a command run at an earlier step keeps the later steps as a branch, and brings them back', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    for (const c of ['a', 'b', 'c']) await runInConsole(page, `db.${c}.insertOne({})`);
    await page.click('button:text-is("◀ Undo")');
    await page.click('button:text-is("◀ Undo")');
    await page.waitForFunction(() => document.querySelector('.timeline h2').textContent === 'Timeline: step 1 of 3');
    // The stray Enter of a live demo: a command at step 1.
    await page.fill('#console-input', 'db.stray.insertOne({})');
    await page.press('#console-input', 'Control+Enter');
    await page.waitForFunction(() => document.querySelector('.timeline h2').textContent === 'Timeline: step 2 of 2');
    assertEqual(await page.textContent('.branches li'), 'After step 1: 2 step(s), from db.b.insertOne({}) Bring back', 'the replaced steps are listed as a branch');
    await page.click('button[aria-label="Bring back the branch after step 1"]');
    await page.waitForFunction(() => document.querySelector('.timeline h2')?.textContent === 'Timeline: step 3 of 3');
    assertEqual(await page.$$eval('.timeline .steps code', (c) => c.map((e) => e.textContent).join(' | ')), 'db.a.insertOne({}) | db.b.insertOne({}) | db.c.insertOne({})', 'the branch is back');
    assertEqual(await page.textContent('.branches li'), 'After step 1: 1 step(s), from db.stray.insertOne({}) Bring back', 'and the stray step is a branch in its place');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('.timeline h2')?.textContent === 'Timeline: step 3 of 3');
    assertEqual(await page.textContent('.branches li'), 'After step 1: 1 step(s), from db.stray.insertOne({}) Bring back', 'branches are kept with the autosave');
    assertEqual((await axeViolations(page)).join(' | '), '', 'axe-core with the branches list');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

import './share.mjs';
import './untrusted.mjs';
import './first_minutes.mjs';
import './lessons.mjs';
import './embedding.mjs';
import './presenter.mjs';
import './docs.mjs';
import './crash.mjs';

await run();
