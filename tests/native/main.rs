//! Native integration tests, one binary with a module per area (run one with
//! `cargo test --test native <module>::`).
#![cfg(not(target_arch = "wasm32"))]

mod architecture;
mod code_on_demand;
mod concerns;
mod console_window;
mod decimal;
mod doc_examples;
mod editor_keys;
mod json_records;
mod kill_rules;
mod lab_state;
mod lessons;
mod mixed_deployment;
mod playground;
mod presenter;
mod printing;
mod programs;
mod properties;
mod saved_work;
mod session_rules;
mod share;
mod shared_map;
mod shell_errors;
mod shell_language;
mod spec_errors;
mod support;
mod transactions;
mod transcripts;
mod untrusted_input;
