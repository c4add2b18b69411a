// When the WebAssembly module stops for good. The release build turns a panic into a bare trap
// (scripts/release-toolchain.sh), so no panic hook runs: the page learns of it from the
// `WebAssembly.RuntimeError` the browser reports (src/ui/crash.rs). These tests make the module
// trap for real, the way a page that runs out of memory does: the module's memory is grown to
// the largest a 32-bit module can have, so the allocator's next request for more fails and the
// module aborts.
import { test, launch, openApp, openPage, assert, assertEqual, runInConsole, stepCount, BASE_URL } from './harness.mjs';

/** Grows the app's WebAssembly memory to 4 GiB (reserved, not touched), so its allocator can
 * grow no more. The page's module is initialised already: `default()` answers its exports. */
function exhaustMemory(page) {
  return page.evaluate(async (base) => {
    const glue = await import(new URL('sessionlab.js', base).href);
    const { memory } = await glue.default();
    memory.grow(65536 - memory.buffer.byteLength / 65536);
    return memory.buffer.byteLength;
  }, BASE_URL);
}

/** 16 MB of text: more than the allocator has free, so passing it to the module needs more. */
const LARGE = `// ${'x'.repeat(16 * 1024 * 1024)}`;

test('a trap of the module is said on the page, and Start fresh keeps the saved work aside', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    await runInConsole(page, 'db.runCommand({ ping: 1 })');
    assertEqual(await exhaustMemory(page), 2 ** 32, 'the memory is at its largest');
    assertEqual(await page.locator('.sessionlab-crash').count(), 0, 'no panel before the trap');
    await page.fill('#console-input', LARGE);
    const panel = page.locator('.sessionlab-crash[role="alert"]');
    await panel.waitFor();
    assertEqual(await panel.locator('p').textContent(), 'Session Lab stopped because of an internal error (RuntimeError: unreachable). Your saved work is untouched.', 'the panel says what happened');
    assert(errors.some((e) => e.includes('RuntimeError: unreachable')), `the browser reported the trap: ${errors.join(' | ')}`);
    // A second trap does not add a second panel.
    await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }));
    await page.waitForTimeout(200);
    assertEqual(await page.locator('.sessionlab-crash').count(), 1, 'one panel');
    assertEqual(await page.getAttribute('.sessionlab-crash a', 'href'), `${new URL(BASE_URL).pathname}?fresh`, 'Start fresh opens ?fresh');
    await Promise.all([page.waitForEvent('load'), page.click('.sessionlab-crash a')]);
    await page.waitForSelector('#console-input');
    await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Started fresh.'));
    assertEqual(await stepCount(page), 0, 'the playground starts empty');
    assertEqual(await page.locator('.previous-work summary').textContent(), 'Previous work (1)', 'the saved work is kept aside');
  } finally {
    await context.close();
  }
});

test("on someone else's page, only a trap of this app's module shows the panel", async () => {
  const context = await launch();
  try {
    const { page } = await openPage(context, `${BASE_URL}embed-example.html`);
    await page.waitForFunction(() => document.getElementById('api-status').textContent.startsWith('runScript'));
    // A module of the page's own, compiled from bytes, whose one function traps.
    await page.evaluate(() => {
      const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
      const trap = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f;
      setTimeout(trap);
      Promise.resolve().then(trap);
    });
    await page.waitForTimeout(300);
    assertEqual(await page.locator('.sessionlab-crash').count(), 0, "the page's own trap is not ours");
    // The app's module traps while the page mounts a playground from a timer (nothing catches it).
    await exhaustMemory(page);
    await page.evaluate(async ([base, script]) => {
      const glue = await import(new URL('sessionlab.js', base).href);
      const element = document.body.appendChild(document.createElement('div'));
      setTimeout(() => glue.mount(element, { script }));
    }, [BASE_URL, LARGE]);
    await page.locator('.sessionlab-crash[role="alert"]').waitFor();
  } finally {
    await context.close();
  }
});
