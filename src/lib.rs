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
//! - `ui` (wasm32 only): the Yew playground.
//! - `wasm_api` (wasm32, feature `js-api`): the JavaScript API for documentation pages. The
//!   playground app is built without it, so the app does not carry the runner's JSON code.
//!
//! Invariants: the engine never reads the wall clock or an OS random source (time and ids are
//! inputs, so a script always gives the same transcript); output iterates ordered maps; every
//! user-visible error is either a positioned shell error or a server-shaped reply; there is no
//! global mutable state, so several playgrounds can live on one page.

pub mod collections;
pub mod commands;
pub mod engine;
pub mod playground;
pub mod scenarios;
pub mod shell;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
pub mod wasm_api;
