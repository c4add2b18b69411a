// Documentation markup: sessionlab-embed.js turns ```sessionlab fences and <session-lab>
// elements into playgrounds that start near the viewport (or on click), share one WebAssembly
// module, check their expect lines live, offer their choices, and are not changed by the host
// page's CSS; the example pages pass axe at 360 and 1280 px, light and dark. Prints the figures
// the README reports (time to interactive, bytes for one embed and for three).
import { test, launch, openApp, axeViolations, assert, assertEqual, offline, partRequests, BASE_URL, OUT } from './harness.mjs';

const MANUAL = `${BASE_URL}docs-killallsessions.html`;

/** Opens a page, counting the requests for the app's module files. */
async function openDoc(context, url, viewport) {
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  const fetched = { wasm: 0, js: 0, parts: [] };
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => {
    // The page's own requests (an iframe embed is a page of its own).
    if (r.frame() !== page.mainFrame()) return;
    if (r.url().endsWith('/sessionlab_bg.wasm')) fetched.wasm++;
    if (r.url().endsWith('/sessionlab.js')) fetched.js++;
    const part = r.url().match(/\/((split_\w+|chunk_\d+)\.wasm)$/);
    if (part) fetched.parts.push(part[1]);
  });
  await page.setViewportSize(viewport);
  await page.goto(url);
  return { page, errors, fetched };
}

/** Scrolls embed `i` into view and returns the milliseconds until it is interactive: live and
 * its replay done (the step counter shows the total). */
function scrollUntilInteractive(page, i) {
  return page.evaluate(async (index) => {
    const element = document.querySelectorAll('session-lab')[index];
    const start = performance.now();
    element.scrollIntoView({ block: 'center' });
    await new Promise((resolve) => {
      const ready = () => {
        const root = element.shadowRoot;
        const counter = root?.querySelector('.embed-step')?.textContent ?? '';
        const [, at, of] = counter.match(/Step (\d+) of (\d+)/) ?? [];
        // The step total is known once the replay is done (an element may open at any step).
        return element.dataset.state === 'live' && Number(of) > 0 && at !== undefined && !root.querySelector('.notice.replay') && root.querySelector('.embed-bar');
      };
      const poll = () => (ready() ? resolve() : requestAnimationFrame(poll));
      poll();
    });
    return performance.now() - start;
  }, i);
}

const bytesSoFar = (page) => page.evaluate(() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')).reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0));

test('a docs page: embeds start only near the viewport, share one module, check their expect lines and offer their choices', async () => {
  const context = await launch();
  try {
    // A phone: every example is below the fold.
    const { page, errors, fetched } = await openDoc(context, MANUAL, { width: 360, height: 640 });
    await page.waitForTimeout(1000);
    assertEqual(await page.locator('session-lab').count(), 5, 'the fence and the elements are all upgraded');
    assertEqual(fetched.wasm, 0, 'nothing is fetched before an example comes near');
    assertEqual(await page.locator('session-lab[data-state]').count(), 0, 'none started');
    assert(await page.isVisible('session-lab pre'), 'until it starts, the reader sees the code block');
    const first = await scrollUntilInteractive(page, 0);
    // The bytes once its expect lines are checked too (the checks part comes after the replay,
    // so measuring at "interactive" alone read 3.8 KB less in a slow hour).
    await page.waitForFunction(() => document.querySelector('session-lab').shadowRoot.querySelectorAll('.expect[data-met=true]').length === 2);
    const bytesOne = await bytesSoFar(page);
    assertEqual(fetched.wasm, 1, 'the first example fetches the module');
    assertEqual(await page.locator('session-lab[data-state=live]').count(), 1, 'only the one near the viewport started');
    const second = await scrollUntilInteractive(page, 1);
    await scrollUntilInteractive(page, 2);
    const bytesThree = await bytesSoFar(page);
    await scrollUntilInteractive(page, 3);
    await scrollUntilInteractive(page, 4);
    assertEqual(JSON.stringify([fetched.wasm, fetched.js]), JSON.stringify([1, 1]), 'five playgrounds, one module');
    console.log(`     FIGURE embed time to interactive: first ${first.toFixed(0)} ms (fetch and compile included), second ${second.toFixed(0)} ms (module shared)`);
    console.log(`     FIGURE bytes transferred: page with 1 embed started (its expect lines checked) ${bytesOne} B, with 3 started ${bytesThree} B`);
    // Every expect line of the page holds as written, checked by the checks part (fetched once
    // for the page, with the checklist's chunk it shares with the lesson part).
    await page.waitForFunction(() => [...document.querySelectorAll('session-lab')].flatMap((e) => [...e.shadowRoot.querySelectorAll('.expect')]).length === 14);
    assertEqual(fetched.parts.filter((name) => name === 'split_checks.wasm').length, 1, 'the checks part, once for five embeds');
    assertEqual(fetched.parts.filter((name) => name.startsWith('split_') && name !== 'split_checks.wasm').length, 0, 'no other part');
    const marks = await page.$$eval('session-lab', (els) => els.flatMap((e) => [...e.shadowRoot.querySelectorAll('.expect')].map((x) => x.dataset.met)));
    assert(marks.length === 14 && marks.every((met) => met === 'true'), `every expect line holds: ${marks}`);
    // A choice runs in place of the last step; the expect lines follow it.
    const usersEmbed = page.locator('session-lab').nth(4);
    await usersEmbed.locator('.example-choices button', { hasText: 'Everyone' }).click();
    await page.waitForFunction(() => document.querySelectorAll('session-lab')[4].shadowRoot.querySelector('.expect[data-met=false]'));
    const unmet = await usersEmbed.locator('.expect[data-met=false]').textContent();
    assert(unmet.includes('survived auditSession') && unmet.includes('killed'), `the choice's outcome, in the engine's words: ${unmet}`);
    assert(await usersEmbed.locator('.branches li').count() === 1, 'the example as written is kept as a branch');
    await page.screenshot({ path: `${OUT}docs-choice-360.png` });
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('an example\'s expectations wait for the checks part: the steps, choices and verdicts do not; a failed fetch says so and Try again brings it', async () => {
  const context = await launch();
  try {
    await context.route('**/split_checks.wasm', offline);
    const { page, fetched } = await openDoc(context, MANUAL, { width: 1280, height: 900 });
    await scrollUntilInteractive(page, 4);
    const usersEmbed = page.locator('session-lab').nth(4);
    const failure = usersEmbed.locator('.example-expects [role="alert"]');
    await failure.waitFor();
    assert((await failure.textContent()).includes("Session Lab could not load the checks of this example's expectations"), 'it says which part');
    assertEqual(await usersEmbed.locator('.expect').count(), 0, 'no expectation is marked without the checklist');
    // The rest of the embed works meanwhile: a choice runs and its verdicts show.
    await usersEmbed.locator('.example-choices button', { hasText: 'Everyone' }).click();
    await usersEmbed.locator('.embed-verdicts table').waitFor();
    await context.unroute('**/split_checks.wasm', offline);
    const failedTries = fetched.parts.filter((name) => name === 'split_checks.wasm').length;
    await failure.locator('button', { hasText: 'Try again' }).click();
    await usersEmbed.locator('.expect[data-met=false]').first().waitFor();
    assertEqual(await usersEmbed.locator('.expect').count(), 3, 'every expectation of the block, checked at the step shown');
    assertEqual(fetched.parts.filter((name) => name === 'split_checks.wasm').length, failedTries + 1, 'Try again fetches it once more, and it is kept');
    // Another embed that had failed (the one above, started near the viewport too) finds it
    // here on its own Try again, without a fetch.
    const other = page.locator('session-lab').nth(3).locator('.example-expects [role="alert"] button');
    assertEqual(await other.count(), 1, 'the embed above failed too');
    await other.click();
    await page.locator('session-lab').nth(3).locator('.expect').first().waitFor();
    assertEqual(fetched.parts.filter((name) => name === 'split_checks.wasm').length, failedTries + 1, 'kept for the page');
  } finally {
    await context.close();
  }
});

test('an expect line that is not a goal is listed under Expected by the checks part, positioned as check-docs says it; the block still runs', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    await page.evaluate(async () => {
      const { mount } = await import('./sessionlab.js');
      const element = document.createElement('div');
      element.id = 'misspelled';
      document.body.append(element);
      mount(element, { script: 'db.runCommand({ killAllSessions: [] })\n//! expect error none\n//! expect sruvived x' });
    });
    const embed = page.locator('#misspelled');
    const alert = embed.locator('.example-expects [role="alert"]');
    await alert.waitFor();
    const text = await alert.textContent();
    assert(text.includes('These expect lines are not goals (line:column):') && text.includes('3:12: unknown goal "sruvived"'), `the line, positioned: ${text}`);
    assertEqual(await embed.locator('.expect').count(), 0, 'nothing is marked while a line is not a goal');
    assertEqual(await embed.locator('.embed-step').textContent(), 'Step 1 of 1', 'the block ran');
    await embed.locator('.embed-verdicts table').waitFor();
    assertEqual(await embed.locator('.notice[role=alert]').count(), 1, 'the only error shown is under Expected');
    await page.screenshot({ path: `${OUT}docs-misspelled-goal.png`, fullPage: true });
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('an expect line written with BinData(…) is read once the commands part is here, and holds as check-docs says; a block without one fetches no commands part', async () => {
  const context = await launch();
  const parts = partRequests(context);
  try {
    const { page, errors } = await openApp(context);
    const mountBlock = (id, script) => page.evaluate(async ([id, script]) => {
      const { mount } = await import('./sessionlab.js');
      const element = document.createElement('div');
      element.id = id;
      document.body.append(element);
      mount(element, { script });
    }, [id, script]);
    await mountBlock('plain', 'db.getMongo().startSession().getSessionId()\n//! expect error none');
    await page.locator('#plain .expect[data-met=true]').waitFor();
    assertEqual(parts.filter((name) => name === 'split_commands.wasm').length, 0, 'a plain expect line needs no commands part');
    // The session's id written as BinData, whose code the shell fetches with the commands part:
    // offline, the embed says so under Expected, and Try again reads the line once it is here.
    await context.route('**/split_commands.wasm', offline);
    await mountBlock('bindata', 'db.getMongo().startSession().getSessionId()\n//! expect result { id: BinData(4, "gyTv3mLQQdu/PiszUMU2Iw==") }');
    const embed = page.locator('#bindata');
    const failure = embed.locator('.example-expects [role="alert"]');
    await failure.waitFor();
    assert((await failure.textContent()).includes('Session Lab could not load the code of'), `it says what could not be loaded: ${await failure.textContent()}`);
    await embed.locator('.example-expects').screenshot({ path: `${OUT}docs-expect-code-offline.png` });
    await context.unroute('**/split_commands.wasm', offline);
    await failure.locator('button:text-is("Try again")').click();
    await embed.locator('.expect[data-met=true]').waitFor();
    assertEqual(await embed.locator('.expect').count(), 1, 'the one line, read and met');
    assertEqual(await embed.locator('.example-expects [role="alert"]').count(), 0, 'no line was reported as not a goal');
    assertEqual(parts.filter((name) => name === 'split_commands.wasm').length, 2, 'the commands part, fetched for it again after the failure, and kept');
    const unexpected = errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e));
    assertEqual(unexpected.length, 0, `page errors: ${unexpected.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('the host page\'s hostile CSS does not change a playground', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openDoc(context, MANUAL, { width: 1280, height: 900 });
    await scrollUntilInteractive(page, 4);
    const probe = () => page.evaluate(() => {
      const root = document.querySelectorAll('session-lab')[4].shadowRoot;
      const styles = (selector) => {
        const s = getComputedStyle(root.querySelector(selector));
        return [s.color, s.backgroundColor, s.fontSize, s.lineHeight, s.letterSpacing, s.textTransform, s.paddingTop].join(' ');
      };
      return {
        current: styles('.embed-current'),
        app: styles('.app'),
        button: styles('.embed-bar button'),
        input: styles('textarea'),
        buttonHeight: root.querySelector('.embed-bar button').getBoundingClientRect().height,
      };
    });
    const before = await probe();
    // A stylesheet of the page's own origin (its policy allows no inline style).
    await page.route('**/hostile.css', (route) => route.fulfill({ contentType: 'text/css', body: 'pre { color: white !important; background: white !important } * { font-size: 40px !important; line-height: 3 !important; letter-spacing: 4px !important } session-lab { color: red; text-transform: uppercase; padding: 30px }' }));
    await page.addStyleTag({ url: `${BASE_URL}hostile.css` });
    assertEqual(await page.$eval('h1', (h) => getComputedStyle(h).fontSize), '40px', 'the hostile CSS applies to the page');
    const after = await probe();
    assertEqual(JSON.stringify(after), JSON.stringify(before), 'the playground looks the same');
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('the example pages: a mixed page (fence, click-to-start element, iframe) and axe at 360 and 1280 px, light and dark', async () => {
  const context = await launch();
  try {
    const { page, errors, fetched } = await openDoc(context, `${BASE_URL}docs-mixed.html`, { width: 1280, height: 900 });
    await scrollUntilInteractive(page, 0);
    const element = page.locator('session-lab').nth(1);
    await element.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    assertEqual(await element.getAttribute('data-state'), null, 'start="click" waits for a click');
    await element.locator('.sl-embed-start').click();
    await page.waitForFunction(() => document.querySelectorAll('session-lab')[1].dataset.state === 'live');
    assertEqual(fetched.wasm, 1, 'both share the module');
    // The iframe is sized to its content by the helper script.
    await page.locator('iframe').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('iframe').getBoundingClientRect().height > 600);
    for (const [url, embeds] of [['docs-killallsessions.html', 5], ['docs-mixed.html', 2], ['workshop.html', 0]]) {
      for (const width of [360, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${BASE_URL}${url}`);
        for (let i = 0; i < embeds; i++) {
          const el = page.locator('session-lab').nth(i);
          if (await el.getAttribute('start') === 'click') await el.locator('.sl-embed-start').click();
          await scrollUntilInteractive(page, i);
        }
        assertEqual(errors.length, 0, `page errors on ${url}: ${errors.join(' | ')}`);
        for (const scheme of ['light', 'dark']) {
          await page.emulateMedia({ colorScheme: scheme });
          const violations = await axeViolations(page);
          assertEqual(violations.length, 0, `axe ${url} ${width} px ${scheme}: ${violations.join(' | ')}`);
        }
        // axe-core's own probes are inline styles, which the page's policy refuses and logs.
        errors.length = 0;
        if (width === 360) await page.screenshot({ path: `${OUT}docs-${url.replace('.html', '')}-360-dark.png` });
      }
    }
  } finally {
    await context.close();
  }
});
