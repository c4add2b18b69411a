//! The JavaScript API for documentation pages (wasm-bindgen), exported by the app's own bundle
//! (`sessionlab.js`, declared in `sessionlab.d.ts`): mount playgrounds into elements, and run a
//! script headlessly to get the runner's JSON records (a promise: their writer is a part fetched
//! on first use, [`crate::ui::records_part`]).

use crate::engine::DeploymentOptions;
use crate::mount::api::{self, Given};
use crate::shell::Shell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r##"
/** Options of a mounted playground (all optional; `undefined` or `null` is the default). A
 * name that is not an option, or a value of the wrong type, throws a `TypeError` naming it. */
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
    let parsed = given_entries(&options).and_then(api::read).map_err(|why| {
        JsValue::from(js_sys::TypeError::new(&format!(
            "Session Lab mount options: {why}"
        )))
    })?;
    Ok(Playground {
        handle: Some(crate::ui::mount_into(element, parsed)),
    })
}

/// The options object's own entries, each value said as [`Given`] (none for `undefined` or
/// `null`).
///
/// # Errors
/// What to say when the options are not an object.
fn given_entries(options: &JsValue) -> Result<Vec<(String, Given)>, String> {
    if options.is_undefined() || options.is_null() {
        return Ok(Vec::new());
    }
    let Some(object) = options
        .dyn_ref::<js_sys::Object>()
        .filter(|_| options.is_object())
    else {
        return Err(format!(
            "expected an object of options, not {}",
            given(options).describe()
        ));
    };
    Ok(js_sys::Object::entries(object)
        .iter()
        .map(|entry| {
            let entry = js_sys::Array::from(&entry);
            (
                entry.get(0).as_string().unwrap_or_default(),
                given(&entry.get(1)),
            )
        })
        .collect())
}

/// What a JavaScript value is, for [`api::read`].
fn given(value: &JsValue) -> Given {
    if value.is_undefined() || value.is_null() {
        Given::Unset
    } else if let Some(b) = value.as_bool() {
        Given::Boolean(b)
    } else if let Some(n) = value.as_f64() {
        Given::Number(n)
    } else if let Some(text) = value.as_string() {
        Given::Text(text)
    } else {
        Given::Other(value.js_typeof().as_string().unwrap_or_default())
    }
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
