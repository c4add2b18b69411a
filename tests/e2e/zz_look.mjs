import { launch, openApp, runInConsole, OUT, test, run } from './harness.mjs';
test('look', async () => {
  const ctx = await launch();
  const { page, errors } = await openApp(ctx, process.env.BASE_URL);
  await page.screenshot({ path: OUT + 'zz_desktop0.png' });
  await runInConsole(page, 's = db.getMongo().startSession()\ns.startTransaction()\ns.getDatabase("test").c.insertOne({a: 1})');
  await runInConsole(page, 'db.runCommand({killAllSessions: []})');
  await page.screenshot({ path: OUT + 'zz_desktop1.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  for (let y = 0; y < 4; y++) { await page.evaluate((y) => window.scrollTo(0, y * 800), y); await page.screenshot({ path: OUT + 'zz_phone' + y + '.png' }); }
  console.log(errors);
  await ctx.close();
});
run();
