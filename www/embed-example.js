// The example page's JavaScript API embed (an external module: the page's policy allows no
// inline script).
import init, { mount, runScript } from "./sessionlab.js";
await init();
mount(document.getElementById("api-embed"), { scenario: "prepared-survives", step: 12, height: 560 });
// Headless: the same records as `sessionlab run --json`.
const records = await runScript('db.runCommand({ killAllSessions: [] })');
document.getElementById("api-status").textContent =
  "runScript: " + records.length + " record, result " + JSON.stringify(records[0].result);
