//! Files in the browser: download a text file and read a chosen one; the scenario file and the
//! JSON transcript through the browser's own `JSON` (the app carries no JSON library).

use crate::export::ScenarioFile;
use crate::playground::{SavedPlayground, Step};
use crate::shell::json::Numbers;
use js_sys::{Array, JSON};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Offers `text` as a download named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The text of a chosen file.
///
/// # Errors
/// When the browser cannot read it.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "the file could not be read".to_owned())
}

/// What serde-wasm-bindgen found wrong, without the `Error: ` of the JavaScript error it wraps.
fn reason(error: &serde_wasm_bindgen::Error) -> String {
    let text = error.to_string();
    text.strip_prefix("Error: ").unwrap_or(&text).to_owned()
}

/// The first key of a JavaScript object that is not among `known` (serde-wasm-bindgen reads a
/// struct's fields by name and never sees an unknown one, so `deny_unknown_fields` alone would
/// let it through in the browser).
fn unknown_key(value: &JsValue, known: &[&str]) -> Option<String> {
    let object = value.dyn_ref::<js_sys::Object>()?;
    js_sys::Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
        .find(|k| !known.contains(&k.as_str()))
}

/// serde's words for an unknown field.
fn unknown_field(value: &JsValue, known: &[&str]) -> Option<String> {
    let key = unknown_key(value, known)?;
    let expected: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    Some(format!(
        "unknown field `{key}`, expected one of {}",
        expected.join(", ")
    ))
}

/// Indented JSON text of serde data, by the browser's `JSON.stringify`.
fn to_json_text<T: serde::Serialize>(value: &T) -> String {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .ok()
        .and_then(|v| {
            JSON::stringify_with_replacer_and_space(&v, &JsValue::NULL, &JsValue::from(2)).ok()
        })
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// The scenario file's JSON text.
pub fn scenario_json(saved: &SavedPlayground) -> String {
    to_json_text(&ScenarioFile::from(saved))
}

/// A workshop's JSON text: the scenario file with the branches its forks kept.
pub fn workshop_json(saved: &SavedPlayground, branches: &[crate::lab_state::Branch]) -> String {
    let branches: Vec<_> = branches.iter().map(|b| (b.at, b.saved.clone())).collect();
    to_json_text(&ScenarioFile::workshop(saved, &branches))
}

/// The transcript of the steps shown as the runner's JSON records.
pub fn transcript_json(steps: &[Rc<Step>]) -> String {
    to_json_text(&crate::export::transcript_records(steps, Numbers::Safe))
}

/// Reads a scenario file (and a workshop's branches).
///
/// # Errors
/// A sentence saying what is wrong: not JSON, not a scenario file, or an unknown version.
pub fn parse_scenario(text: &str) -> Result<crate::export::Workshop, String> {
    let value = JSON::parse(text).map_err(|e| {
        let detail = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default();
        format!("the file is not JSON ({detail})")
    })?;
    let not_a_scenario = |why: String| format!("the file is not a Session Lab scenario ({why})");
    let steps = js_sys::Reflect::get(&value, &"steps".into()).unwrap_or(JsValue::UNDEFINED);
    // serde-wasm-bindgen would read a string as a sequence of characters (strings iterate in
    // JavaScript) and fail with a JavaScript message: check the shapes first, in serde's words.
    let invalid = |v: &JsValue, expected: &str| {
        let shown = JSON::stringify(v)
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default();
        not_a_scenario(format!("invalid type: {shown}, expected {expected}"))
    };
    if !steps.is_undefined() && !Array::is_array(&steps) {
        return Err(invalid(&steps, "a sequence"));
    }
    if let Some(step) = steps
        .dyn_ref::<Array>()
        .and_then(|a| a.iter().find(|s| !s.is_object() || Array::is_array(s)))
    {
        return Err(invalid(&step, "struct FileStep"));
    }
    let unknown = unknown_field(&value, ScenarioFile::FIELDS).or_else(|| {
        steps
            .dyn_ref::<Array>()?
            .iter()
            .find_map(|step| unknown_field(&step, crate::export::FileStep::FIELDS))
    });
    if let Some(why) = unknown {
        return Err(not_a_scenario(why));
    }
    let file: ScenarioFile =
        serde_wasm_bindgen::from_value(value).map_err(|e| not_a_scenario(reason(&e)))?;
    file.into_workshop()
}
