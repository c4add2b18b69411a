// End-to-end tests of sharing and embedding: links opened in a fresh profile, broken links,
// embed options, the documentation example page with two embeds, and scenario/transcript files.
import { readFileSync, writeFileSync } from 'node:fs';
import { test, launch, openApp, openPage, loadScenario, axeViolations, assert, assertEqual, runInConsole, partRequests, offline, BASE_URL, OUT } from './harness.mjs';

/** What the board shows: every session card's id, state and verdict, the timeline position and
 * the verdict table, so two pages can be compared. */
async function boardState(page) {
  // The page draws in stages (header, share bar, console, board, timeline) and replays in
  // slices: read it only once it is whole, or a stage not drawn yet reads as missing.
  await page.waitForFunction(() => document.querySelector('.timeline h2') && !document.querySelector('[aria-busy="true"], .notice.replay'));
  return page.evaluate(() => ({
    cards: [...document.querySelectorAll('li.card')].map((c) => `${c.dataset.session} ${c.className} ${c.dataset.state} ${c.dataset.fate ?? ''}`),
    timeline: document.querySelector('.timeline h2')?.textContent,
    verdicts: document.querySelector('.verdicts')?.textContent ?? null,
    users: document.querySelector('.board')?.textContent.match(/Users[^]*?Connections/)?.[0] ?? null,
  }));
}


/** Clicks "Copy link" and returns the link (also checks that it reached the clipboard). A link
 * copied earlier must no longer be shown: it described another board. */
async function copyLink(page) {
  assertEqual(await page.locator('.notice .copyable').count(), 0, 'no stale link is shown before copying');
  await page.click('#copy-link');
  await page.waitForSelector('.notice .copyable');
  const link = await page.inputValue('.notice .copyable');
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  assertEqual(clipboard, link, 'the clipboard holds the link');
  return link;
}

async function launchWithClipboard() {
  const context = await launch();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE_URL).origin });
  return context;
}

test('copy a link, open it in a fresh profile: the same board at the same step', async () => {
  const sender = await launchWithClipboard();
  const receiver = await launch();
  try {
    const { page, errors } = await openApp(sender);
    await loadScenario(page, 'kill-users');
    const seedLink = await copyLink(page);
    // One more command, then back one step: the link carries extra steps and the step shown.
    await runInConsole(page, 'db.runCommand({ killAllSessions: [] })');
    await page.waitForSelector('.notice .copyable', { state: 'detached' });
    await page.click('#undo');
    await page.waitForFunction(() => /step \d+ of \d+/.test(document.querySelector('.timeline h2').textContent));
    const link = await copyLink(page);
    const sent = await boardState(page);

    const opened = await openApp(receiver, link);
    await opened.page.waitForSelector('.notice:has-text("Opened a shared scenario")');
    assertEqual(JSON.stringify(await boardState(opened.page)), JSON.stringify(sent), 'the receiver sees the sender\'s board');
    assertEqual(new URL(opened.page.url()).hash, '', 'the link is taken out of the address bar once opened');
    // The opened scenario is now the receiver's autosave: a reload shows it again.
    await opened.page.reload();
    await opened.page.waitForFunction((t) => document.querySelector('.timeline h2')?.textContent === t, sent.timeline);

    const lengths = { seed_scenario_link: seedLink.length, seed_scenario_plus_one_step_link: link.length };
    writeFileSync(`${OUT}links.json`, JSON.stringify({ ...lengths, seed_link: seedLink }, null, 2));
    console.log(`     link lengths: seed scenario ${seedLink.length} characters, with one more step ${link.length}`);
    assert(seedLink.length < 500, `the seed scenario's link is under 500 characters (${seedLink.length})`);
    assertEqual(errors.length + opened.errors.length, 0, `page errors: ${[...errors, ...opened.errors].join(' | ')}`);
  } finally {
    await sender.close();
    await receiver.close();
  }
});

test('a whole script travels in the link when it is not a built-in scenario', async () => {
  const sender = await launchWithClipboard();
  const receiver = await launch();
  try {
    const { page } = await openApp(sender);
    await runInConsole(page, 'lab.setAuth(false)');
    await runInConsole(page, 'const s1 = db.getMongo().startSession()\ns1.startTransaction()\ns1.getDatabase("test").items.insertOne({ n: 1 })');
    await runInConsole(page, 'db.runCommand({ killAllSessions: [] })');
    const link = await copyLink(page);
    const opened = await openApp(receiver, link);
    await opened.page.waitForSelector('.notice:has-text("Opened a shared scenario: 3 step(s)")');
    assertEqual(JSON.stringify(await boardState(opened.page)), JSON.stringify(await boardState(page)), 'same board');
    console.log(`     a 3-step script: ${link.length} characters`);
  } finally {
    await sender.close();
    await receiver.close();
  }
});

test('"Copy embed code" gives an iframe snippet whose embed shows the same scenario, read-only', async () => {
  const sender = await launchWithClipboard();
  const reader = await launch();
  try {
    const { page } = await openApp(sender);
    await loadScenario(page, 'kill-users');
    await page.click('#copy-embed');
    await page.waitForSelector('.notice .copyable');
    const snippet = await page.inputValue('.notice .copyable');
    assertEqual(await page.evaluate(() => navigator.clipboard.readText()), snippet, 'the clipboard holds the snippet');
    const src = snippet.match(/^<iframe src="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    assert(src && src.startsWith(`${BASE_URL}?embed&readonly#v1.`), `an embed address: ${snippet}`);
    const embedded = await openPage(reader, src);
    const steps = await page.textContent('.timeline h2');
    const total = steps.match(/of (\d+)/)[1];
    await embedded.page.waitForSelector(`.embed-step:text-is("Step ${total} of ${total}")`);
    await embedded.page.waitForSelector('.embed .verdicts');
    assertEqual(await embedded.page.locator('textarea').count(), 0, 'read-only');
    assertEqual(embedded.errors.length, 0, `page errors: ${embedded.errors.join(' | ')}`);
  } finally {
    await sender.close();
    await reader.close();
  }
});

test('a broken link says why, and the autosaved work survives', async () => {
  const context = await launchWithClipboard();
  try {
    const { page } = await openApp(context);
    await loadScenario(page, 'kill-all');
    const link = await copyLink(page);
    await runInConsole(page, 'db.runCommand({ startSession: 1 })');
    const saved = await boardState(page);
    const fragment = new URL(link).hash;
    const cases = [
      [fragment.slice(0, -8), 'the link was probably cut short when copied'],
      [`${fragment.slice(0, 12)}*${fragment.slice(12)}`, 'characters a link never has'],
      ['#v7.AAAA', 'made by a newer Session Lab'],
      [`#v1.${'A'.repeat(70000)}`, 'over the limit'],
    ];
    for (const [broken, why] of cases) {
      await page.goto('about:blank');
      await page.goto(`${BASE_URL}${broken}`);
      await page.waitForSelector('.notice[role=alert]');
      const message = await page.textContent('.notice[role=alert]');
      assert(message.includes('This link could not be opened') && message.includes(why) && message.includes('Your saved work is unchanged'), `message for ${broken.slice(0, 20)}: ${message}`);
      await page.waitForFunction((t) => document.querySelector('.timeline h2')?.textContent === t, saved.timeline);
      assertEqual(JSON.stringify(await boardState(page)), JSON.stringify(saved), `the autosave is shown after ${broken.slice(0, 20)}`);
    }
    await page.screenshot({ path: `${OUT}broken-link.png` });
    // Pasting a link into the address bar of an open playground opens it too (hashchange).
    await page.evaluate((f) => { location.hash = f; }, fragment);
    await page.waitForSelector('.notice:has-text("Opened a shared scenario")');
  } finally {
    await context.close();
  }
});

test('opening a link keeps the previous work aside and can bring it back', async () => {
  const sender = await launchWithClipboard();
  try {
    const { page } = await openApp(sender);
    await loadScenario(page, 'kill-all');
    const link = await copyLink(page);
    await page.click('.notice .dismiss');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await runInConsole(page, 'db.runCommand({ startSession: 1 })');
    const mine = await boardState(page);
    await page.goto(link);
    await page.waitForSelector('.notice:has-text("Your previous work was kept aside")');
    await page.click('text=Bring back my previous work');
    await page.waitForSelector('.notice:has-text("Your previous work is back")');
    assertEqual(JSON.stringify(await boardState(page)), JSON.stringify(mine), 'the previous work is back');
  } finally {
    await sender.close();
  }
});

test('a scenario in the address starts the full playground once, keeping the previous work aside', async () => {
  const context = await launch();
  try {
    const { page } = await openApp(context);
    await runInConsole(page, 'db.runCommand({ startSession: 1 })');
    const mine = await boardState(page);
    await page.goto(`${BASE_URL}?scenario=no-such`);
    await page.waitForSelector('.notice[role=alert]:has-text("There is no scenario called")');
    await page.waitForFunction((t) => document.querySelector('.timeline h2')?.textContent === t, mine.timeline);
    assertEqual(JSON.stringify(await boardState(page)), JSON.stringify(mine), 'an unknown scenario leaves the autosave as it was');
    await page.goto(`${BASE_URL}?scenario=kill-own`);
    await page.waitForSelector('.notice:has-text("Your previous work was kept aside")');
    assertEqual(new URL(page.url()).search, '', 'the scenario is taken out of the address');
    const scenario = await boardState(page);
    await page.reload();
    await page.waitForFunction((t) => document.querySelector('.timeline h2')?.textContent === t, scenario.timeline);
    assertEqual(await page.locator('.notice').count(), 0, 'a reload shows the autosave, not the scenario again');
    await page.goto(`${BASE_URL}?scenario=kill-all`);
    await page.click('text=Bring back my previous work');
    await page.waitForFunction((t) => document.querySelector('.timeline h2')?.textContent === t, scenario.timeline);
  } finally {
    await context.close();
  }
});

test('embed options: read-only, initial step, theme, height; "Open in Session Lab" opens the same scenario', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openPage(context, `${BASE_URL}?embed&readonly&step=3&theme=dark&height=480&scenario=kill-all`);
    await page.waitForSelector('.embed-step');
    const total = Number((await page.textContent('.embed-step')).match(/of (\d+)/)[1]);
    assertEqual(await page.textContent('.embed-step'), `Step 3 of ${total}`, 'the initial step');
    assertEqual(await page.locator('textarea').count(), 0, 'read-only: no console input');
    assertEqual(await page.locator('.board button:visible:not(.expand)').count(), 0, 'read-only: no board actions');
    assertEqual(await page.getAttribute('.app', 'data-theme'), 'dark', 'the theme option');
    assertEqual(await page.evaluate(() => document.querySelector('.app').getBoundingClientRect().height), 480, 'the height option');
    await page.screenshot({ path: `${OUT}embed-dark-step3.png` });
    await page.click('button[aria-label="Last step"]');
    await page.waitForSelector(`.embed-step:text-is("Step ${total} of ${total}")`);
    await page.waitForSelector('.embed .verdicts');
    await page.screenshot({ path: `${OUT}embed-dark-verdicts.png` });
    const violations = await axeViolations(page);
    assertEqual(violations.length, 0, `axe-core on the read-only dark embed: ${violations.join(' | ')}`);
    await page.click('text=◀ Back');
    await page.waitForSelector(`.embed-step:text-is("Step ${total - 1} of ${total}")`);
    // Alt+→ and Alt+← step from the keyboard.
    await page.keyboard.press('Alt+ArrowRight');
    await page.waitForSelector(`.embed-step:text-is("Step ${total} of ${total}")`);
    await page.keyboard.press('Alt+ArrowLeft');
    await page.waitForSelector(`.embed-step:text-is("Step ${total - 1} of ${total}")`);
    await page.waitForFunction(() => document.querySelector('a.open-full')?.href.includes('#v1.'));
    assertEqual(await page.evaluate(() => localStorage.getItem('sessionlab:autosave:v2')), null, 'the embed never wrote the autosave');
    const [full] = await Promise.all([context.waitForEvent('page'), page.click('a.open-full')]);
    await full.waitForSelector('.notice:has-text("Opened a shared scenario")');
    assertEqual(await full.textContent('.timeline h2'), `Timeline: step ${total - 1} of ${total}`, 'the full playground opens at the embed\'s step');
    await page.goto(`${BASE_URL}?embed&autorun=0&colour=red&scenario=kill-own`);
    await page.waitForSelector('.notice[role=alert]');
    assert((await page.textContent('.notice[role=alert]')).includes('unknown option "colour" ignored'), 'an unknown option is reported');
    // (kill-own lists its sessions with $listLocalSessions: the replay waits for the commands'
    // part before it shows its start.)
    await page.waitForFunction(() => document.querySelector('.embed-step')?.textContent.startsWith('Step 0 of'), null, { timeout: 10000 }).catch(() => {});
    assert((await page.textContent('.embed-step')).startsWith('Step 0 of'), `autorun=0 starts before the first step: ${await page.textContent('.embed-step')}`);
    assertEqual(await page.locator('textarea').count(), 1, 'not read-only: the console takes input');
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: `${OUT}embed-375-light.png`, fullPage: true });
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('embeds at 360 px: a step past the last is said, the verdict table is reachable by keyboard, disabled buttons look disabled, cards are named', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openPage(context, `${BASE_URL}?embed&readonly&step=99&theme=dark&scenario=kill-users`);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForSelector('.embed .verdicts');
    const total = Number((await page.textContent('.embed-step')).match(/of (\d+)/)[1]);
    assertEqual(await page.textContent('.embed-step'), `Step ${total} of ${total}`, 'shown at the last step');
    assertEqual(await page.textContent('.notice .notice-text'), `This address asks for step 99, but the scenario has ${total} step(s): showing the last one.`, 'the clamp is said');
    // The command comes first, then the notice, then its verdicts.
    const order = await page.evaluate(() => ['.embed-current', '.notice', '.embed .verdicts'].map((s) => document.querySelector(s).getBoundingClientRect().top));
    assert(order[0] < order[1] && order[1] < order[2], `command, notice, verdicts from the top: ${order}`);
    // The table's scroller takes focus, so a keyboard can scroll it.
    assertEqual(await page.getAttribute('.table-scroll', 'tabindex'), '0', 'the scroller is focusable');
    assert(await page.evaluate(() => { const t = document.querySelector('.table-scroll'); return t.scrollWidth > t.clientWidth; }), 'the table is wider than a phone');
    // "Next ▶" at the last step looks disabled on the dark theme: not the accent colour.
    const next = page.locator('.embed-bar button.run');
    assert(await next.isDisabled(), 'Next is disabled at the last step');
    const [background, panel] = await page.evaluate(() => [getComputedStyle(document.querySelector('.embed-bar button.run')).backgroundColor, getComputedStyle(document.querySelector('.app')).getPropertyValue('--sl-panel').trim()]);
    assertEqual(background, 'rgb(26, 31, 36)', `a disabled Next is the panel colour (${panel}), not the accent`);
    // Session cards carry a name: the session (its variable or implicit session), its state, its
    // verdict and what decided it; state icons are not ✔/✖.
    const names = await page.locator('li.card').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
    assert(names.length > 0 && names.every((n) => /^session .+…, .+, (killed|survived): (killAllSessions|no entry).+$/.test(n)), names.join(' | '));
    assert(names.some((n) => n.startsWith('session appSession, ')) && names.some((n) => n.startsWith('session implicit session of conn1, ')), names.join(' | '));
    const icons = await page.locator('.state-icon').allTextContents();
    assert(icons.every((i) => i !== '✔' && i !== '✖'), icons.join(' '));
    const violations = await axeViolations(page);
    assertEqual(violations.length, 0, `axe-core on the 360 px dark embed: ${violations.join(' | ')}`);
    await page.screenshot({ path: `${OUT}embed-360-dark.png`, fullPage: true });
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('the example page: an iframe embed and a JavaScript API embed run independently', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openPage(context, `${BASE_URL}embed-example.html`);
    const frame = page.frameLocator('#iframe-embed');
    const api = page.locator('#api-embed');
    await frame.locator('.embed .verdicts').waitFor();
    await api.locator('.embed .verdicts').waitFor();
    const frameStep = await frame.locator('.embed-step').textContent();
    const apiStep = await api.locator('.embed-step').textContent();
    assertEqual(apiStep, 'Step 12 of 15', 'the API embed starts at its step option (the kill)');
    assert((await frame.locator('.verdicts').textContent()).includes('auditor@db3'), 'the iframe shows the users example');
    assert((await api.locator('.verdicts').textContent()).includes('prepared'), 'the API embed shows the prepared-transaction scenario');
    assertEqual(await frame.locator('textarea').count(), 0, 'the iframe embed is read-only');
    // Step one of them back: the other does not move.
    await api.locator('text=◀ Back').click();
    await page.waitForFunction((before) => document.querySelector('#api-embed .embed-step').textContent !== before, apiStep);
    assertEqual(await frame.locator('.embed-step').textContent(), frameStep, 'the iframe embed did not move');
    // Typing in the API embed's console changes only that one.
    await api.locator('textarea').fill('db.runCommand({ startSession: 1 })');
    await api.locator('textarea').press('Control+Enter');
    // Typed at step 11 of 15: the input forks the embed's timeline there.
    await page.waitForFunction(() => document.querySelector('#api-embed .embed-step').textContent === 'Step 12 of 12');
    assertEqual(await frame.locator('.embed-step').textContent(), frameStep, 'still unmoved');
    assert((await page.textContent('#api-status')).startsWith('runScript: 1 record, result {"ok":1'), `runScript ran: ${await page.textContent('#api-status')}`);
    // Session Lab's stylesheet styles its playgrounds only: the page keeps its own look.
    const look = await page.evaluate(() => ({ font: getComputedStyle(document.body).fontFamily, h1: getComputedStyle(document.querySelector('.doc h1')).fontSize, button: getComputedStyle(document.querySelector('#api-embed button')).fontFamily }));
    assert(look.font.startsWith('Georgia') && look.h1 === '25.6px', `the page's own styles win on the page: ${JSON.stringify(look)}`);
    assert(!look.button.startsWith('Georgia'), `the playground keeps its own font: ${JSON.stringify(look)}`);
    await page.screenshot({ path: `${OUT}embed-example.png`, fullPage: true });
    const violations = await axeViolations(page);
    assertEqual(violations.length, 0, `axe-core on the example page: ${violations.join(' | ')}`);
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('runScript brings the code that writes its records on its first call, not with the page: offline, its promise is rejected with an Error saying so and the playground goes on; the next call brings it', async () => {
  const context = await launch();
  const parts = partRequests(context);
  // The page's own module (the loader initialised it), as a documentation page imports it.
  const runScript = (page) => page.evaluate(async () => {
    const { runScript } = await import('./sessionlab.js');
    try {
      const records = await runScript('db.runCommand({ killAllSessions: [] })');
      return { records };
    } catch (error) {
      return { error: `${error instanceof Error}: ${error.message}` };
    }
  });
  try {
    await context.route('**/split_records.wasm', offline);
    const { page, errors } = await openApp(context);
    await loadScenario(page, 'kill-users');
    assertEqual(parts.filter((name) => name === 'split_records.wasm').length, 0, 'not with the first load');
    const before = JSON.stringify(await boardState(page));
    const failed = await runScript(page);
    assertEqual(failed.error, "true: Session Lab could not load the code that writes runScript's records (split_records.wasm); the browser's console says why. Check the connection and try again.", 'the promise is rejected with an Error saying so');
    assertEqual(JSON.stringify(await boardState(page)), before, 'the playground is untouched');
    const failedTries = parts.filter((name) => name === 'split_records.wasm').length;
    assert(failedTries >= 1, 'it was tried');
    await context.unroute('**/split_records.wasm', offline);
    const { records } = await runScript(page);
    assertEqual(records.length, 1, 'the next call answers');
    assertEqual(records[0].source, 'db.runCommand({ killAllSessions: [] })', 'with the runner record');
    assertEqual(records[0].result.ok, 1, 'and its result');
    assert(Array.isArray(records[0].verdicts), 'and its verdicts');
    await runScript(page);
    assertEqual(parts.filter((name) => name === 'split_records.wasm').length, failedTries + 1, 'fetched once more, then kept');
    assertEqual(parts.filter((name) => name.startsWith('split_') && name !== 'split_records.wasm').length, 0, 'no other part');
    // The console still runs commands.
    await runInConsole(page, 'db.runCommand({ ping: 1 })');
    // The console's only errors are the failed fetch's, which the loader logs.
    const unexpected = errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e));
    assertEqual(unexpected.length, 0, `page errors: ${unexpected.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('aggregate, distinct, findAndModify, currentOp, killOp, the catalog and the role commands come with the commands part, on first use: an input waits for it and runs as typed; offline it is not run, says so and stays in the history; a wait can be cancelled; the next try brings it', async () => {
  const context = await launch();
  const parts = partRequests(context);
  const list = 'db.aggregate([{ $listLocalSessions: {} }]).toArray().length';
  try {
    await context.route('**/split_commands.wasm', offline);
    const { page, errors } = await openApp(context);
    await runInConsole(page, 'db.getMongo().startSession().getDatabase("t").runCommand({ ping: 1 })');
    assertEqual(parts.filter((name) => name === 'split_commands.wasm').length, 0, 'not with the first load');
    await page.fill('#console-input', list);
    await page.press('#console-input', 'Control+Enter');
    await page.waitForSelector('.notice[role=alert]');
    assertEqual(await page.textContent('.notice[role=alert] .notice-text'), "Session Lab could not load the code of aggregate, distinct, findAndModify, currentOp, killOp, the catalog and the role commands, and of the shell's rarer methods (split_commands.wasm); the browser's console says why. Check the connection and try again. The command was not run; it is in the console's history (↑).", 'the page says so');
    assertEqual(await page.textContent('.timeline h2'), 'Timeline: step 1 of 1', 'nothing ran');
    await page.screenshot({ path: `${OUT}commands-part-offline.png` });
    await page.press('#console-input', 'ArrowUp');
    assertEqual(await page.inputValue('#console-input'), list, 'the input comes back from the history');
    await context.unroute('**/split_commands.wasm', offline);
    const tries = parts.filter((name) => name === 'split_commands.wasm').length;
    // A slow link: the part is held back while the console says it waits, and Cancel stops the
    // wait; the part that arrives afterwards runs nothing.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await context.route('**/split_commands.wasm', async (route) => { await held; await route.continue(); });
    await page.press('#console-input', 'Control+Enter');
    await page.waitForSelector('.console-status .busy:text("loading the code of this command")');
    await page.screenshot({ path: `${OUT}commands-part-waiting.png` });
    await page.click('.console-status button:text-is("Cancel")');
    await page.waitForFunction(() => document.querySelector('#announcer')?.textContent === "Cancelled. The command was not run; it is in the console's history (↑).");
    const arrived = page.waitForResponse((response) => response.url().endsWith('/split_commands.wasm'));
    release();
    await arrived;
    await page.waitForTimeout(200);
    assertEqual(await page.textContent('.timeline h2'), 'Timeline: step 1 of 1', 'the cancelled input never ran');
    await page.press('#console-input', 'ArrowUp');
    await page.press('#console-input', 'Control+Enter');
    await page.waitForFunction(() => document.querySelector('.timeline h2')?.textContent === 'Timeline: step 2 of 2');
    // As `sessionlab run` prints it: the explicit session and the aggregate's own implicit one.
    assertEqual(await page.locator('.transcript .record .output').last().textContent(), '2', 'it ran as typed: both sessions are listed');
    await runInConsole(page, 'db.c.insertMany([{ n: 1 }, { n: 2 }, { n: 1 }]); db.c.distinct("n")');
    assertEqual(await page.locator('.transcript .record .output').last().textContent(), '[ 1, 2 ]', 'the part, once here, stays');
    assertEqual(parts.filter((name) => name === 'split_commands.wasm').length, tries + 1, 'fetched once more, then kept');
    const unexpected = errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e));
    assertEqual(unexpected.length, 0, `page errors: ${unexpected.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('the shell\'s rarer methods and the expressions of a computed projection come with the commands part on first use, and print as typed', async () => {
  const context = await launch();
  const parts = partRequests(context);
  try {
    const { page, errors } = await openApp(context);
    await runInConsole(page, 'db.c.insertOne({ a: 1 })');
    await runInConsole(page, 'db.c.find({}, { _id: 0 }, { sort: { a: 1 } }).toArray()');
    assertEqual(parts.filter((name) => name === 'split_commands.wasm').length, 0, 'not with the first load, nor for an insert or a find with a projection and a sort');
    await runInConsole(page, 'db.c.estimatedDocumentCount()');
    assertEqual(await page.locator('.transcript .record .output').last().textContent(), '1', 'the method ran as typed, once its code was here');
    await runInConsole(page, 'db.isMaster().ismaster');
    assertEqual(await page.locator('.transcript .record .output').last().textContent(), 'true', 'another ran at once');
    await runInConsole(page, 'db.c.find({}, { _id: 0, twice: { $add: ["$a", "$a"] } }).toArray()');
    assertEqual(await page.locator('.transcript .record .output').last().textContent(), '[ { twice: 2 } ]', 'a computed projection evaluates its expression');
    assertEqual(await page.textContent('.timeline h2'), 'Timeline: step 5 of 5', 'one step each, none lost to the wait');
    assertEqual(parts.filter((name) => name === 'split_commands.wasm').length, 1, 'fetched once, then kept');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('exporting and opening files come with the files part, on first use: a failed fetch says so, downloads nothing and changes nothing; the next try brings it', async () => {
  const context = await launch();
  const parts = partRequests(context);
  try {
    await context.route('**/split_files.wasm', offline);
    const { page } = await openApp(context);
    await loadScenario(page, 'kill-users');
    assertEqual(parts.filter((name) => name === 'split_files.wasm').length, 0, 'not with the first load');
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.selectOption('#export', 'markdown');
    await page.waitForSelector('.notice[role=alert]:has-text("Session Lab could not load the code that exports and opens files (split_files.wasm)")');
    const before = JSON.stringify(await boardState(page));
    writeFileSync(`${OUT}files-part-scenario.json`, '{"format": "sessionlab-scenario", "version": 1, "steps": [], "step": 0, "seed": 1}');
    await page.setInputFiles('#import', `${OUT}files-part-scenario.json`);
    await page.waitForSelector('.notice[role=alert]:has-text("files-part-scenario.json was not opened: Session Lab could not load")');
    assert((await page.textContent('.notice[role=alert]')).includes('Nothing was changed.'), 'it says nothing changed');
    assertEqual(JSON.stringify(await boardState(page)), before, 'and nothing changed');
    assertEqual(downloads, 0, 'nothing was downloaded');
    const failedTries = parts.filter((name) => name === 'split_files.wasm').length;
    await context.unroute('**/split_files.wasm', offline);
    const [download] = await Promise.all([page.waitForEvent('download'), page.selectOption('#export', 'markdown')]);
    assertEqual(download.suggestedFilename(), 'session-lab-transcript.md', 'the next try exports');
    await Promise.all([page.waitForEvent('download'), page.selectOption('#export', 'json')]);
    assertEqual(parts.filter((name) => name === 'split_files.wasm').length, failedTries + 1, 'fetched once more, then kept');
    assertEqual(parts.filter((name) => name.startsWith('split_') && name !== 'split_files.wasm').length, 0, 'no other part');
  } finally {
    await context.close();
  }
});

test('export the scenario and open the file in a fresh profile; export the transcript', async () => {
  const first = await launch();
  const second = await launch();
  try {
    const { page } = await openApp(first);
    await loadScenario(page, 'prepared-survives');
    const save = async (value) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.selectOption('#export', value)]);
      const path = `${OUT}${download.suggestedFilename()}`;
      await download.saveAs(path);
      return path;
    };
    const scenarioPath = await save('scenario');
    const scenario = JSON.parse(readFileSync(scenarioPath, 'utf8'));
    assertEqual(scenario.format, 'sessionlab-scenario', 'scenario file format');
    assert(scenario.step < scenario.steps.length && JSON.stringify(scenario.steps[scenario.step - 1]).includes('killAllSessions'), `the scenario opens at its kill, with the steps after it to redo: step ${scenario.step} of ${scenario.steps.length}`);
    const markdown = readFileSync(await save('markdown'), 'utf8');
    assert(markdown.startsWith('# Session Lab transcript') && markdown.includes('```js\ndb.runCommand({ killAllSessions: [] })\n```') && markdown.includes('| session | owner | fate | decided by | why |'), 'the Markdown transcript has inputs, outputs and verdicts');
    const records = JSON.parse(readFileSync(await save('json'), 'utf8'));
    const kill = records.find((r) => r.source === 'db.runCommand({ killAllSessions: [] })');
    assert(kill && kill.result.ok === 1 && kill.verdicts.some((v) => v.reason === 'prepared_transaction_kept'), 'the JSON transcript holds the runner\'s records');

    const opened = await openApp(second);
    await opened.page.setInputFiles('#import', scenarioPath);
    await opened.page.waitForSelector('.notice:has-text("Opened session-lab-scenario.json")');
    assertEqual(JSON.stringify(await boardState(opened.page)), JSON.stringify(await boardState(page)), 'the file opens to the same board');
    writeFileSync(`${OUT}not-a-scenario.json`, '{"format": "something-else", "version": 1, "steps": [], "step": 0, "seed": 1}');
    await opened.page.setInputFiles('#import', `${OUT}not-a-scenario.json`);
    await opened.page.waitForSelector('.notice[role=alert]');
    assert((await opened.page.textContent('.notice[role=alert]')).includes('this is not a Session Lab scenario file'), 'a wrong file is refused with a reason');
    assertEqual(JSON.stringify(await boardState(opened.page)), JSON.stringify(await boardState(page)), 'and nothing changed');
  } finally {
    await first.close();
    await second.close();
  }
});
