//! Share links with no server. A link carries a whole playground (its inputs, the step shown
//! and the id seed) in the URL fragment: `#v1.<base64url>`, where the bytes are a compact BSON
//! document compressed with raw DEFLATE. A playground that starts with a built-in scenario
//! names the scenario instead of repeating its script, so a prepared scenario's link is short.
//!
//! This module is the format and its checks, with no browser in it: the DEFLATE step is the
//! browser's own `CompressionStream` (in `ui::link`), so the app carries no compressor. Every
//! way a link can be wrong has its own [`LinkError`] and message; nothing here panics.
//!
//! Compatibility: a scenario's steps are part of the format (a link names them), so a built-in
//! scenario's script never changes once shipped; a changed scenario gets a new id.

use crate::bson_input::BsonInputError;
use crate::engine::operations::ConnId;
use crate::playground::{script_steps, SavedPlayground};
use crate::scenarios;
use base64::Engine as _;
use bson::{Bson, Document};
use std::fmt;

/// What a fragment starts with, after `#`.
pub const FRAGMENT_PREFIX: &str = "v1.";
/// Longer fragments are refused before decoding (browsers accept far longer URLs, but no
/// playground a person typed needs this much).
pub const MAX_FRAGMENT_CHARS: usize = 64 * 1024;
/// Decompressed payloads larger than this are refused.
pub const MAX_PAYLOAD_BYTES: usize = 4 * 1024 * 1024;

/// Why a link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The fragment is not a Session Lab link at all.
    NotALink,
    /// A link format this version does not know.
    UnknownVersion(String),
    /// The fragment is longer than [`MAX_FRAGMENT_CHARS`].
    TooLong(usize),
    /// The fragment is not base64url (a character was changed or added).
    BadEncoding,
    /// The data is incomplete: it does not decompress, or its text stops mid-character (the
    /// link was cut short or damaged).
    BadCompression,
    /// The data decompresses to more than [`MAX_PAYLOAD_BYTES`].
    TooLarge,
    /// The playground has more steps than [`SavedPlayground::MAX_STEPS`].
    TooManySteps(usize),
    /// The data decompresses but is not a playground.
    BadContent(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotALink => write!(f, "the address does not hold a Session Lab scenario (it should end with #v1.…)"),
            LinkError::UnknownVersion(v) => write!(f, "it was made by a newer Session Lab (link format \"{v}\")"),
            LinkError::TooLong(n) => write!(f, "it is {n} characters long, over the limit of {MAX_FRAGMENT_CHARS}"),
            LinkError::BadEncoding => write!(f, "it contains characters a link never has; it may have been edited or mangled when pasted"),
            LinkError::BadCompression => write!(f, "its data is incomplete; the link was probably cut short when copied"),
            LinkError::TooLarge => write!(f, "its scenario is larger than {} MiB", MAX_PAYLOAD_BYTES / (1024 * 1024)),
            LinkError::TooManySteps(n) => write!(f, "it has {n} steps; a playground holds at most {}", SavedPlayground::MAX_STEPS),
            LinkError::BadContent(why) => write!(f, "its data is not a playground ({why})"),
        }
    }
}

impl std::error::Error for LinkError {}

/// The playground as a compact document: `{ s?: scenario id, steps: [[console, source], …],
/// c?: step shown (omitted at the end), seed?: (omitted when default) }`.
pub fn payload(saved: &SavedPlayground) -> Document {
    let (scenario, rest) = split_scenario(&saved.steps);
    let mut doc = Document::new();
    if let Some(id) = scenario {
        doc.insert("s", id);
    }
    let steps: Vec<Bson> = rest
        .iter()
        .map(|(console, source)| {
            Bson::Array(vec![
                Bson::Int32(i32::try_from(*console).unwrap_or(i32::MAX)),
                Bson::String(source.clone()),
            ])
        })
        .collect();
    doc.insert("steps", steps);
    if saved.cursor < saved.steps.len() {
        doc.insert("c", i64::try_from(saved.cursor).unwrap_or(i64::MAX));
    }
    if saved.seed != SavedPlayground::default_seed() {
        doc.insert("seed", i64::from_ne_bytes(saved.seed.to_ne_bytes()));
    }
    doc
}

/// Reads [`payload`]'s document back.
///
/// # Errors
/// [`LinkError::BadContent`] when a field is missing or has the wrong type, or the scenario is
/// unknown.
pub fn from_payload(doc: &Document) -> Result<SavedPlayground, LinkError> {
    let bad = |why: &str| LinkError::BadContent(why.to_owned());
    let mut steps = match doc.get("s") {
        None => Vec::new(),
        Some(Bson::String(id)) => scenario_steps(id)
            .ok_or_else(|| bad(&format!("no scenario is called \"{id}\"")))?
            .to_vec(),
        Some(_) => return Err(bad("the scenario id is not a string")),
    };
    let rest = doc
        .get_array("steps")
        .map_err(|_| bad("no list of steps"))?;
    if steps.len() + rest.len() > SavedPlayground::MAX_STEPS {
        return Err(LinkError::TooManySteps(steps.len() + rest.len()));
    }
    for step in rest {
        let pair = step.as_array().map(Vec::as_slice);
        let Some([console, Bson::String(source)]) = pair else {
            return Err(bad("a step is not [console, source]"));
        };
        let console = match console {
            Bson::Int32(n) => ConnId::try_from(*n).ok(),
            Bson::Int64(n) => ConnId::try_from(*n).ok(),
            _ => None,
        }
        .filter(|c| *c > 0)
        .ok_or_else(|| bad("a step's console is not a positive number"))?;
        steps.push((console, source.clone()));
    }
    let cursor = match doc.get("c") {
        None => steps.len(),
        Some(Bson::Int64(n)) => usize::try_from(*n)
            .map_err(|_| bad("the step shown is negative"))?
            .min(steps.len()),
        Some(Bson::Int32(n)) => usize::try_from(*n)
            .map_err(|_| bad("the step shown is negative"))?
            .min(steps.len()),
        Some(_) => return Err(bad("the step shown is not a number")),
    };
    let seed = match doc.get("seed") {
        None => SavedPlayground::default_seed(),
        Some(Bson::Int64(n)) => u64::from_ne_bytes(n.to_ne_bytes()),
        Some(_) => return Err(bad("the seed is not a 64-bit integer")),
    };
    Ok(SavedPlayground {
        steps,
        cursor,
        seed,
    })
}

/// The payload as BSON bytes, ready to compress.
pub fn payload_bytes(saved: &SavedPlayground) -> Vec<u8> {
    // Serializing a document of strings and numbers cannot fail.
    payload(saved).to_vec().unwrap_or_default()
}

/// Reads decompressed bytes back into a playground.
///
/// # Errors
/// [`LinkError::TooLarge`] or [`LinkError::BadContent`].
pub fn from_payload_bytes(bytes: &[u8]) -> Result<SavedPlayground, LinkError> {
    if bytes.len() > MAX_PAYLOAD_BYTES {
        return Err(LinkError::TooLarge);
    }
    let doc = crate::bson_input::read_document(bytes).map_err(|error| {
        LinkError::BadContent(
            match error {
                BsonInputError::Malformed => "it is not a BSON document",
                BsonInputError::TooDeep => "it nests more than 100 levels",
            }
            .to_owned(),
        )
    })?;
    from_payload(&doc)
}

/// The fragment (without `#`) for compressed payload bytes.
pub fn encode_fragment(compressed: &[u8]) -> String {
    format!(
        "{FRAGMENT_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed)
    )
}

/// The compressed payload bytes of a fragment (with or without its `#`).
///
/// # Errors
/// [`LinkError::NotALink`], [`LinkError::UnknownVersion`], [`LinkError::TooLong`] or
/// [`LinkError::BadEncoding`].
pub fn decode_fragment(fragment: &str) -> Result<Vec<u8>, LinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(LinkError::TooLong(fragment.len()));
    }
    let Some(data) = fragment.strip_prefix(FRAGMENT_PREFIX) else {
        return Err(match fragment.split_once('.') {
            Some((version, _))
                if version.len() > 1
                    && version.starts_with('v')
                    && version[1..].bytes().all(|b| b.is_ascii_digit()) =>
            {
                LinkError::UnknownVersion(version.to_owned())
            }
            _ => LinkError::NotALink,
        });
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|e| match e {
            // Only valid characters, but not a whole number of them: cut short.
            base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidLastSymbol(..) => {
                LinkError::BadCompression
            }
            _ => LinkError::BadEncoding,
        })
}

/// Whether a fragment looks like a Session Lab link (so the app tries to open it).
pub fn is_link(fragment: &str) -> bool {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    fragment.len() > 1
        && fragment.starts_with('v')
        && fragment[1..].starts_with(|c: char| c.is_ascii_digit())
}

/// A playground's inputs: `(console, source)` per step.
type Steps = Vec<(ConnId, String)>;

/// Every built-in scenario's steps, as the scenario menu runs them (console 1), parsed once:
/// a link is made on every step of an embed.
fn all_scenario_steps() -> &'static [(&'static str, Steps)] {
    static STEPS: std::sync::OnceLock<Vec<(&'static str, Steps)>> = std::sync::OnceLock::new();
    STEPS.get_or_init(|| {
        scenarios::SCENARIOS
            .iter()
            .map(|scenario| {
                let steps = script_steps(scenario.script)
                    .into_iter()
                    .map(|step| (1, step))
                    .collect();
                (scenario.id, steps)
            })
            .collect()
    })
}

/// A built-in scenario's steps.
fn scenario_steps(id: &str) -> Option<&'static [(ConnId, String)]> {
    all_scenario_steps()
        .iter()
        .find(|(scenario, _)| *scenario == id)
        .map(|(_, steps)| steps.as_slice())
}

/// The built-in scenario the steps start with (the longest, should one extend another), and
/// the steps after it.
fn split_scenario(steps: &[(ConnId, String)]) -> (Option<&'static str>, &[(ConnId, String)]) {
    all_scenario_steps()
        .iter()
        .filter(|(_, prefix)| !prefix.is_empty() && steps.starts_with(prefix))
        .max_by_key(|(_, prefix)| prefix.len())
        .map_or((None, steps), |(id, prefix)| {
            (Some(*id), &steps[prefix.len()..])
        })
}

/// Whether a playground fits in a link this app opens: at most
/// [`SavedPlayground::MAX_STEPS`] steps and [`MAX_PAYLOAD_BYTES`] of data. "Copy link" checks
/// it (and the fragment's length, known only after compression) so it never makes a link
/// that would be refused.
///
/// # Errors
/// [`LinkError::TooManySteps`] or [`LinkError::TooLarge`].
pub fn check_shareable(saved: &SavedPlayground) -> Result<Vec<u8>, LinkError> {
    if saved.steps.len() > SavedPlayground::MAX_STEPS {
        return Err(LinkError::TooManySteps(saved.steps.len()));
    }
    let bytes = payload_bytes(saved);
    if bytes.len() > MAX_PAYLOAD_BYTES {
        return Err(LinkError::TooLarge);
    }
    Ok(bytes)
}

/// Escapes text for an HTML attribute value in double quotes.
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The `<iframe>` snippet of an embed at `address`.
pub fn embed_snippet(address: &str, height: u32) -> String {
    format!(
        "<iframe src=\"{}\" title=\"Session Lab: MongoDB sessions playground\" width=\"100%\" height=\"{height}\" style=\"border:1px solid #d5d9de;border-radius:8px\" loading=\"lazy\"></iframe>",
        escape_attribute(address)
    )
}
