//! The lesson files, fetched the first time a lesson is needed instead of shipping in the
//! WebAssembly module every visitor downloads (issue 15: "load it when it is used").
//!
//! The build writes them beside the app as one file, `lessons.json` (`scripts/lessons-bundle.py`,
//! a Trunk post-build hook): `[[file name, text], …]` in catalogue order. It is fetched from
//! beside `sessionlab.js` (the glue's `import.meta.url`), so a documentation page that mounts the
//! app from another folder or origin finds it where it finds the WebAssembly. [`super::load`]
//! fetches it with the lesson part and installs it once both are here.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The bundle's name, beside `sessionlab.js`.
pub const BUNDLE: &str = "lessons.json";

#[wasm_bindgen]
extern "C" {
    /// `import.meta` of wasm-bindgen's glue module, `sessionlab.js`.
    type ImportMeta;
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;
}

/// The bundle's `(file name, text)` pairs.
pub type Files = [(String, String)];

/// The lesson files as fetched, not installed yet.
pub struct Fetched {
    url: String,
    files: Vec<(String, String)>,
}

/// Fetches the lesson files.
///
/// # Errors
/// A sentence for the page when they cannot be fetched (offline, say).
pub async fn fetch() -> Result<Fetched, String> {
    let url = web_sys::Url::new_with_base(BUNDLE, &IMPORT_META.with(ImportMeta::url))
        .map_or_else(|_| BUNDLE.to_owned(), |url| url.href());
    match fetch_files(&url).await {
        Ok(files) => Ok(Fetched { url, files }),
        Err(why) => Err(format!(
            "The lessons could not be loaded from {url} ({why}). Check the connection and try again."
        )),
    }
}

impl Fetched {
    /// Makes them the shipped lessons ([`crate::lessons::catalogue`]) with `read`, the lesson
    /// part's reader.
    ///
    /// # Errors
    /// A sentence for the page when one cannot be read (a file from another build).
    pub fn install(self, read: fn(&Files) -> Result<(), String>) -> Result<(), String> {
        read(&self.files).map_err(|why| {
            format!(
                "The lessons from {} do not match this version of Session Lab ({why}). Reloading the page may help.",
                self.url
            )
        })
    }
}

/// The bundle's `(file name, text)` pairs.
async fn fetch_files(url: &str) -> Result<Vec<(String, String)>, String> {
    let described = |error: JsValue| {
        error
            .dyn_ref::<js_sys::Error>()
            .map_or_else(|| format!("{error:?}"), |e| String::from(e.message()))
    };
    let response: web_sys::Response = JsFuture::from(gloo::utils::window().fetch_with_str(url))
        .await
        .map_err(described)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let json = JsFuture::from(response.json().map_err(described)?)
        .await
        .map_err(described)?;
    let entries: Array = json
        .dyn_into()
        .map_err(|_| "not a list of lesson files".to_owned())?;
    entries
        .iter()
        .map(|entry| {
            let pair = entry.dyn_into::<Array>().ok();
            let text = |i| pair.as_ref().and_then(|p| p.get(i).as_string());
            text(0)
                .zip(text(1))
                .ok_or_else(|| "an entry is not [file name, text]".to_owned())
        })
        .collect()
}
