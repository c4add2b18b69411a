//! The JavaScript API for documentation pages (wasm-bindgen): run a script headlessly and get
//! the runner's JSON records. The only module that knows `JsValue`.

use crate::engine::DeploymentOptions;
use crate::shell::Shell;
use wasm_bindgen::prelude::*;

/// Runs `script` against a fresh deployment and returns one record per top-level statement,
/// in the same shape as `sessionlab run --json`.
#[wasm_bindgen(js_name = runScript)]
pub fn run_script(script: &str) -> Result<JsValue, JsValue> {
    let mut shell = Shell::new(DeploymentOptions::default());
    let records: Vec<serde_json::Value> = shell
        .execute(1, script)
        .iter()
        .map(crate::shell::Record::json)
        .collect();
    // Plain objects, not `Map`s, so pages can read `record.source`.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    serde::Serialize::serialize(&records, &serializer)
        .map_err(|e| JsValue::from_str(&e.to_string()))
}
