# Sourced by the scripts that make the release build (run.sh, test.sh, size-profile.sh) and by
# setup.sh, which installs the toolchain. The release WebAssembly is built with a pinned nightly
# compiler that rebuilds the standard library with the app's settings (`-Zbuild-std`) and turns a
# panic into a bare trap (`panic = "immediate-abort"`): with the settings below the first load is
# 32,371 B of gzip smaller (docs/performance.md, "The release toolchain"). The page still says when the module
# has stopped: a trap reaches the page as a `WebAssembly.RuntimeError`, which src/ui/crash.rs
# listens for. Everything else (tests, clippy, the runner, benchmarks) uses the machine's stable
# toolchain.
# Only environment variables: cargo reads its `-Z` flags and profile settings from them, and a
# stable cargo never sees them.
RELEASE_TOOLCHAIN=nightly-2026-05-20
release_env() {
  export RUSTUP_TOOLCHAIN=$RELEASE_TOOLCHAIN
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  # The standard library's own smaller variants (simpler sorts, integer formatting without
  # tables): 3,072 B of gzip.
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_UNSTABLE_PANIC_IMMEDIATE_ABORT=true
  export CARGO_PROFILE_RELEASE_PANIC=immediate-abort
  # The nightly mangles names the v0 way; scripts/split-wasm.py orders the functions by their
  # legacy-mangled names (3,260 B of gzip better than by v0 names). A derived `Debug` writes only
  # the type's or variant's name (`-Zfmt-debug=shallow`, 791 B): the app writes no derived
  # `Debug` anywhere a user reads it (`none`, which empties every `{:?}`, would save 4.6 KB
  # more but blank the quoted values in serde's messages about an opened file). A panic is a
  # bare trap, whose file, line and column nothing ever prints: they are not kept
  # (`-Zlocation-detail=none`, 158 B). Cargo adds these flags to .cargo/config.toml's for the
  # target (its --emit-relocs, which they repeat; scripts/size-floor.sh, which needs a build
  # without it, sets RUSTFLAGS instead, which replaces both).
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Clink-args=--emit-relocs -Zunstable-options -Csymbol-mangling-version=legacy -Zfmt-debug=shallow -Zlocation-detail=none"
}
# The release build (Trunk, release profile) with the toolchain and settings above.
release_build() { (release_env && trunk build --release "$@"); }
