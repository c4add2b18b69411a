// Lessons end to end: one completed by typing after a wrong attempt (the unmet goal says why in
// the engine's words, the state hint fires), one completed by clicking the board after a scored
// prediction, "Show solution" that forks and never counts as solved, progress that survives a
// reload and travels as a link and a file, a lesson in embed mode; axe-core on the checklist,
// the prediction form and the reveal table, light and dark; the lesson files fetched on first
// use, never with the first load, and what the page does when they cannot be fetched.
import { readdirSync } from 'node:fs';
import { test, launch, openApp, openPage, axeViolations, assert, assertEqual, runInConsole, stepCount, partRequests, offline, BASE_URL, OUT } from './harness.mjs';

const SEED_EXAMPLE = `db.runCommand( { killAllSessions: [
   { user: "appReader", db: "db1" },
   { user: "reportWriter", db: "db2" }
] } )`;

/** Answers a prediction: each fieldset's choice by its label, in order; then runs it. */
async function predict(page, answers) {
  for (const [index, label] of answers.entries()) {
    await page.click(`fieldset:nth-of-type(${index + 1}) label:text-is(${JSON.stringify(label)}) input`);
  }
  await page.click('text=Run it and compare');
}

/** The checklist's lines: `text|met` or `text|unmet|why`. */
async function checklist(page) {
  return page.$$eval('.checklist li', (items) => items.map((li) => [li.querySelector('code').textContent, li.dataset.met === 'true' ? 'met' : 'unmet', li.querySelector('.why')?.textContent].filter(Boolean).join('|')));
}

/** The catalogue entry of a lesson (opens the Lessons menu if needed). */
async function catalogueEntry(page, title) {
  if (await page.locator('section.catalogue').count() === 0) await page.click('header button:text-is("Lessons")');
  return page.locator(`.lesson-item:has(h3:text-is("${title}"))`).textContent();
}

test('a lesson by typing: a wrong attempt shows the unmet goal with the engine\'s reason and fires its hint; solved; progress survives a reload', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context, `${BASE_URL}?lesson=kill-by-user`);
    await page.waitForSelector('.checklist');
    assertEqual(new URL(page.url()).search, '', 'the lesson leaves the address bar');
    assertEqual(await page.textContent('.checklist .count'), '3 of 5 met', 'the task starts unsolved');
    await runInConsole(page, 'db.runCommand({ killAllSessions: [{ user: "appReader", db: "admin" }, { user: "reportWriter", db: "admin" }] })');
    const lines = await checklist(page);
    const step = await stepCount(page);
    assertEqual(lines[0], `killed owner=appReader@db1|unmet|appSession survived, the goal says it is killed: no entry names appReader@db1, owned by appReader@db1, and the command targeted only appReader@admin, reportWriter@admin (command ${step}, \`db.runCommand({ killAllSessions: [{ user: "appReader", db: "admin" }, { user: "…\`)`, 'the unmet line says why, in the engine\'s words, and names the command');
    assert((await page.textContent('.hint.fired')).includes('Your kill matched no session'), 'the state hint for a kill that matched nothing fires');
    await page.click('button:text-is("Show hint 1 of 2")');
    await page.waitForSelector('.hints li:has-text("One command can name both users")');
    await page.screenshot({ path: `${OUT}lesson-wrong-attempt.png`, fullPage: true });
    await page.click('button:text-is("◀ Undo")');
    await page.waitForFunction((n) => document.querySelector('.timeline h2').textContent === `Timeline: step ${n - 1} of ${n}`, step);
    // Run after an undo: the new step takes the undone one's place.
    await page.fill('#console-input', SEED_EXAMPLE);
    await page.press('#console-input', 'Control+Enter');
    await page.waitForSelector('.lesson .recap h3:text-is("✔ Solved")');
    assertEqual(await page.textContent('.checklist-summary'), 'All 5 goals met. 1 command(s) run in this task.', 'every goal met, announced in the live region');
    assert((await page.textContent('.lesson .recap')).includes('authentication database'), 'the recap is shown');
    assertEqual(await page.locator('.hints li').count(), 2, 'every hint stays readable after success');
    assertEqual((await axeViolations(page)).join(' | '), '', 'axe-core on the solved lesson, light');
    await page.click('header button:text-is("Theme")');
    await page.waitForFunction(() => document.querySelector('.app').dataset.theme === 'dark');
    assertEqual((await axeViolations(page)).join(' | '), '', 'axe-core on the solved lesson, dark');
    await page.screenshot({ path: `${OUT}lesson-solved-dark.png`, fullPage: true });
    assert((await catalogueEntry(page, "Kill two users' sessions, and no one else's")).includes('✔ solved · 1 hint(s)'), 'the catalogue marks it solved, with the hint used');
    await page.reload();
    await page.waitForSelector('.lesson .recap h3:text-is("✔ Solved")');
    assertEqual(await page.textContent('.checklist .count'), '5 of 5 met', 'a reload resumes the lesson in progress, checklist and all');
    assert((await catalogueEntry(page, "Kill two users' sessions, and no one else's")).includes('✔ solved'), 'the mark survives a reload');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('a lesson completed by clicking alone: the prediction\'s choices, then the board\'s clock', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context, `${BASE_URL}?lesson=listing-sessions`);
    await page.waitForSelector('form.prediction');
    await page.click('header button:text-is("Theme")');
    await page.waitForFunction(() => document.querySelector('.app').dataset.theme === 'dark');
    assertEqual((await axeViolations(page)).join(' | '), '', 'axe-core on the prediction form, dark');
    await predict(page, ['no']);
    await page.waitForSelector('table.reveal');
    const row = await page.$eval('table.reveal tbody tr', (tr) => [tr.dataset.mark, ...[...tr.cells].map((c) => c.textContent)].join('|'));
    assertEqual(row, 'wrong|Is fresh still listed by $listLocalSessions afterwards?|no ✖ missed|yes|fresh is in the cache ($listLocalSessions) and not in config.system.sessions ($listSessions)', 'the miss, explained');
    assertEqual(await page.textContent('.checklist .count'), '1 of 2 met', 'unsolved');
    const before = await stepCount(page);
    await page.click('button:text-is("+5m")');
    await page.waitForFunction((n) => Number(document.querySelector('.timeline h2').textContent.match(/of (\d+)/)[1]) > n, before);
    await page.waitForSelector('.lesson .recap h3:text-is("✔ Solved")');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('a prediction of several statements shows them all in its reveal, and it and its form fit a phone; a transaction\'s deadline raised before it starts, shown on its card, solved by typing', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context, `${BASE_URL}?lesson=transaction-lifetime`);
    await page.waitForSelector('form.prediction');
    // On a phone a long code name among the choices wraps: the page does not scroll sideways.
    await page.setViewportSize({ width: 375, height: 800 });
    assertEqual(await page.evaluate(() => document.documentElement.scrollWidth), 375, 'the form fits a phone');
    await predict(page, ['ok']);
    await page.waitForSelector('table.reveal');
    assertEqual(await page.textContent('table.reveal .reveal-command'), 'db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: 300 })\nlab.advance("20s")\ns.commitTransaction()', 'every statement the prediction ran');
    const row = await page.$eval('table.reveal tbody tr', (tr) => [tr.dataset.mark, ...[...tr.cells].map((c) => c.textContent)].slice(0, 4).join('|'));
    assertEqual(row, 'wrong|What does the command reply?|ok ✖ missed|NoSuchTransaction', 'the open transaction kept its 60 s');
    // Each row of the reveal is a card there.
    assertEqual(await page.evaluate(() => document.documentElement.scrollWidth), 375, 'the reveal fits a phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await runInConsole(page, 'db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: 900 })\ns.startTransaction()\ns.getDatabase("test").items.insertOne({ n: 2 })');
    // The card shows the new transaction's deadline: its start (00:01:10) plus 900 s.
    const state = await page.locator('li.card:has(code.var:text-is("s")) .state-text').innerText();
    assert(state.includes('txn 2: InProgress, deadline 00:16:10'), `the deadline on the card: ${state}`);
    await runInConsole(page, 'lab.advance("10m")\ns.commitTransaction()');
    await page.waitForSelector('.lesson .recap h3:text-is("✔ Solved")');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('a lesson after a prediction that is scored and whose misses are explained, finished on the board; axe on the form and the reveal', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    await page.click('header button:text-is("Lessons")');
    await page.click('button[aria-label="Start lesson: What killAllSessions: [] does, and does not do"]');
    await page.waitForSelector('form.prediction');
    assert(await page.isDisabled('#console-input'), 'the console waits for the prediction');
    assert(await page.isDisabled('form.prediction button[type=submit]'), 'no run before every question is answered');
    assertEqual(await page.locator('.verdicts, .kill-summary, table.reveal').count(), 0, 'nothing on the page shows the outcome before the answer');
    assertEqual((await axeViolations(page)).join(' | '), '', 'axe-core on the prediction form, light');
    // appSession: killed (right); reportSession: survived (wrong); auditSession: not sure;
    // reportSession's effects: its cursors are closed (wrong); still listed: yes (right).
    await predict(page, ['killed', 'survived', 'not sure', 'its cursors are closed', 'yes']);
    await page.waitForSelector('table.reveal');
    assertEqual(await page.textContent('table.reveal caption'), 'Prediction 1: 2 of 5 right on the first trydb.runCommand({ killAllSessions: [] })', 'the first-try score');
    const rows = await page.$$eval('table.reveal tbody tr', (trs) => trs.map((tr) => [tr.dataset.mark, ...[...tr.cells].map((c) => c.textContent)].join('|')));
    assertEqual(rows[1].split('|').slice(0, 4).join('|'), 'wrong|Is reportSession killed or does it survive?|survived ✖ missed|killed', 'a miss: you said / the engine');
    assert(rows[1].split('|')[4].startsWith('killAllSessions: [] (every session): Killed because'), `the miss is explained: ${rows[1]}`);
    assertEqual(rows[2].split('|').slice(0, 3).join('|'), 'not-sure|Is auditSession killed or does it survive?|not sure ? not sure', '"not sure" is neither right nor wrong');
    assertEqual(rows[3].split('|').slice(2, 4).join('|'), 'its cursors are closed ✖ missed|its transaction is aborted', 'the effects, in words');
    assert(!(await page.isDisabled('#console-input')), 'the console is free once answered');
    assertEqual((await axeViolations(page)).join(' | '), '', 'axe-core on the reveal table and the checklist, light');
    // Committing the aborted transaction fails and fires the state hint; the board's "Start
    // transaction" then starts transaction 2 and writes in it.
    await runInConsole(page, 'reportSession.commitTransaction()');
    assert((await page.textContent('.hint.fired')).includes('stays aborted'), 'the state hint fires');
    const card = page.locator('li.card:has(code.var:text-is("reportSession"))');
    await card.locator('summary:text-is("Actions")').click();
    const before = await stepCount(page);
    await card.locator('button:text-is("Start transaction")').click();
    await page.waitForFunction((n) => Number(document.querySelector('.timeline h2').textContent.match(/of (\d+)/)[1]) > n, before);
    await page.waitForSelector('.lesson .recap h3:text-is("✔ Solved")');
    await page.click('header button:text-is("Theme")');
    await page.waitForFunction(() => document.querySelector('.app').dataset.theme === 'dark');
    assertEqual((await axeViolations(page)).join(' | '), '', 'axe-core on the reveal table and the checklist, dark');
    assert((await catalogueEntry(page, 'What killAllSessions: [] does, and does not do')).includes('✔ solved · predictions 2/5'), 'the catalogue keeps the first-try score');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('"Show solution" plays the solution after the learner\'s steps and never counts as solved; progress travels as a link (which fetches the lesson part, and says so when it cannot) and as a file', async () => {
  const context = await launch();
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE_URL).origin });
    const { page, errors } = await openApp(context, `${BASE_URL}?lesson=kill-one-session`);
    await predict(page, ['ok', 'survived', 'survived']);
    await page.waitForSelector('.checklist');
    await runInConsole(page, 'db.runCommand({ killSessions: [batchSession.getSessionId()] })');
    const mine = await stepCount(page);
    await page.click('button:text-is("Show solution (counts as seen, not solved)")');
    await page.waitForSelector('.lesson .recap h3:text-is("✔ Goals met (solution seen: not counted as solved)")');
    assertEqual(await stepCount(page), mine + 1, 'the solution ran after the learner\'s own step');
    await page.click('button:text-is("◀ Undo")');
    await page.waitForSelector('.checklist li[data-met=false]');
    assert((await checklist(page))[0].includes('batchSession survived'), 'a step back shows the learner\'s own attempt, unmet');
    const entry = await catalogueEntry(page, 'Kill exactly one session');
    assert(entry.includes('solution seen') && !entry.includes('✔ solved'), `seen, not solved: ${entry}`);
    // The progress link, opened in another browser, brings the marks there.
    await page.click('button:text-is("Copy progress link")');
    await page.waitForSelector('.notice .copyable');
    const link = await page.inputValue('.notice .copyable');
    assert(link.includes('#p1.'), `a progress link: ${link}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:text-is("Save progress file")')]);
    const file = `${OUT}progress-download.txt`;
    await download.saveAs(file);
    const other = await launch();
    try {
      // The lesson part keeps progress: a progress link fetches it (and nothing else), and says
      // so when it cannot, changing nothing.
      const parts = partRequests(other);
      const lessonFiles = [];
      other.on('request', (request) => {
        if (new URL(request.url()).pathname.endsWith('/lessons.json')) lessonFiles.push(request.url());
      });
      await other.route('**/split_lessons.wasm', offline);
      const { page: failed } = await openApp(other, link);
      const why = await failed.textContent('.notice[role=alert]');
      assert(why.startsWith('This progress link could not be imported: The lessons\' part of Session Lab (split_lessons.wasm) could not be loaded') && why.includes('Your progress is unchanged.'), `the failed import says why: ${why}`);
      assertEqual(await failed.evaluate(() => localStorage.getItem('sessionlab:progress:v1')), null, 'a failed import stores nothing');
      assertEqual(failed.url(), link, 'the link stays in the address bar, so a reload tries again');
      await other.unroute('**/split_lessons.wasm', offline);
      await failed.reload();
      const there = failed;
      await there.waitForSelector('.notice:has-text("Imported progress for 1 lesson(s)")');
      assertEqual(parts.filter((name) => name.startsWith('split_')).join(' '), 'split_lessons.wasm split_lessons.wasm', 'the link fetched the lesson part, again after the failure, and no other part');
      assert(!lessonFiles.length, 'importing progress fetches no lesson file');
      assertEqual(new URL(there.url()).hash, '', 'the progress link leaves the address bar');
      // The list reads the stored progress in an effect after it first draws (storage is never
      // read while rendering): the marks come a task after the entries.
      await catalogueEntry(there, 'Kill exactly one session');
      await there.waitForFunction(() => document.querySelector('.lesson-item')?.closest('section')?.textContent.includes('solution seen'), null, { timeout: 5000 }).catch(() => {});
      assert((await catalogueEntry(there, 'Kill exactly one session')).includes('solution seen'), 'the link carried the progress');
    } finally {
      await other.close();
    }
    const third = await launch();
    try {
      const { page: there } = await openApp(third);
      await there.click('header button:text-is("Lessons")');
      await there.setInputFiles('.import-progress input[type=file]', file);
      await there.waitForFunction(() => document.querySelector('.import-progress input[type=text]').value.includes('#p1.'));
      await there.click('button:text-is("Import progress")');
      await there.waitForSelector('.notice:has-text("Imported progress for 1 lesson(s)")');
      assert((await there.locator('.lesson-item:has(h3:text-is("Kill exactly one session"))').textContent()).includes('solution seen'), 'the file carried the progress');
      await there.fill('.import-progress input[type=text]', 'https://example.org/#p1.garbage!');
      await there.click('button:text-is("Import progress")');
      await there.waitForSelector('.notice[role=alert]:has-text("could not be imported")');
      assert((await there.locator('.lesson-item:has(h3:text-is("Kill exactly one session"))').textContent()).includes('solution seen'), 'a bad import loses nothing');
    } finally {
      await third.close();
    }
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('a lesson in embed mode runs, checks and never writes progress', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openPage(context, `${BASE_URL}?embed&lesson=kill-by-user&theme=dark`);
    await page.waitForSelector('.embed .checklist');
    await page.fill('textarea', SEED_EXAMPLE);
    await page.press('textarea', 'Control+Enter');
    await page.waitForSelector('.lesson .recap h3:text-is("✔ Solved")');
    await page.screenshot({ path: `${OUT}lesson-embed-dark.png`, fullPage: true });
    assertEqual((await axeViolations(page)).join(' | '), '', 'axe-core on the lesson embed, dark');
    assertEqual(await page.evaluate(() => localStorage.getItem('sessionlab:progress:v1')), null, 'the embed never wrote progress');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('an unknown lesson in the address says so and keeps the saved work', async () => {
  const context = await launch();
  try {
    const { page } = await openApp(context);
    await runInConsole(page, 'db.runCommand({ startSession: 1 })');
    await page.goto(`${BASE_URL}?lesson=no-such`);
    await page.waitForSelector('.notice[role=alert]:has-text("There is no lesson called \\"no-such\\"")');
    await page.waitForFunction(() => document.querySelector('.timeline h2')?.textContent === 'Timeline: step 1 of 1');
  } finally {
    await context.close();
  }
});

test('the lesson files and the lesson part come on first use: none with the first load, once for the menu, a failed fetch of either or a stale file retried; a lesson in progress whose files cannot be fetched comes back without them, its work kept aside, and resumes once they load', async () => {
  const shipped = readdirSync(new URL('../../lessons/', import.meta.url)).filter((name) => name.toLowerCase().endsWith('.md')).length;
  const context = await launch();
  const fetched = [];
  const parts = partRequests(context);
  context.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/lessons.json')) fetched.push(request.url());
  });
  try {
    await context.route('**/lessons.json', offline);
    await context.route('**/split_lessons.wasm', offline);
    const { page } = await openApp(context);
    await page.waitForSelector('.timeline h2');
    assertEqual(fetched.length, 0, 'the first load fetches no lesson file');
    assertEqual(parts.length, 0, 'the first load fetches no part');
    await page.click('header button:text-is("Lessons")');
    await page.waitForSelector('section.catalogue [role="alert"]:has-text("The lessons could not be loaded from")');
    assertEqual(await page.locator('.lesson-item').count(), 0, 'no lesson is listed without its file');
    await context.unroute('**/lessons.json', offline);
    // The files are here, the lesson part (the code of the panel and the list) is not: said too.
    await page.click('section.catalogue button:text-is("Try again")');
    await page.waitForSelector('section.catalogue [role="alert"]:has-text("The lessons\' part of Session Lab (split_lessons.wasm) could not be loaded")');
    assertEqual(await page.locator('.lesson-item').count(), 0, 'nothing is listed without it');
    await context.unroute('**/split_lessons.wasm', offline);
    // A file from another build (a stale cache): refused, saying which lesson.
    const stale = (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify([['99-stale.md', '+++\nformat = 2\n+++\n']]) });
    await context.route('**/lessons.json', stale);
    await page.click('section.catalogue button:text-is("Try again")');
    await page.waitForSelector('section.catalogue [role="alert"]:has-text("do not match this version of Session Lab (99-stale.md:")');
    assertEqual(await page.locator('.lesson-item').count(), 0, 'nothing from it is listed');
    await context.unroute('**/lessons.json', stale);
    await page.click('section.catalogue button:text-is("Try again")');
    await page.waitForSelector('.lesson-item');
    assertEqual(await page.locator('.lesson-item').count(), shipped, 'every lessons/*.md is listed once fetched');
    assertEqual(await page.locator('section.catalogue [role="alert"]').count(), 0, 'the failure is gone');
    await page.click('button[aria-label="Start lesson: Kill two users\' sessions, and no one else\'s"]');
    await page.waitForSelector('.checklist');
    await page.click('header button:text-is("Lessons")');
    await page.waitForSelector('.lesson-item');
    await page.click('section.catalogue button:text-is("Close")');
    assertEqual(fetched.length, 4, 'fetched again only after a failure, then kept');
    assertEqual(parts.filter((name) => name === 'split_lessons.wasm').length, 3, 'the part too: once per try until it arrives, then kept');
    const steps = await stepCount(page);
    assert(steps > 0, 'the lesson set up its deployment');

    await context.route('**/lessons.json', offline);
    await page.reload();
    await page.waitForSelector('.notice[role=alert]:has-text("The lesson in progress could not be resumed. The lessons could not be loaded from")');
    assert((await page.textContent('.notice[role=alert]')).includes('Your work with the lesson was kept aside'), 'the notice says where the lesson went');
    assertEqual(await stepCount(page), steps, 'the timeline is back');
    assertEqual(await page.locator('.checklist').count(), 0, 'without the lesson');
    assert((await page.textContent('.previous-work')).includes('its lesson could not be loaded'), 'the work with the lesson is in Previous work');
    await context.unroute('**/lessons.json', offline);
    await page.click('button:text-is("Bring back my previous work")');
    await page.waitForSelector('.checklist');
    assertEqual(await page.textContent('.checklist .count'), '3 of 5 met', 'the lesson resumes where it was');
    assertEqual(await stepCount(page), steps, 'on the same timeline');
  } finally {
    await context.close();
  }
});

test('a documentation page in another folder starts a lesson: the lesson files come from beside the app, not the page', async () => {
  const context = await launch();
  const fetched = [];
  context.on('request', (request) => { if (request.url().endsWith('/lessons.json')) fetched.push(request.url()); });
  try {
    // A page the test serves itself, one folder down from the app.
    await context.route(`${BASE_URL}guides/lesson.html`, (route) => route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>A guide</title><script type="module" src="../sessionlab-embed.js"></script></head>
        <body><main><h1>A guide</h1><session-lab lesson="kill-by-user"></session-lab></main></body></html>`,
    }));
    const { page, errors } = await openPage(context, `${BASE_URL}guides/lesson.html`);
    await page.waitForFunction(() => document.querySelector('session-lab')?.shadowRoot?.querySelector('.checklist'));
    assertEqual(JSON.stringify(fetched), JSON.stringify([`${BASE_URL}lessons.json`]), 'fetched once, from beside sessionlab.js');
    const count = await page.evaluate(() => document.querySelector('session-lab').shadowRoot.querySelector('.checklist .count').textContent);
    assertEqual(count, '3 of 5 met', 'the lesson runs in the embed');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});
