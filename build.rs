//! Lists the shipped lessons: every `lessons/*.md`, in file-name order, compiled into the app
//! (`src/lessons/catalogue.rs` includes the generated list), so a trainer adds a lesson by adding
//! its file, without touching Rust.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=lessons");
    // Read when the script runs, not when it was compiled: a build script compiled for another
    // checkout of the same sources is reused by cargo, and its compile-time path may be gone.
    let root = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("lessons");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the lessons folder")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        })
        .collect();
    names.sort();
    let mut list = String::from("&[\n");
    for name in &names {
        let _ = writeln!(
            list,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/lessons/\", {name:?}))),"
        );
    }
    list.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.rs");
    std::fs::write(out, list).expect("the generated list of lessons");
}
