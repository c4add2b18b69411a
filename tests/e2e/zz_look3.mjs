import { launch, openApp, runInConsole, OUT, test, run } from './harness.mjs';
test('look', async () => {
  const ctx = await launch();
  const { page, errors } = await openApp(ctx, process.env.BASE_URL);
  await runInConsole(page, 'db.c.insertOne({a: NaN})\nshow dbs\ndb.runCommand({aggregate: "c", pipeline: []})\ndb.runCommand({insert: "c", documents: [{}], orderd: false})');
  const out = await page.$('.console-output, [role="log"]');
  await page.screenshot({ path: OUT + 'zz_showdbs.png', clip: { x: 670, y: 60, width: 610, height: 560 } });
  console.log(errors);
  await ctx.close();
});
run();
