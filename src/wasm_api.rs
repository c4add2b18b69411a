//! The JavaScript API for documentation pages (wasm-bindgen), exported by the app's own bundle
//! (`sessionlab.js`, declared in `sessionlab.d.ts`): mount playgrounds into elements, and run a
//! script headlessly to get the runner's JSON records (a promise: their writer is a part fetched
//! on first use, [`crate::ui::records_part`]).

use crate::engine::DeploymentOptions;
use crate::mount::MountOptions;
use crate::shell::Shell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r##"
/** Options of a mounted playground (all optional). */
export interface MountOptions {
  /** Compact layout for documentation pages (default true here; false mounts the full playground). */
  embed?: boolean;
  /** No console input and no board actions: the reader steps through the script. */
  readOnly?: boolean;
  /** Apply the script's steps at once (default true); otherwise the board starts empty. */
  autorun?: boolean;
  /** The step to show first. */
  step?: number;
  /** Height in CSS pixels (the embed scrolls inside). */
  height?: number;
  /** A forced theme; otherwise the system's. */
  theme?: "light" | "dark";
  /** A built-in scenario: "kill-all", "kill-users", "prepared-survives" or "kill-own". */
  scenario?: string;
  /** A script, one step per top-level statement (with the comments above it). A documentation
   * block's directives work: `//! hide` / `//! show`, `//! expect <goal>` (checked live),
   * `//! choice "label" <command>` (buttons). With `scenario`, it runs on the scenario's steps
   * before its kill. */
  script?: string;
  /** A shipped lesson to start (its id, as in `?lesson=`). */
  lesson?: string;
  /** A share link (or its "#v1.…" fragment). */
  link?: string;
}

/** One record per top-level statement, as `sessionlab run --json` prints them. */
export interface TranscriptRecord {
  console: number;
  source: string;
  line: number;
  result?: unknown;
  error?: { name: string; code?: number; codeName?: string; errmsg?: string; errorLabels?: string[]; message?: string; line?: number; column?: number; hint?: string };
  printed?: string[];
  verdicts?: { id: string; uid: string; user: string | null; fate: "killed" | "survived"; reason: string; explanation: string; entry: number | null; decided_by: string; session: string | null; effects: Record<string, unknown> }[];
  events?: { at: number; kind: string; message: string }[];
  hints?: string[];
}

/** Mounts a playground into `element`; several can live on one page. */
export function mount(element: Element, options?: MountOptions): Playground;
/** Runs `script` against a fresh deployment (seed 1 unless given) and answers its records. The
 * first call fetches the code that writes them (`split_records.wasm`); if that fails, the
 * promise is rejected with an `Error` saying so, and the next call tries again. */
export function runScript(script: string, seed?: number): Promise<TranscriptRecord[]>;
"##;

/// The options `mount` accepts (`MountOptions`' fields, but `persist`).
const OPTION_NAMES: [&str; 10] = [
    "embed", "readOnly", "autorun", "step", "height", "theme", "scenario", "script", "link",
    "lesson",
];

/// A mounted playground.
#[wasm_bindgen]
pub struct Playground {
    handle: Option<yew::AppHandle<crate::ui::App>>,
}

#[wasm_bindgen]
impl Playground {
    /// Removes the playground from its element.
    pub fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}

/// Mounts a playground into `element`. API mounts never touch the autosave, so several can
/// live on one page; the layout is the embed unless `embed: false`.
///
/// # Errors
/// A `TypeError` when an option is unknown or has the wrong type.
#[wasm_bindgen(skip_typescript)]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<Playground, JsValue> {
    let explicit_embed =
        options.is_object() && js_sys::Reflect::has(&options, &"embed".into()).unwrap_or(false);
    // serde-wasm-bindgen reads only the fields it knows: name a misspelled one here.
    if let Some(key) = crate::ui::files::unknown_key(&options, &OPTION_NAMES) {
        return Err(js_sys::TypeError::new(&format!(
            "Session Lab mount options: unknown option `{key}`, expected one of {}",
            OPTION_NAMES.join(", ")
        ))
        .into());
    }
    let mut parsed: MountOptions = if options.is_undefined() || options.is_null() {
        MountOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| {
            let reason = crate::ui::files::reason(&e);
            JsValue::from(js_sys::TypeError::new(&format!(
                "Session Lab mount options: {reason}"
            )))
        })?
    };
    if !explicit_embed {
        parsed.embed = true;
    }
    parsed.persist = false;
    Ok(Playground {
        handle: Some(crate::ui::mount_into(element, parsed)),
    })
}

/// Runs `script` against a fresh deployment and answers one record per top-level statement,
/// in the same shape as `sessionlab run --json`. A promise: the code that writes the records is
/// fetched the first time ([`crate::ui::records_part`]), and the code of the commands few pages
/// run the first time a script reaches one ([`crate::ui::commands_part`]).
///
/// # Errors
/// An `Error` when that code cannot be fetched (the next call tries again), or when the records
/// cannot be converted (they always can).
#[wasm_bindgen(js_name = runScript, skip_typescript)]
pub async fn run_script(script: String, seed: Option<f64>) -> Result<JsValue, JsValue> {
    let failed = |why: String| JsValue::from(js_sys::Error::new(&why));
    let to_js = crate::ui::records_part::fetch().await.map_err(failed)?;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a seed given as a JavaScript number"
    )]
    let seed = seed.map_or(DeploymentOptions::default().seed, |s| s.max(0.0) as u64);
    let options = DeploymentOptions {
        seed,
        ..DeploymentOptions::default()
    };
    let mut shell = Shell::new(options);
    let mut records = shell.execute(1, &script);
    if shell.deployment.missed_code() {
        // It reached a command whose code is still to fetch: it runs again, from the start,
        // once the code is here.
        crate::ui::commands_part::fetch().await.map_err(failed)?;
        records = Shell::new(options).execute(1, &script);
    }
    to_js(&records)
}
