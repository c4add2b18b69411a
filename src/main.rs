//! The one binary: in the browser it mounts the playground; natively it is the headless
//! runner `sessionlab run [--json] FILE` and the lesson checker `sessionlab lesson check
//! [--json] FILE…`.

#[cfg(target_arch = "wasm32")]
fn main() {
    sessionlab::ui::mount_app();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    if std::env::args().nth(1).as_deref() == Some("lesson") {
        return sessionlab::lessons::cli::main();
    }
    sessionlab::shell::cli::main()
}
