//! The engine as WebAssembly in headless Chromium, measured, not asserted (a benchmark in the
//! browser, beside `cargo bench --bench kill`): the same kill benchmark (1k, 10k and 100k
//! sessions in the same mix, each iteration killing a fresh clone, the clone outside the
//! timing), and the heap of a playground with 10,000 sessions and 200 timeline steps, counted
//! by `stats_alloc` around the allocator the app ships with (talc, src/main.rs). The test
//! command runs it in release with `--nocapture` and the README reports the `FIGURE` lines.
#![cfg(target_arch = "wasm32")]

use sessionlab::playground::Playground;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "native/mixed_deployment.rs"]
mod mixed_deployment;

wasm_bindgen_test_configure!(run_in_browser);

/// The app's allocator (src/main.rs), so the timings are the shipped engine's, counted.
#[global_allocator]
static ALLOCATOR: stats_alloc::StatsAlloc<talc::wasm::WasmDynamicTalc> =
    stats_alloc::StatsAlloc::new(talc::wasm::new_wasm_dynamic_allocator());

/// Live heap bytes right now.
fn live_bytes() -> usize {
    let stats = ALLOCATOR.stats();
    stats
        .bytes_allocated
        .saturating_sub(stats.bytes_deallocated)
}

/// Milliseconds from the page's clock (the benchmark's, not the engine's).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

#[wasm_bindgen_test]
fn kill_benchmark_as_webassembly() {
    for n in [1_000, 10_000, 100_000] {
        let (deployment, admin) = mixed_deployment::benchmark_deployment(n);
        let runs = if n >= 100_000 { 10 } else { 30 };
        for (name, command) in mixed_deployment::benchmark_commands() {
            let samples = (0..runs)
                .map(|_| {
                    let mut fresh = deployment.clone();
                    let start = now_ms();
                    let outcome = fresh.run_command(admin, "admin", &command);
                    let elapsed = now_ms() - start;
                    std::hint::black_box(outcome);
                    elapsed
                })
                .collect();
            console_log!(
                "FIGURE wasm killAllSessions/{n} {name}: median {:.2} ms ({runs} runs)",
                median(samples)
            );
        }
        let clones = (0..runs)
            .map(|_| {
                let start = now_ms();
                let copy = std::hint::black_box(deployment.clone());
                let elapsed = now_ms() - start;
                drop(copy);
                elapsed
            })
            .collect();
        console_log!(
            "FIGURE wasm killAllSessions/{n} clone (snapshot): median {:.2} ms",
            median(clones)
        );
    }
}

#[wasm_bindgen_test]
fn heap_of_a_playground_with_10000_sessions_and_200_steps() {
    let before = live_bytes();
    let mut playground = Playground::default();
    let step = "db.runCommand({ ping: 1, lsid: { id: UUID() } })\n".repeat(50);
    for _ in 0..200 {
        playground.run(1, &step);
    }
    let sessions = playground.shell().deployment.board().sessions.len();
    let live = live_bytes().saturating_sub(before);
    let memory = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0, |b| b.byte_length());
    console_log!(
        "FIGURE heap: {sessions} sessions, {} steps, {} snapshots held: {live} B live ({} B per session); WebAssembly memory {memory} B",
        playground.steps().len(),
        playground.snapshots_held(),
        live / sessions.max(1)
    );
    assert_eq!(sessions, 10_000, "the playground holds what it was given");
}
