// An <iframe> embed talks to its page: ready, resize (and the one-line resize helper), step,
// verdicts, lesson-solved, each in the shape docs/embedding.md gives; goto and theme are taken
// only with ?embed&messages and only from the parent page.
import { test, launch, assert, assertEqual, BASE_URL } from './harness.mjs';

const HOST = (src) => `<!doctype html><title>host</title>
<script>window.msgs = []; addEventListener('message', (e) => { if (e.data && e.data.source === 'sessionlab') window.msgs.push({ frame: e.source === document.getElementById('a').contentWindow ? 'a' : 'b', ...e.data }); });</script>
<script src="${BASE_URL}sessionlab-resize.js"></script>
<iframe id="a" title="allowed" src="${src}&messages" style="width: 900px; height: 200px"></iframe>
<iframe id="b" title="not allowed" src="${src}" style="width: 900px; height: 200px"></iframe>`;

test('an iframe embed posts ready, resize, step and verdicts, and takes goto and theme only when allowed, only from its page', async () => {
  const context = await launch();
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.setContent(HOST(`${BASE_URL}?embed&scenario=kill-users`));
    await page.waitForFunction(() => ['a', 'b'].every((f) => window.msgs.some((m) => m.frame === f && m.type === 'ready')));
    const msgs = await page.evaluate(() => window.msgs.filter((m) => m.frame === 'a'));
    const ready = msgs.find((m) => m.type === 'ready');
    const step = msgs.filter((m) => m.type === 'step').at(-1);
    assert(ready.steps > 20, `ready says how many steps: ${JSON.stringify(ready)}`);
    assertEqual(step.step, step.steps, 'the scenario opens at its kill, its last step');
    const verdicts = msgs.find((m) => m.type === 'verdicts');
    assertEqual(JSON.stringify([verdicts.command, verdicts.killed, verdicts.survived]), JSON.stringify(['killAllSessions', 2, 3]), 'the verdicts, counted');
    assertEqual(verdicts.sessions.find((s) => s.user === 'auditor@db3').fate, 'survived', 'each session\'s fate');
    // The shapes docs/embedding.md gives, and nothing else.
    const keys = (m) => Object.keys(m).filter((k) => k !== 'frame').sort().join(',');
    assertEqual(keys(ready), 'source,steps,type', 'ready\'s fields');
    assertEqual(keys(step), 'source,step,steps,type', 'step\'s fields');
    assertEqual(keys(verdicts), 'command,killed,sessions,source,survived,type', 'verdicts\' fields');
    assert(verdicts.sessions.every((s) => keys(s) === 'decidedBy,fate,id,user' && (typeof s.user === 'string' || s.user === null) && ['killed', 'survived'].includes(s.fate)),
      `each session's fields: ${JSON.stringify(verdicts.sessions)}`);
    // The resize helper sizes the frame to its content.
    await page.waitForFunction(() => window.msgs.some((m) => m.type === 'resize' && m.height > 200));
    await page.waitForFunction(() => document.getElementById('a').getBoundingClientRect().height > 200);
    const resize = await page.evaluate(() => window.msgs.filter((m) => m.frame === 'a' && m.type === 'resize').at(-1));
    assertEqual(keys(resize), 'height,source,type', 'resize\'s fields');
    const height = resize.height;
    assertEqual(await page.evaluate(() => document.getElementById('a').clientHeight), height, 'the frame is as tall as its content');
    // Commands: taken by the embed that allows them, from its parent only.
    const frameA = page.frame({ url: /messages/ });
    const frameB = page.frames().find((f) => f.url().includes('embed') && !f.url().includes('messages'));
    await page.evaluate(() => {
      for (const id of ['a', 'b']) {
        const w = document.getElementById(id).contentWindow;
        w.postMessage({ source: 'sessionlab-host', type: 'goto', step: 1 }, '*');
        w.postMessage({ source: 'sessionlab-host', type: 'theme', theme: 'dark' }, '*');
      }
    });
    await page.waitForFunction(() => window.msgs.some((m) => m.frame === 'a' && m.type === 'step' && m.step === 1));
    await frameA.waitForSelector('.embed-step:text-is("Step 1 of ' + step.steps + '")');
    assertEqual(await frameA.getAttribute('.app', 'data-theme'), 'dark', 'theme taken');
    // A message the frame posts to itself is not from its parent: ignored.
    await frameA.evaluate(() => window.postMessage({ source: 'sessionlab-host', type: 'goto', step: 0 }, '*'));
    await page.waitForTimeout(300);
    assertEqual(await frameA.textContent('.embed-step'), `Step 1 of ${step.steps}`, 'not from the parent: ignored');
    assertEqual(await frameB.textContent('.embed-step'), `Step ${step.steps} of ${step.steps}`, 'without ?messages: goto ignored');
    assertEqual(await frameB.getAttribute('.app', 'data-theme'), null, 'without ?messages: theme ignored');
  } finally {
    await context.close();
  }
});

test('an iframe lesson embed posts lesson-solved once its goals are met', async () => {
  const context = await launch();
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.setContent(HOST(`${BASE_URL}?embed&lesson=kill-by-user`));
    await page.waitForFunction(() => window.msgs.some((m) => m.frame === 'a' && m.type === 'ready'));
    const frame = page.frame({ url: /messages/ });
    await frame.waitForSelector('.embed .checklist');
    assertEqual(await page.evaluate(() => window.msgs.filter((m) => m.type === 'lesson-solved').length), 0, 'not solved yet');
    await frame.fill('textarea', 'db.runCommand({ killAllSessions: [{ user: "appReader", db: "db1" }, { user: "reportWriter", db: "db2" }] })');
    await frame.press('textarea', 'Control+Enter');
    await page.waitForFunction(() => window.msgs.some((m) => m.frame === 'a' && m.type === 'lesson-solved'));
    const solved = await page.evaluate(() => window.msgs.find((m) => m.type === 'lesson-solved'));
    assertEqual(JSON.stringify(solved), JSON.stringify({ frame: 'a', source: 'sessionlab', type: 'lesson-solved', lesson: 'kill-by-user', solutionSeen: false }), 'the lesson and whether its solution was seen');
  } finally {
    await context.close();
  }
});
