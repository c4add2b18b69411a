// End-to-end tests of the built app (dist/ served on loopback) in headless Chromium.
import { test, run, launch, openApp, assert, assertEqual, runInConsole, OUT } from './harness.mjs';

test('the app renders its frame: header, board, console, timeline', async () => {
  const context = await launch();
  try {
    const { page, errors } = await openApp(context);
    assertEqual(await page.textContent('h1'), 'Session Lab', 'header title');
    assert(await page.isVisible('text=Access control'), 'board shows the access-control switch');
    assert(await page.isVisible('.console .tabs [role=tab]'), 'console has a connection tab');
    assert(await page.isVisible('.timeline'), 'timeline is shown');
    await page.screenshot({ path: `${OUT}app-1280-light.png`, fullPage: true });
    assertEqual(errors.length, 0, `page errors: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('the seed command runs in the console and prints mongosh output', async () => {
  const context = await launch();
  try {
    const { page } = await openApp(context);
    await runInConsole(page, 'db.runCommand( { killAllSessions: [ ] } )');
    const output = await page.textContent('.transcript .record:last-child .output');
    assertEqual(output, '{ ok: 1 }', 'reply printed as mongosh does');
  } finally {
    await context.close();
  }
});

await run();
