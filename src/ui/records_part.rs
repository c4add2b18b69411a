//! The records part ([`super::parts`]): the JavaScript API's `runScript` answers with the
//! runner's JSON records as JavaScript objects, and writing them (the records' serde shapes
//! through serde-wasm-bindgen) is code only pages that call it need. In the browser's build it
//! is a module of its own (`split_records.wasm`), fetched the first time a page calls
//! `runScript`, which therefore answers with a promise. Running the script is the engine's and
//! the shell's, which every playground has already.

use super::parts::{self, part_call, NotFetched};
use crate::shell::json::{Numbers, RecordJson};
use crate::shell::Record;
use std::cell::OnceCell;
use wasm_bindgen::JsValue;

/// What the part does: a script's records as `sessionlab run --json` writes them, as plain
/// JavaScript objects (64-bit integers past 2^53 as `{ "$numberLong": "…" }`).
pub type RecordsToJs = fn(&[Record]) -> Result<JsValue, JsValue>;

thread_local! {
    static TO_JS: OnceCell<RecordsToJs> = const { OnceCell::new() };
}

// The split point. The `Result` is the loader's (a `fallible` split point returns one); the
// macro's loader is generated unsafe code (an extern import, a static, a `#[no_mangle]` entry).
#[allow(unsafe_code, clippy::unnecessary_wraps)]
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(records, fallible))]
fn records_part() -> Result<RecordsToJs, NotFetched> {
    Ok(records_to_js)
}

/// The records' writer, fetched if need be.
///
/// # Errors
/// A sentence for the page when the part cannot be fetched.
pub async fn fetch() -> Result<RecordsToJs, String> {
    parts::fetched(&TO_JS, part_call!(records_part))
        .await
        .map_err(|not_fetched| {
            not_fetched.sentence("the code that writes runScript's records (split_records.wasm)")
        })
}

fn records_to_js(records: &[Record]) -> Result<JsValue, JsValue> {
    let records: Vec<_> = records
        .iter()
        .map(|r| RecordJson::new(r, Numbers::Safe))
        .collect();
    // Plain objects, not `Map`s, so pages can read `record.source`.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    serde::Serialize::serialize(&records, &serializer)
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}
