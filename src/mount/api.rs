//! The options object of the JavaScript API's `mount(element, options)`, read option by option.
//! The browser side ([`crate::wasm_api`]) only says what each value is ([`Given`]); the rules
//! (names, types, defaults, the sentences of a refusal) are here, tested natively.
//!
//! A hand reader rather than serde: deserializing with serde-wasm-bindgen put 4.5 KB of gzip
//! into the module every reader of a documentation page downloads (measured by building without
//! it), for ten options.

use super::{MountOptions, Theme};

/// The options `mount` accepts, in the order its error message lists them.
pub const OPTION_NAMES: [&str; 10] = [
    "embed", "readOnly", "autorun", "step", "height", "theme", "scenario", "script", "link",
    "lesson",
];

/// What one value of the options object is, as JavaScript sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    /// `undefined` or `null`: the option's default, as if it were not written.
    Unset,
    /// `true` or `false`.
    Boolean(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
    /// Anything else, by its `typeof` (`object`, `function`, `bigint`, `symbol`).
    Other(String),
}

impl Given {
    /// The value as a refusal names it: `the string "five"`, `the number 2.5`, `true`.
    pub fn describe(&self) -> String {
        /// Characters of a string quoted in a refusal (a whole script would drown the message).
        const QUOTED: usize = 40;
        match self {
            Given::Unset => "null".to_owned(),
            Given::Boolean(b) => b.to_string(),
            Given::Number(n) => format!("the number {}", crate::decimal::javascript_text(*n)),
            Given::Text(text) if text.chars().count() > QUOTED => {
                let start: String = text.chars().take(QUOTED).collect();
                format!("the string \"{start}…\"")
            }
            Given::Text(text) => format!("the string \"{text}\""),
            Given::Other(kind) => format!("a value of type {kind}"),
        }
    }
}

/// The options of a playground mounted by the JavaScript API, from the options object's own
/// entries (`Object.entries`). The layout is the embed unless `embed: false`; the autosave is
/// never touched (several playgrounds can live on one page).
///
/// # Errors
/// The first entry that is not an option, or whose value is not of its option's type: a
/// sentence naming the option, what it takes and what it was given.
pub fn read<I>(entries: I) -> Result<MountOptions, String>
where
    I: IntoIterator<Item = (String, Given)>,
{
    let mut options = MountOptions {
        embed: true,
        ..MountOptions::default()
    };
    for (name, value) in entries {
        let wrong = |takes: &str| format!("`{name}` must be {takes}, not {}", value.describe());
        match name.as_str() {
            "embed" | "readOnly" | "autorun" => {
                let target = match name.as_str() {
                    "embed" => &mut options.embed,
                    "readOnly" => &mut options.read_only,
                    _ => &mut options.autorun,
                };
                match value {
                    Given::Unset => {}
                    Given::Boolean(b) => *target = b,
                    _ => return Err(wrong("true or false")),
                }
            }
            "step" => options.step = whole_number(&value).map_err(|()| wrong(WHOLE))?,
            "height" => {
                options.height = whole_number(&value)
                    .map_err(|()| wrong(WHOLE))?
                    .map(|h| u32::try_from(h).unwrap_or(u32::MAX));
            }
            "theme" => {
                options.theme = match &value {
                    Given::Unset => None,
                    Given::Text(t) if t == "light" => Some(Theme::Light),
                    Given::Text(t) if t == "dark" => Some(Theme::Dark),
                    _ => return Err(wrong("\"light\" or \"dark\"")),
                };
            }
            "scenario" | "script" | "link" | "lesson" => {
                let text = match value {
                    Given::Unset => None,
                    Given::Text(text) => Some(text),
                    _ => return Err(wrong("a string")),
                };
                match name.as_str() {
                    "scenario" => options.scenario = text,
                    "script" => options.script = text,
                    "link" => options.link = text,
                    _ => options.lesson = text,
                }
            }
            _ => {
                return Err(format!(
                    "unknown option `{name}`, expected one of {}",
                    OPTION_NAMES.join(", ")
                ));
            }
        }
    }
    Ok(options)
}

/// What `step` and `height` take.
const WHOLE: &str = "a whole number from 0";

/// `None` for unset, `Some(n)` for a whole number from 0 (JavaScript's safe integers); an error
/// for anything else.
fn whole_number(value: &Given) -> Result<Option<usize>, ()> {
    /// 2^53 - 1: above it a JavaScript number is no longer exact.
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    match *value {
        Given::Unset => Ok(None),
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "checked whole, not negative and exact"
        )]
        Given::Number(n) if (0.0..=MAX_SAFE).contains(&n) && n.fract() == 0.0 => {
            Ok(Some(n as usize))
        }
        _ => Err(()),
    }
}
