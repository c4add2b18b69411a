//! The files part ([`super::parts`]): exporting the playground (the scenario file, the
//! transcript as JSON or Markdown) and reading a scenario file that is opened, which few visitors
//! do, as a module of its own in the browser's build (`split_files.wasm`), fetched the first time
//! a file is exported or opened. The share bar's menus draw at once; the action waits for the
//! part (usually one short fetch), and if it cannot be fetched the page says so and changes
//! nothing.

use super::files;
use super::parts::{self, part_call, NotFetched};
use crate::export::Workshop;
use crate::playground::Playground;
use std::cell::OnceCell;

/// What the part does.
#[derive(Clone, Copy)]
pub struct FileActions {
    /// Downloads the playground as `kind`: `scenario` (the scenario file), `json` or `markdown`
    /// (the transcript up to the step shown); anything else does nothing.
    pub export: fn(&Playground, &str),
    /// Reads the text of an opened scenario file ([`files::parse_scenario`]).
    pub read_scenario: fn(&str) -> Result<Workshop, String>,
}

thread_local! {
    static ACTIONS: OnceCell<FileActions> = const { OnceCell::new() };
}

// The split point. The `Result` is the loader's (a `fallible` split point returns one); the
// macro's loader is generated unsafe code (an extern import, a static, a `#[no_mangle]` entry).
#[allow(unsafe_code, clippy::unnecessary_wraps)]
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(files, fallible))]
fn files_part() -> Result<FileActions, NotFetched> {
    Ok(FileActions {
        export,
        read_scenario: files::parse_scenario,
    })
}

/// The file actions, fetched if need be.
///
/// # Errors
/// A sentence for the page when the part cannot be fetched.
pub async fn fetch() -> Result<FileActions, String> {
    parts::fetched(&ACTIONS, part_call!(files_part))
        .await
        .map_err(|not_fetched| {
            not_fetched.sentence("the code that exports and opens files (split_files.wasm)")
        })
}

fn export(playground: &Playground, kind: &str) {
    let shown = &playground.steps()[..playground.cursor()];
    match kind {
        "scenario" => files::download(
            "session-lab-scenario.json",
            "application/json",
            &files::scenario_json(&playground.save()),
        ),
        "json" => files::download(
            "session-lab-transcript.json",
            "application/json",
            &files::transcript_json(shown),
        ),
        "markdown" => files::download(
            "session-lab-transcript.md",
            "text/markdown",
            &crate::export::markdown(shown, &playground.shell().session_names()),
        ),
        _ => {}
    }
}
