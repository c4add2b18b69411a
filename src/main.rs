//! The one binary: in the browser it mounts the playground; natively it is the headless
//! runner `sessionlab run [--json] FILE`, the lesson checker `sessionlab lesson check
//! [--json] FILE…` and the documentation checker `sessionlab check-docs [--json] FILE…`.

/// The browser's allocator: talc instead of Rust's default dlmalloc, 1,783 B smaller in the first
/// load and faster at the engine's kill benchmark (docs/performance.md, "The allocator": the page's repaint at
/// 1,000 sessions may be a little slower).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    sessionlab::ui::mount_app();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("lesson") => return sessionlab::lessons::cli::main(),
        Some("check-docs") => return sessionlab::lessons::cli::check_docs(),
        _ => {}
    }
    sessionlab::shell::cli::main()
}
