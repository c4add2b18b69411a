//! The architecture the README states, checked on the source: dependencies point down. A module
//! never names a module of a higher layer (`crate::…` and `super::…` paths are read from every
//! file under `src/`), no two files import each other, directly or around a loop, and the layers
//! below the UI never name the browser (`web_sys`, `js_sys`, `wasm_bindgen`, `gloo`, `yew`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The crate's top-level modules by layer: a module may name modules of its own layer or
/// lower ones only.
const LAYERS: &[&[&str]] = &[
    &[
        "collections",
        "shared_map",
        "decimal",
        "decimal128",
        "js_integers",
        "dates",
        "bson_input",
        "first_use",
    ],
    &["engine"],
    &["commands"],
    &["shell"],
    &[
        "console_window",
        "board_commands",
        "scenarios",
        "share",
        "export",
        "playground",
        "presenter",
        "mount",
        "lab_state",
        "editor_keys",
        "saved_work",
        "lessons",
        "doc_examples",
    ],
    &["ui", "wasm_api"],
];

/// Top-level modules that must run without a browser.
const BROWSER_FREE: &[&str] = &[
    "engine",
    "commands",
    "shell",
    "playground",
    "presenter",
    "lab_state",
    "editor_keys",
    "board_commands",
    "saved_work",
    "lessons",
    "doc_examples",
    "shared_map",
    "decimal128",
    "js_integers",
];

/// Names that mean the browser.
const BROWSER_CRATES: &[&str] = &["web_sys::", "js_sys::", "wasm_bindgen", "gloo", "yew::"];

/// A source file: its module path (`shell::eval`) and text.
struct Source {
    module: Vec<String>,
    text: String,
}

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&top))
}

/// Every `.rs` file under `src/`, as module paths (`src/shell/mod.rs` is `shell`).
fn crate_sources() -> Vec<Source> {
    fn walk(dir: &Path, prefix: &[String], out: &mut Vec<Source>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut inner = prefix.to_vec();
                inner.push(name);
                walk(&path, &inner, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut module = prefix.to_vec();
                if !matches!(name.as_str(), "mod" | "lib" | "main") {
                    module.push(name);
                }
                out.push(Source {
                    module,
                    text: std::fs::read_to_string(&path).unwrap(),
                });
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut out,
    );
    out
}

/// The paths a text names after `crate::` or `super::`, brace lists expanded (over several
/// lines, nested), comments skipped; `super` is resolved against `module` (a file's parent).
fn referenced_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for (anchor, base) in [
        ("crate::", Vec::new()),
        ("super::", module[..module.len().saturating_sub(1)].to_vec()),
    ] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(anchor) {
            rest = &rest[at + anchor.len()..];
            tree(&base, rest, &mut out);
        }
    }
    out
}

/// Reads `a::b::{c, d::{e}}` at the start of `text` after `path`, pushing each full path.
fn tree(path: &[String], text: &str, out: &mut Vec<Vec<String>>) {
    let mut path = path.to_vec();
    let mut tail = text.trim_start();
    loop {
        if let Some(list) = tail.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = 0;
            for (i, c) in list.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        tree(&path, &list[item_start..i], out);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        tree(&path, &list[item_start..i], out);
                        item_start = i + 1;
                    }
                    _ => {}
                }
            }
            return;
        }
        let name: String = tail
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || name == "self" {
            break;
        }
        tail = &tail[name.len()..];
        path.push(name);
        match tail.strip_prefix("::") {
            Some(next) => tail = next.trim_start(),
            None => break,
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
}

/// The longest known module a path starts with.
fn resolve(path: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
}

/// What breaks the architecture in `sources`, one line each.
fn violations(sources: &[Source]) -> Vec<String> {
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut problems = Vec::new();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for source in sources {
        let Some(top) = source.module.first() else {
            continue;
        };
        if BROWSER_FREE.contains(&top.as_str()) {
            for name in BROWSER_CRATES {
                if source
                    .text
                    .lines()
                    .any(|l| l.split("//").next().unwrap_or("").contains(name))
                {
                    problems.push(format!(
                        "{} names the browser ({})",
                        source.module.join("::"),
                        name.trim_end_matches(':')
                    ));
                }
            }
        }
        for path in referenced_paths(&source.module, &source.text) {
            let Some(target) = resolve(&path, &modules) else {
                continue;
            };
            let (Some(from), Some(to)) = (layer_of(top), target.first().and_then(|t| layer_of(t)))
            else {
                continue;
            };
            if to > from {
                problems.push(format!(
                    "{} imports {} from a higher layer",
                    source.module.join("::"),
                    target.join("::")
                ));
            }
            // Edges between files, not between a file and the modules that contain it.
            let nested = target.starts_with(&source.module) || source.module.starts_with(&target);
            if !nested {
                edges
                    .entry(source.module.clone())
                    .or_default()
                    .insert(target);
            }
        }
    }
    problems.extend(cycles(&edges));
    problems
}

/// Every import loop among files, each named once by its members.
fn cycles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let mut found = BTreeSet::new();
    for start in edges.keys() {
        // Depth-first from `start`, reporting paths that come back to it.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, trail)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    let mut members: Vec<String> = trail.iter().map(|m| m.join("::")).collect();
                    members.sort();
                    found.insert(format!("import loop: {}", members.join(" ↔ ")));
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    found.into_iter().collect()
}

fn source(module: &str, text: &str) -> Source {
    Source {
        module: module.split("::").map(str::to_owned).collect(),
        text: text.to_owned(),
    }
}

#[test]
fn dependencies_point_down_and_the_engine_never_names_the_browser() {
    let sources = crate_sources();
    // Every top-level module has a layer, so none escapes the check.
    for source in &sources {
        if let Some(top) = source.module.first() {
            assert!(
                layer_of(top).is_some(),
                "module {top} has no layer in LAYERS"
            );
        }
    }
    let problems = violations(&sources);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_check_catches_an_upward_import_a_loop_and_the_browser() {
    let problems = violations(&[
        source("engine", "use crate::commands::dispatch;"),
        source("commands", "pub fn dispatch() {}"),
        source("shell::client", "use super::{lab::MAX, value::Value};"),
        source("shell::lab", "use super::client::Flow;"),
        source("shell::value", ""),
        source("playground", "fn f() { web_sys::window(); }"),
        // Not violations: a comment, a child naming its parent, a lower layer.
        source("shell", "// crate::ui::App\nuse crate::engine::Deployment;"),
    ]);
    assert_eq!(
        problems,
        vec![
            "engine imports commands from a higher layer".to_owned(),
            "playground names the browser (web_sys)".to_owned(),
            "import loop: shell::client ↔ shell::lab".to_owned(),
        ]
    );
}

/// The split points, whose `wasm_split` macro generates the crate's only unsafe code (an extern
/// import, a static with an unsafe initialiser, a `#[no_mangle]` entry): `Cargo.toml` denies
/// `unsafe_code` (it cannot forbid it and let these allow it) and these files allow it by name.
const SPLIT_POINTS: &[&str] = &[
    "ui::lesson::part",
    "ui::presenter_gate",
    "ui::expect_gate",
    "ui::files_part",
    "ui::records_part",
    "ui::commands_part",
];

/// Modules that allow `unsafe_code` (or write `unsafe` themselves) other than the split points.
fn unsafe_outside_split_points(sources: &[Source]) -> Vec<String> {
    sources
        .iter()
        .filter(|s| !SPLIT_POINTS.contains(&s.module.join("::").as_str()))
        .filter(|s| {
            s.text.lines().any(|line| {
                let code = line.split("//").next().unwrap_or_default();
                code.contains("unsafe_code") || code.contains("unsafe ") || code.contains("unsafe(")
            })
        })
        .map(|s| s.module.join("::"))
        .collect()
}

#[test]
fn unsafe_code_is_allowed_only_at_the_split_points() {
    let sources = crate_sources();
    assert_eq!(unsafe_outside_split_points(&sources), Vec::<String>::new());
    for point in SPLIT_POINTS {
        let file = sources.iter().find(|s| s.module.join("::") == *point);
        assert!(
            file.is_some_and(
                |s| s.text.contains("#[allow(unsafe_code") && s.text.contains("wasm_split(")
            ),
            "{point} is a split point that allows unsafe_code"
        );
    }
    // The check sees an allow and an unsafe block elsewhere, and not a comment.
    assert_eq!(
        unsafe_outside_split_points(&[
            source("ui::board", "#[allow(unsafe_code)]\nfn f() {}"),
            source("engine", "fn f() { unsafe { g() } }"),
            source("shell", "// no unsafe code here\nfn f() {}"),
            source("ui::presenter_gate", "#[allow(unsafe_code)]"),
        ]),
        vec!["ui::board".to_owned(), "engine".to_owned()]
    );
}

/// Yew's hooks whose machinery is compiled once per type or call site: the UI calls
/// `ui::hooks`' `use_kept` and `use_effect_on` instead, which hand Yew one type each (about
/// 3 KB of the first load's gzip when they landed).
const PER_TYPE_HOOKS: &[&str] = &["use_state", "use_state_eq", "use_effect", "use_effect_with"];

/// `module: hook` for each call of a [`PER_TYPE_HOOKS`] hook outside `ui::hooks`, comments skipped.
fn per_type_hook_calls(sources: &[Source]) -> Vec<String> {
    let mut found = Vec::new();
    for source in sources
        .iter()
        .filter(|s| s.module.join("::") != "ui::hooks")
    {
        for line in source.text.lines() {
            let code = line.split("//").next().unwrap_or_default();
            for hook in PER_TYPE_HOOKS {
                let called = code.match_indices(&format!("{hook}(")).any(|(at, _)| {
                    !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                if called {
                    found.push(format!("{}: {hook}", source.module.join("::")));
                }
            }
        }
    }
    found
}

#[test]
fn the_ui_keeps_state_and_runs_effects_through_its_own_hooks() {
    assert_eq!(per_type_hook_calls(&crate_sources()), Vec::<String>::new());
    // The check sees a call, and not a comment or a hook whose name ends like one.
    assert_eq!(
        per_type_hook_calls(&[
            source("ui::board", "let open = use_state(|| false);"),
            source("ui::console", "use_effect_with((), |()| ());"),
            source("ui::header", "// use_state(|| 0)\nlet t = use_kept(|| 0);"),
            source("ui::editor", "my_use_state(1); use_effect_on((), f);"),
        ]),
        vec!["ui::board: use_state", "ui::console: use_effect_with"]
    );
}
