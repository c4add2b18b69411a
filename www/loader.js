// Session Lab's page loader (Trunk.toml's `pattern_script`). An external module, so the page's
// Content-Security-Policy allows no inline script at all.
//
// The WebAssembly module is compiled in one task and instantiated in the next: done together
// (wasm-bindgen's default `init(url)`) they were the page's one main-thread task over 100 ms on
// a loaded machine. `main` then only schedules the first render, which has tasks of its own.
//
// Compiling starts as soon as this file runs, while the JavaScript glue and the split parts'
// loader it imports are still being fetched: imported statically, the glue made this file wait
// for that chain (about 50 ms on localhost) before the WebAssembly, already downloaded, could
// start compiling.

const url = new URL("./sessionlab_bg.wasm", import.meta.url);

async function compile() {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Session Lab could not load ${url}: HTTP ${response.status}`);
  // Streaming compilation needs the `application/wasm` type; a host that sends another one
  // still gets a working page, compiled from the bytes.
  if ((response.headers.get("Content-Type") ?? "").startsWith("application/wasm")) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// The stylesheet (media="print" in the page, so the first paint never waits for it) is applied
// once loaded; the playground mounts after it, never unstyled.
function stylesheet() {
  const link = document.getElementById("sessionlab-style");
  if (!link) return Promise.resolve();
  const apply = () => { link.media = "all"; };
  if (link.sheet) return Promise.resolve(apply());
  return new Promise((resolve) => {
    link.addEventListener("load", () => resolve(apply()), { once: true });
    link.addEventListener("error", () => resolve(), { once: true });
  });
}

const compiling = compile();
try {
  const [module, glue] = await Promise.all([compiling, import("./sessionlab.js"), stylesheet()]);
  await new Promise((resolve) => setTimeout(resolve, 0));
  await glue.default({ module_or_path: module });
} catch (error) {
  // The loading state says what went wrong instead of staying on "Loading…".
  const text = document.querySelector(".boot-text");
  if (text) text.textContent = `Session Lab could not start: ${error}. Reloading the page may help.`;
  throw error;
}
