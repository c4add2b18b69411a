// Session Lab's documentation loader: one <script type="module" src=".../sessionlab-embed.js">
// turns a page's examples into live playgrounds. No framework; see docs/embedding.md.
//
// - <session-lab scenario=… lesson=… step=… readonly theme=… height=… start=click> elements,
//   and fenced blocks written ```sessionlab (rendered by Markdown tools as
//   <pre><code class="language-sessionlab">), become playgrounds. A block's text is its script:
//   `//! hide` / `//! show` lines, `//! expect <goal>` lines (checked live) and
//   `//! choice "label" <command>` variants (buttons) work as `sessionlab check-docs` reads them.
// - Without JavaScript, or until a playground starts, the reader sees the plain code block.
// - A playground starts when it comes near the viewport, or on click with start="click".
// - All playgrounds of a page share one WebAssembly module, fetched and compiled once, and only
//   when the first one starts.
// - Each lives in a shadow root with the app's own stylesheet, so the page's CSS cannot reach
//   it (style.css's :host rule resets what a shadow root would inherit); its height follows
//   its content unless `height` is given.

const base = new URL(".", import.meta.url);
let shared = null;

/** The app's module, initialised once for the whole page (the wasm fetched beside the glue). */
function app() {
  shared ??= (() => {
    const wasm = fetch(new URL("sessionlab_bg.wasm", base));
    return import(new URL("sessionlab.js", base).href).then(async (module) => {
      await module.default({ module_or_path: wasm });
      return module;
    });
  })();
  return shared;
}

/** The mount options an element's attributes ask for. */
function optionsOf(element) {
  const options = {};
  const text = (name) => element.getAttribute(name);
  const number = (name) => {
    const value = Number.parseInt(text(name) ?? "", 10);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  if (text("scenario")) options.scenario = text("scenario");
  if (text("lesson")) options.lesson = text("lesson");
  if (number("step") !== undefined) options.step = number("step");
  if (number("height") !== undefined) options.height = number("height");
  if (text("theme") === "light" || text("theme") === "dark") options.theme = text("theme");
  if (element.hasAttribute("readonly")) options.readOnly = true;
  const code = element.querySelector("code.language-sessionlab");
  if (code) options.script = code.textContent;
  return options;
}

const nearViewport = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) entry.target.start();
    }
  },
  { rootMargin: "200px 0px" },
);

class SessionLabElement extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) {
      // Moved in the page: it goes on as it was (a playground that was taken down starts again
      // when it comes near).
      if (!this.started && this.getAttribute("start") !== "click") nearViewport.observe(this);
      return;
    }
    const root = this.attachShadow({ mode: "open" });
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("style.css", base).href;
    // Until it starts, the element shows its own content: the plain code block.
    this.waiting = document.createElement("slot");
    root.append(style, this.waiting);
    if (this.getAttribute("start") === "click") {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sl-embed-start";
      button.textContent = "▶ Run this example in Session Lab";
      button.addEventListener("click", () => this.start(), { once: true });
      root.append(button);
      this.startButton = button;
    } else {
      nearViewport.observe(this);
    }
  }

  disconnectedCallback() {
    nearViewport.unobserve(this);
    // Removed for good (not moved, which connects it again in the same task): the playground is
    // taken down, and the code block shown again.
    queueMicrotask(() => {
      if (this.isConnected || !this.playground) return;
      this.playground.unmount();
      this.playground = null;
      this.started = false;
      for (const child of [...this.shadowRoot.children]) {
        if (child.tagName === "DIV" || child.classList.contains("sl-embed-error")) child.remove();
      }
      this.shadowRoot.append(this.waiting);
      delete this.dataset.state;
    });
  }

  /** Starts the playground (once). */
  async start() {
    if (this.started) return;
    this.started = true;
    nearViewport.unobserve(this);
    this.setAttribute("aria-busy", "true");
    const mountPoint = document.createElement("div");
    try {
      const module = await app();
      this.shadowRoot.append(mountPoint);
      this.playground = module.mount(mountPoint, optionsOf(this));
      this.waiting.remove();
      this.startButton?.remove();
      this.dataset.state = "live";
    } catch (error) {
      // The code block stays readable; the reason is said under it.
      mountPoint.remove();
      const message = document.createElement("p");
      message.className = "sl-embed-error";
      message.setAttribute("role", "alert");
      message.textContent = `Session Lab could not start this example: ${error.message ?? error}`;
      this.shadowRoot.append(message);
      this.dataset.state = "failed";
    } finally {
      this.removeAttribute("aria-busy");
    }
  }
}

/** Wraps each ```sessionlab block that is not inside a <session-lab> element in one. */
function upgradeFences(root) {
  for (const code of root.querySelectorAll("pre > code.language-sessionlab")) {
    const pre = code.parentElement;
    if (pre.closest("session-lab")) continue;
    const element = document.createElement("session-lab");
    pre.replaceWith(element);
    element.append(pre);
  }
}

upgradeFences(document);
if (!customElements.get("session-lab")) customElements.define("session-lab", SessionLabElement);
