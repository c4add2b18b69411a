import { launch, openApp, runInConsole, OUT, test, run } from './harness.mjs';
test('look', async () => {
  const ctx = await launch();
  const page0 = ctx.pages()[0] ?? await ctx.newPage();
  await page0.setViewportSize({ width: 390, height: 844 });
  const { page, errors } = await openApp(ctx, process.env.BASE_URL);
  await page.screenshot({ path: OUT + 'zz_ph0.png' });
  await page.click('button:text-is("Console")');
  await runInConsole(page, 's = db.getMongo().startSession()\ns.startTransaction()\ns.getDatabase("test").c.insertOne({a: 1})');
  await runInConsole(page, 'db.runCommand({killAllSessions: []})');
  await page.screenshot({ path: OUT + 'zz_ph1.png' });
  await page.click('button:text-is("Board")');
  await page.screenshot({ path: OUT + 'zz_ph2.png' });
  console.log(errors);
  await ctx.close();
});
run();
