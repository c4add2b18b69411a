// Presenter mode, walked with the keyboard as a clicker sends it (next, back, pause, reveal,
// fork, return), with the notes window following over a BroadcastChannel; text size, two
// columns at 1280 px, axe in both themes; "Save workshop" and opening the file again.
import { readFileSync } from 'node:fs';
import { test, launch, openApp, axeViolations, assert, assertEqual, partRequests, offline, BASE_URL, OUT } from './harness.mjs';

const stepOf = (page) => page.textContent('.presenter-step-count');
const notesStep = (notes) => notes.textContent('.notes-step');

async function press(page, key, expected) {
  await page.keyboard.press(key);
  await page.waitForFunction((text) => document.querySelector('.presenter-step-count')?.textContent === text, expected);
}

test('presenter mode: a clicker walks the script, pauses for the room, reveals, forks and returns; the notes window follows', async () => {
  const context = await launch();
  try {
    const notes = await context.newPage();
    await notes.goto(`${BASE_URL}?notes`);
    await notes.waitForSelector('text=Waiting for the presenter');
    const { page, errors } = await openApp(context, `${BASE_URL}?present&scenario=kill-users&step=24`);
    await page.bringToFront();
    await page.waitForSelector('.presenter-stage');
    assertEqual(await stepOf(page), 'Step 24 of 27', 'opens at the address\'s step');
    await notes.waitForFunction(() => document.querySelector('.notes-step')?.textContent.startsWith('Step 24 of 27'));
    await press(page, 'ArrowRight', 'Step 25 of 27');
    await press(page, 'PageDown', 'Step 26 of 27');
    // The kill has a //! pause: Next asks the room first and runs nothing.
    await page.keyboard.press('Space');
    await page.waitForSelector('.pause-question');
    assert((await page.textContent('.pause-question')).startsWith('Three users have sessions at work.'), 'the question is shown');
    assertEqual(await stepOf(page), 'Step 26 of 27', 'the paused step has not run');
    assertEqual(await page.locator('.verdicts').count(), 0, 'no verdicts before the reveal');
    assert(await page.isVisible('.presenter-command[data-not-run]'), 'the command waiting to run is shown');
    assert((await page.textContent('.presenter-stage .caption')).startsWith("The manual's example"), 'the script\'s comment is a caption');
    await notes.waitForFunction(() => document.querySelector('.pause-question')?.textContent.startsWith('Paused: Three users'));
    assert((await notes.textContent('.notes')).includes('Only auditor@db3 survives'), 'the speaker notes are in the notes window, not on the projector');
    assertEqual(await page.locator('text=Only auditor@db3 survives').count(), 0, 'notes are not on the projector');
    await page.screenshot({ path: `${OUT}presenter-pause-1280.png` });
    // R reveals: the step runs, verdicts appear.
    await press(page, 'r', 'Step 27 of 27');
    await page.waitForSelector('.verdicts');
    assertEqual(await page.locator('.pause-question').count(), 0, 'the question is gone once revealed');
    await notes.waitForFunction(() => document.querySelector('.notes-step')?.textContent.startsWith('Step 27 of 27'));
    // Back, then Next pauses again, and Back leaves the pause without moving.
    await press(page, 'ArrowLeft', 'Step 26 of 27');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('.pause-question');
    await page.keyboard.press('PageUp');
    await page.waitForFunction(() => !document.querySelector('.pause-question'));
    assertEqual(await stepOf(page), 'Step 26 of 27', 'back from a pause stays at the step');
    // F: try the room's suggestion at step 26, in the console.
    await page.keyboard.press('f');
    await page.waitForFunction(() => document.activeElement?.id === 'console-input');
    assert(await page.isVisible('.detour'), 'the detour is said');
    await page.fill('#console-input', 'db.runCommand({ killAllSessions: [] })');
    await page.press('#console-input', 'Control+Enter');
    await page.waitForFunction(() => document.querySelector('.presenter-step-count')?.textContent === 'Step 27 of 27' && document.querySelector('.branches'));
    assert((await page.textContent('.presenter-command')).includes('killAllSessions: [] })'), 'the suggestion is the step shown');
    await notes.waitForFunction(() => document.querySelector('.notes-step')?.textContent.includes("trying the room's suggestion"));
    // Esc: back to the script at step 26; the suggestion is kept as a branch.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('.presenter-step-count')?.textContent === 'Step 26 of 27' && !document.querySelector('.detour'));
    await page.waitForFunction(() => document.querySelector('.branches li code')?.textContent.includes('killAllSessions: [] })'));
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('.pause-question');
    await press(page, 'R', 'Step 27 of 27');
    await page.waitForSelector('.verdicts');
    assert((await page.textContent('.verdicts')).includes('2 killed, 3 survived'), 'the script\'s own kill, as written');
    // Text size: 200 % keeps two columns at 1280 px.
    await page.selectOption('.presenter-size select', '200');
    const layout = await page.evaluate(() => ({
      zoom: getComputedStyle(document.querySelector('.presenter')).zoom,
      columns: getComputedStyle(document.querySelector('.presenter .layout')).gridTemplateColumns.split(' ').length,
    }));
    assertEqual(JSON.stringify(layout), JSON.stringify({ zoom: '2', columns: 2 }), 'zoomed, two columns');
    await page.screenshot({ path: `${OUT}presenter-200-1280.png` });
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const violations = await axeViolations(page);
      assertEqual(violations.length, 0, `axe (${scheme}): ${violations.join(' | ')}`);
    }
    // Save workshop: the timeline and its branch, in one file that opens again.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Save workshop')]);
    const file = await download.path();
    const workshop = JSON.parse(readFileSync(file, 'utf8'));
    assertEqual(JSON.stringify([workshop.steps.length, workshop.branches.length, workshop.branches[0].at]), JSON.stringify([27, 1, 26]), 'steps and the kept branch');
    await page.click('text=Stop presenting');
    page.once('dialog', (d) => d.accept());
    await page.click('text=Reset');
    await page.waitForFunction(() => !document.querySelector('.branches'));
    await page.setInputFiles('#import', file);
    await page.waitForFunction(() => document.querySelector('.timeline h2')?.textContent === 'Timeline: step 27 of 27' && document.querySelector('.branches li'));
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('presenter mode comes on first use: none of it with the first load; a failed fetch says so with the playground still there, Try again brings it; the notes window waits for it too', async () => {
  const context = await launch();
  const parts = partRequests(context);
  try {
    await context.route('**/split_presenter.wasm', offline);
    const { page } = await openApp(context, `${BASE_URL}?scenario=kill-users`);
    await page.waitForSelector('.timeline h2');
    assertEqual(parts.length, 0, 'the first load fetches no part');
    await page.click('header button:text-is("Present")');
    await page.waitForSelector('.notice[role="alert"]:has-text("Session Lab could not load presenter mode")');
    assert(await page.isVisible('#console-input'), 'the playground stays usable meanwhile');
    assertEqual(await page.locator('.presenter-stage').count(), 0, 'no presenter mode without its part');
    const notes = await context.newPage();
    await notes.goto(`${BASE_URL}?notes`);
    await notes.waitForSelector('.notice[role=alert]:has-text("Session Lab could not load the notes window")');
    await context.unroute('**/split_presenter.wasm', offline);
    await page.click('.notice[role=alert] button:text-is("Try again")');
    await page.waitForSelector('.presenter-stage');
    await notes.click('.notice[role=alert] button:text-is("Try again")');
    await notes.waitForSelector('.notes-window h1:text-is("Speaker notes")');
    assertEqual(parts.filter((name) => name === 'split_presenter.wasm').length, 4, 'one fetch per try in each window, then kept');
    assertEqual(parts.filter((name) => name.startsWith('split_lessons')).length, 0, 'the lesson part is not fetched for presenter mode');
  } finally {
    await context.close();
  }
});
