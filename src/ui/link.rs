//! Share links in the browser: raw DEFLATE by the browser's own `CompressionStream` (so the app
//! carries no compressor), the fragment format of [`crate::share`], and the addresses of the
//! full playground and of an embed for the same scenario.

use crate::mount::MountOptions;
use crate::playground::SavedPlayground;
use crate::share::{self, LinkError};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableWritablePair, Response};

// `CompressionStream` and `DecompressionStream` (every current browser has them; web-sys keeps
// them behind its unstable-API flag, so they are bound here).
#[wasm_bindgen]
extern "C" {
    /// A compression or decompression stream: a writable side for input, a readable for output.
    type CodecStream;
    #[wasm_bindgen(constructor, js_class = "CompressionStream", catch)]
    fn compressor(format: &str) -> Result<CodecStream, JsValue>;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn decompressor(format: &str) -> Result<CodecStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CodecStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CodecStream) -> web_sys::WritableStream;
}

/// Pipes bytes through a compression stream and collects the output.
async fn transform(bytes: &[u8], stream: Result<CodecStream, JsValue>) -> Result<Vec<u8>, JsValue> {
    let stream = stream?;
    let pair = ReadableWritablePair::new(&stream.readable(), &stream.writable());
    let blob = Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes)))?;
    let response =
        Response::new_with_opt_readable_stream(Some(&blob.stream().pipe_through(&pair)))?;
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Raw DEFLATE.
///
/// # Errors
/// When the browser has no `CompressionStream`.
pub async fn deflate(bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
    transform(bytes, CodecStream::compressor("deflate-raw")).await
}

/// Raw INFLATE, reading the output a chunk at a time and stopping as soon as it passes
/// `limit` bytes (a 64 KB link could otherwise inflate to 50 MB before any check).
///
/// The compressed bytes go in a piece at a time, each piece in a browser task of its own: the
/// browser inflates a whole piece at once on this thread, and a piece of a compression bomb
/// inflates a thousandfold, so one large piece would be one long task.
///
/// # Errors
/// [`LinkError::BadCompression`] when the data is not a complete DEFLATE stream,
/// [`LinkError::TooLarge`] past the limit.
pub async fn inflate(bytes: &[u8], limit: usize) -> Result<Vec<u8>, LinkError> {
    let bad = |_| LinkError::BadCompression;
    let stream = CodecStream::decompressor("deflate-raw").map_err(bad)?;
    let writer = stream.writable().get_writer().map_err(bad)?;
    let reader: web_sys::ReadableStreamDefaultReader =
        stream.readable().get_reader().unchecked_into();
    let pieces: Vec<Uint8Array> = bytes
        .chunks(INFLATE_INPUT_PIECE)
        .map(Uint8Array::from)
        .collect();
    wasm_bindgen_futures::spawn_local(async move {
        for piece in pieces {
            // A write fails once the reader has cancelled (past the limit, or bad data).
            if JsFuture::from(writer.write_with_chunk(&piece))
                .await
                .is_err()
            {
                return;
            }
            next_task().await;
        }
        let _ = JsFuture::from(writer.close()).await;
    });
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(bad)?;
        if js_sys::Reflect::get(&chunk, &"done".into())
            .map_err(bad)?
            .is_truthy()
        {
            return Ok(out);
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).map_err(bad)?;
        out.extend_from_slice(&Uint8Array::new(&value).to_vec());
        if out.len() > limit {
            let _ = reader.cancel();
            return Err(LinkError::TooLarge);
        }
    }
}

/// Compressed bytes given to the browser's inflater per task (a kilobyte inflates to at most
/// about a megabyte).
const INFLATE_INPUT_PIECE: usize = 1024;

/// Resolves in a later task (a zero-delay timer), so the page can paint and take input and
/// what follows does not lengthen the current task.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .is_some_and(|window| window.set_timeout_with_callback(&resolve).is_ok());
        if !scheduled {
            // No timer to wait for: go on at once rather than never.
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The fragment (without `#`) of a link to this playground.
///
/// # Errors
/// When the browser cannot compress.
pub async fn fragment_for(saved: &SavedPlayground) -> Result<String, String> {
    let too_big = |why: String| {
        format!("{why}, so no link would open it; export a scenario file (Export…) instead")
    };
    let bytes = share::check_shareable(saved).map_err(|error| too_big(error.to_string()))?;
    let compressed = deflate(&bytes)
        .await
        .map_err(|_| "this browser cannot compress (no CompressionStream)".to_owned())?;
    let fragment = share::encode_fragment(&compressed);
    if fragment.len() > share::MAX_FRAGMENT_CHARS {
        return Err(too_big(LinkError::TooLong(fragment.len()).to_string()));
    }
    Ok(fragment)
}

/// Opens a link's fragment.
///
/// # Errors
/// Why the link is broken.
pub async fn open(fragment: &str) -> Result<SavedPlayground, LinkError> {
    let compressed = share::decode_fragment(fragment)?;
    let bytes = inflate(&compressed, share::MAX_PAYLOAD_BYTES).await?;
    share::from_payload_bytes(&bytes)
}

/// The address of the page without query or fragment (where the playground is served).
pub fn base_address() -> String {
    let location = gloo::utils::window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// The full playground's address for a fragment.
pub fn playground_address(fragment: &str) -> String {
    format!("{}#{fragment}", base_address())
}

/// An embed's address for a fragment.
pub fn embed_address(options: &MountOptions, fragment: &str) -> String {
    format!("{}?{}#{fragment}", base_address(), options.embed_query())
}

/// The `<iframe>` snippet of an embed.
pub fn embed_code(options: &MountOptions, fragment: &str) -> String {
    share::embed_snippet(
        &embed_address(options, fragment),
        options.height.unwrap_or(560),
    )
}

/// Writes text to the clipboard; false when the browser refuses (the caller shows the text).
pub async fn copy(text: &str) -> bool {
    let clipboard = gloo::utils::window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// Removes what the playground started from (a link's fragment, a `scenario` or `lesson`
/// parameter, a progress link) from
/// the address bar without reloading, so a reload shows the autosave (which by then holds it
/// and whatever followed) instead of starting again.
pub fn clear_start() {
    let window = gloo::utils::window();
    let location = window.location();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default())
    else {
        return;
    };
    params.delete("scenario");
    params.delete("lesson");
    params.delete("fresh");
    let query = String::from(params.to_string());
    let address = format!(
        "{}{}{query}",
        location.pathname().unwrap_or_default(),
        if query.is_empty() { "" } else { "?" }
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    }
}
