//! The one binary: in the browser it mounts the playground; natively it is the headless
//! runner `sessionlab run [--json] FILE`.

#[cfg(target_arch = "wasm32")]
fn main() {
    sessionlab::ui::mount_app();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    sessionlab::shell::cli::main()
}
