//! Session Lab: a playground for `MongoDB` logical sessions and transactions.
//!
//! A Rust engine simulates a `MongoDB` 8 replica-set primary faithfully enough to learn what
//! `killAllSessions` and its relatives really do: same replies, same error codes and messages,
//! same surprising rules (a killed session stays listed and usable; a prepared transaction is
//! never aborted by a kill; `killSessions: []` kills everything when access control is off).
//!
//! Module map (dependencies point down; nothing above `ui`/`wasm_api` knows the browser):
//! - [`engine`]: the deployment's state and mechanisms (users, sessions, transactions,
//!   operations, cursors, the kill machinery, the logical clock).
//! - [`commands`]: one module per command family; parses command documents with the server's
//!   IDL messages and runs them against the engine.
//! - [`shell`]: mongosh-style text → values and calls → command documents; the printer that
//!   formats results the way mongosh does; the transcript runner.
//! - [`export`]: the scenario file (JSON) and the transcript as Markdown.
//! - [`mount`]: how a playground is shown (full or embedded) and what it starts with.
//! - [`playground`], [`scenarios`], [`share`]: the timeline of steps, the built-in scenarios, and
//!   the share-link format (everything but the browser's compression).
//! - [`presenter`]: presenter mode's script (captions, `//! note`, `//! pause`), the clicker's
//!   rules and the notes window's cue.
//! - [`doc_examples`]: documentation pages' `sessionlab` examples and their `expect` lines,
//!   checked on the engine (`sessionlab check-docs`).
//! - [`lessons`]: lesson files, goals checked against the engine's state, predictions, progress,
//!   and the checker (`sessionlab lesson check`).
//! - `ui` (wasm32 only): the Yew playground.
//! - `wasm_api` (wasm32): the JavaScript API for documentation pages (`mount`, `runScript`),
//!   exported by the same bundle as the app.
//!
//! Invariants: the engine never reads the wall clock or an OS random source (time and ids are
//! inputs, so a script always gives the same transcript); output iterates ordered maps; every
//! user-visible error is either a positioned shell error or a server-shaped reply; there is no
//! global mutable state, so several playgrounds can live on one page.

pub mod board_commands;
pub mod bson_input;
pub mod collections;
pub mod commands;
pub mod console_window;
pub mod dates;
pub mod decimal;
pub mod decimal128;
pub mod doc_examples;
pub mod editor_keys;
pub mod engine;
pub mod export;
pub mod first_use;
pub mod js_integers;
pub mod lab_state;
pub mod lessons;
pub mod mount;
pub mod playground;
pub mod presenter;
pub mod saved_work;
pub mod scenarios;
pub mod share;
pub mod shared_map;
pub mod shell;

// Not in the size floors' build (`--cfg sessionlab_floor`, scripts/size-floor.sh): the engine
// and the shell without the page and its JavaScript API.
#[cfg(all(target_arch = "wasm32", not(sessionlab_floor)))]
pub mod ui;
#[cfg(all(target_arch = "wasm32", not(sessionlab_floor)))]
pub mod wasm_api;
