// Issue 13, end to end: the first five minutes. The welcome leads to a first kill in one click;
// every built-in scenario opens at its kill with the verdicts in the first viewport, on a
// laptop and on a phone; each verdict names the command entry that decided it, and pointing at
// an entry (or focusing it) highlights exactly the sessions it matched, and the other way round.
import { test, launch, openApp, runInConsole, axeViolations, assert, assertEqual, BASE_URL, OUT } from './harness.mjs';

const SCENARIOS = ['kill-all', 'kill-users', 'prepared-survives', 'kill-own'];
const SIZES = [[1280, 800], [375, 740]];

/** Whether an element's box lies within the first viewport (not scrolled). */
async function inFirstViewport(page, selector) {
  return page.$eval(selector, (e) => {
    const box = e.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
  });
}

test('every built-in scenario opens at its kill with its verdicts in the first viewport, 1280 × 800 and 375 × 740, light and dark', async () => {
  for (const [width, height] of SIZES) {
    for (const scheme of ['light', 'dark']) {
      for (const id of SCENARIOS) {
        // A first visit: a fresh profile, the scenario in the address.
        const context = await launch();
        try {
          const { page, errors, warnings } = await openApp(context, BASE_URL);
          await page.setViewportSize({ width, height });
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(`${BASE_URL}?scenario=${id}`);
          await page.waitForSelector('.kill-summary .fate');
          await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
          assert((await page.textContent('.scenario-name')).startsWith('Scenario: '), `${id}: the scenario is named on screen`);
          // Every session's verdict line in the summary is on screen without scrolling.
          const lines = await page.$$eval('.kill-summary .fate', (es) => es.map((e) => e.getBoundingClientRect().bottom <= window.innerHeight));
          assert(lines.length > 0 && lines.every(Boolean), `${id} at ${width}: verdict lines in the first viewport: ${lines}`);
          if (width > 760) {
            // On a laptop every tile's verdict, with the entry that decided it, is above the fold.
            const below = await page.$$eval('.card .verdict .decided', (es) => es.filter((e) => e.getBoundingClientRect().bottom > window.innerHeight).length);
            assertEqual(below, 0, `${id} at ${width}: tiles whose verdict is below the fold`);
            assert(await page.locator('.card .verdict').count() > 0, `${id}: the tiles show verdicts`);
          }
          assert(await page.locator('.kill-summary .fate[data-fate=killed]').count() > 0, `${id}: its kill killed something`);
          if (id === 'kill-users' || id === 'prepared-survives') {
            await page.screenshot({ path: `${OUT}first-${id}-${width}-${scheme}.png` });
          }
          if (id === 'kill-users') {
            const violations = await axeViolations(page);
            assertEqual(violations.length, 0, `axe-core at ${width} ${scheme}: ${violations.join(' | ')}`);
          }
          assertEqual(errors.length, 0, errors.join(' | '));
          // Nothing the page does draws a warning in the browser's console (a preload's ignored
          // `integrity` once did, on every load).
          assertEqual(warnings.length, 0, warnings.join(' | '));
        } finally {
          await context.close();
        }
      }
    }
  }
});

test('each verdict names its entry; pointing at or focusing an entry highlights exactly its sessions, and a session its entry', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context, `${BASE_URL}?scenario=kill-users`);
    await page.waitForSelector('.kill-summary .entry-chip');
    const linked = async (selector) => page.locator(`${selector}.linked`).count();
    const cardOf = (owner) => `section.owner-group:has(h3:text-is("${owner}")) li.card`;
    // Entry 1 is reportWriter@db2: its one session, in the cards, the summary and the table.
    await page.hover('.entry-chip[data-entry="1"]');
    assertEqual(await linked('li.card'), 1, 'one card for entry 1');
    assertEqual(await linked(cardOf('reportWriter@db2')), 1, 'and it is reportWriter\'s');
    assertEqual(await linked('.verdicts tbody tr'), 1, 'one table row');
    assertEqual(await linked('.kill-summary .fate'), 1, 'one summary line');
    assertEqual(await page.locator('.kill-summary .fate.linked strong').textContent(), 'reportSession', 'named by its variable');
    await page.hover('.entry-chip[data-entry="0"]');
    assertEqual(await linked(cardOf('appReader@db1')), 1, 'entry 0 is appReader\'s session');
    assertEqual(await linked('li.card'), 1, 'and only it');
    // Leaving clears; a survivor is decided by no entry and links nothing.
    await page.hover('h1');
    assertEqual(await linked('*'), 0, 'leaving clears the highlight');
    assert((await page.textContent(`${cardOf('auditor@db3')} .decided`)).includes('no entry names auditor@db3'), 'a survivor says no entry names its owner');
    // Keyboard: focusing a session (its id) highlights its entry; focusing an entry, its sessions.
    await page.focus(`${cardOf('appReader@db1')} .lsid`);
    assertEqual(await linked('.entry-chip[data-entry="0"]'), 1, 'focusing appSession highlights entry 0');
    assertEqual(await linked('.entry-chip'), 1, 'and no other entry');
    await page.focus('.entry-chip[data-entry="1"]');
    assertEqual(await linked('li.card'), 1, 'focusing entry 1 highlights its one session');
    // Screen readers get the same: the entry names its sessions, the card its entry.
    assertEqual(await page.getAttribute('.entry-chip[data-entry="0"]', 'aria-label'), 'killAllSessions[0] { user: "appReader", db: "db1" }: matched appSession');
    assert((await page.getAttribute(cardOf('appReader@db1'), 'aria-label')).includes('killed: killAllSessions[0] { user: "appReader", db: "db1" }'), 'the card names its entry');
    await page.screenshot({ path: `${OUT}cross-highlight-1280.png` });
    assertEqual(errors.length, 0, errors.join(' | '));
  } finally {
    await context.close();
  }
});

test('the welcome fits the first screen and leads to a first kill in one click; on a phone the Console tab puts the caret in the input', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    await page.setViewportSize({ width: 1280, height: 800 });
    assert(await inFirstViewport(page, '.welcome'), 'the welcome fits the first screen');
    assertEqual(await page.locator('.welcome .scenario-card').count(), 4, 'every scenario as a card with its summary');
    await page.screenshot({ path: `${OUT}welcome-1280-light.png` });
    let violations = await axeViolations(page);
    assertEqual(violations.length, 0, `axe-core on the welcome: ${violations.join(' | ')}`);
    // One click: the manual's example, at its kill, verdicts showing.
    await page.click('text=Kill two users\' sessions');
    await page.waitForSelector('.kill-summary');
    assertEqual(await page.locator('.welcome').count(), 0, 'the welcome gives way to the scenario');
    assertEqual(await page.textContent('.kill-summary h2'), 'Last kill: killAllSessions · 2 killed, 3 survived');
    // The second thing to try, from a fresh playground: four commands typed for the user.
    page.once('dialog', (d) => d.accept());
    await page.click('button:text-is("Reset")');
    await page.waitForSelector('.welcome');
    await page.click('text=Start a transaction and kill it');
    await page.waitForSelector('.kill-summary');
    assert((await page.textContent('.kill-summary')).includes('mySession'), 'the session is named by its variable');
    assert((await page.textContent('.transcript')).includes('mySession.startTransaction()'), 'the commands are in the console');
    // A phone: the welcome, then the Console tab focuses the input.
    page.once('dialog', (d) => d.accept());
    await page.click('button:text-is("Reset")');
    await page.setViewportSize({ width: 375, height: 740 });
    await page.waitForSelector('.welcome');
    await page.screenshot({ path: `${OUT}welcome-375-light.png` });
    await page.click('.pane-tabs button:text-is("Board")');
    assertEqual(await page.isVisible('.console-pane'), false, 'the Board tab hides the console');
    await page.click('.pane-tabs button:text-is("Console")');
    await page.waitForFunction(() => document.activeElement?.id === 'console-input');
    assertEqual(await page.isVisible('.board-pane'), false, 'the Console tab hides the board');
    // An error on the phone: the message wraps, the code frame keeps its caret under the
    // column it points at (its two lines do not wrap: the transcript scrolls sideways).
    await runInConsole(page, 'NumberDecimal("0.1234567890123456789012345678901234567")');
    const frame = await page.evaluate(() => {
      const record = document.querySelector('.transcript .record:last-child');
      const output = record.querySelector('pre.output.error');
      const frame = output.querySelector('.frame');
      const lineHeight = parseFloat(getComputedStyle(frame).lineHeight);
      return {
        message: output.firstChild.textContent,
        lines: frame.textContent.split('\n'),
        wrapped: frame.getBoundingClientRect().height > 2.5 * lineHeight,
        messageWrapped: frame.getBoundingClientRect().top - output.getBoundingClientRect().top > 1.5 * lineHeight,
      };
    });
    assert(frame.message.startsWith('BSONError: "0.1234567890123456789012345678901234567" is not a valid Decimal128 string - inexact rounding'), frame.message);
    assert(frame.messageWrapped, 'the message wraps on a phone');
    assertEqual(frame.wrapped, false, 'the frame does not wrap');
    assertEqual(frame.lines[1].indexOf('^'), frame.lines[0].indexOf('NumberDecimal'), 'the caret stands under the call');
    violations = await axeViolations(page);
    assertEqual(violations.length, 0, `axe-core on the phone: ${violations.join(' | ')}`);
    assertEqual(errors.length, 0, errors.join(' | '));
  } finally {
    await context.close();
  }
});
