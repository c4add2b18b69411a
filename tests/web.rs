//! Browser tests (wasm-bindgen-test in headless Chromium): the JavaScript API and the app
//! mounted into a page element.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[cfg(feature = "js-api")]
fn get(value: &wasm_bindgen::JsValue, key: &str) -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

#[cfg(feature = "js-api")]
#[wasm_bindgen_test]
fn run_script_returns_the_runner_records() {
    let records = sessionlab::wasm_api::run_script(
        "db.runCommand({ killAllSessions: [] })\ndb.runCommand({ killAllSessions: 1 })",
    )
    .unwrap();
    let records: js_sys::Array = records.dyn_into().unwrap();
    assert_eq!(records.length(), 2);
    let first = records.get(0);
    assert_eq!(
        get(&first, "source").as_string().unwrap(),
        "db.runCommand({ killAllSessions: [] })"
    );
    assert_eq!(get(&get(&first, "result"), "ok").as_f64(), Some(1.0));
    assert!(js_sys::Array::is_array(&get(&first, "verdicts")));
    let error = get(&records.get(1), "error");
    assert_eq!(get(&error, "code").as_f64(), Some(14.0));
    assert_eq!(get(&error, "codeName").as_string().unwrap(), "TypeMismatch");
}

#[wasm_bindgen_test]
fn the_engine_runs_the_seed_scenario_in_the_browser() {
    let mut shell = sessionlab::shell::Shell::default();
    let records = shell.execute(1, sessionlab::scenarios::SCENARIOS[1].script);
    let report = records
        .iter()
        .rev()
        .find_map(|r| r.report.clone())
        .expect("a kill report");
    let killed: Vec<_> = report
        .verdicts()
        .iter()
        .filter(|v| v.fate == sessionlab::engine::kill::Fate::Killed)
        .filter_map(|v| v.user.clone())
        .collect();
    assert_eq!(
        killed,
        vec!["appReader@db1".to_owned(), "reportWriter@db2".to_owned()]
    );
}

#[wasm_bindgen_test]
async fn the_app_mounts_into_an_element_and_renders_the_board() {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<sessionlab::ui::App>::with_root(root.clone()).render();
    yew::platform::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(
        root.query_selector("h1")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Session Lab"
    );
    assert!(root.query_selector("#console-input").unwrap().is_some());
}
