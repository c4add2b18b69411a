//! The limits that keep one statement from growing or running without bound, so that no input
//! (a share link, a scenario file, a lesson, an embed's script) can freeze a page or exhaust its
//! memory. Values follow `MongoDB`'s own limits (a document is at most 16 MiB as BSON and nests at
//! most 100 levels); work is counted by the deployment (documents touched, timer steps, events)
//! and by the shell (text printed), and a statement that goes past its budget stops with an
//! error that says which limit it met.

use super::diagnostics::{ErrorKind, ShellError, Span};
use bson::Bson;
use std::fmt::Write as _;

/// The largest value, as BSON bytes (`BSONObjMaxUserSize`).
pub const MAX_VALUE_BYTES: usize = 16 * 1024 * 1024;
/// The deepest nesting of documents and arrays (`MongoDB`'s documented limit).
pub const MAX_VALUE_DEPTH: usize = crate::bson_input::MAX_DEPTH;
/// Work one input (one step: all its statements) may do: commands, documents read or written,
/// timer steps, events (see [`crate::engine::Deployment::work`]). Counted per input, so that replaying a step of a link is bounded too.
pub const INPUT_WORK: u64 = 15_000;
/// The longest stretch of logical time one `lab.advance` or one wait may cover (a year).
pub const MAX_ADVANCE_MS: i64 = 366 * 86_400_000;
/// What running one statement costs besides the commands it sends (parsing, evaluation, its
/// record), in the same units.
pub const STATEMENT_WORK: usize = 20;
/// Text one statement may print (its value's text and `print` output), in bytes.
pub const STATEMENT_OUTPUT_BYTES: usize = 256 * 1024;
/// Events one statement keeps; later ones are summed up in one line.
pub const STATEMENT_EVENTS: usize = 200;

/// Source bytes that cost one unit of work to read (tokens, parsing, line numbers).
pub const SOURCE_BYTES_PER_UNIT: usize = 4;

/// Checks a value against [`MAX_VALUE_BYTES`] and [`MAX_VALUE_DEPTH`], stopping as soon as
/// either is passed (so checking a huge value costs no more than the limit).
pub fn check_value(value: &Bson, span: &Span) -> Result<(), ShellError> {
    let mut bytes = 0;
    measure(value, 0, &mut bytes).map_err(|limit| limit.error(span))
}

#[derive(Debug, Clone, Copy)]
enum Limit {
    Depth,
    Size,
}

impl Limit {
    fn error(self, span: &Span) -> ShellError {
        match self {
            Limit::Depth => ShellError::new(
                ErrorKind::Shell,
                format!(
                    "this value nests more than {MAX_VALUE_DEPTH} levels of documents and arrays"
                ),
                span.clone(),
            )
            .with_hint(format!(
                "MongoDB documents nest at most {MAX_VALUE_DEPTH} levels; build a flatter value"
            )),
            Limit::Size => ShellError::new(
                ErrorKind::Shell,
                format!("this value is larger than {MAX_VALUE_BYTES} bytes as BSON"),
                span.clone(),
            )
            .with_hint("a `MongoDB` document holds at most 16 MiB; use smaller values"),
        }
    }
}

/// Adds the BSON size of `value` (an element's type byte and key are counted by the caller).
fn measure(value: &Bson, depth: usize, bytes: &mut usize) -> Result<(), Limit> {
    let element = |key_len: usize, child: &Bson, bytes: &mut usize| {
        *bytes += 2 + key_len;
        measure(child, depth + 1, bytes)?;
        if *bytes > MAX_VALUE_BYTES {
            return Err(Limit::Size);
        }
        Ok(())
    };
    match value {
        Bson::Document(doc) => {
            if depth >= MAX_VALUE_DEPTH && !doc.is_empty() {
                return Err(Limit::Depth);
            }
            *bytes += 5;
            for (key, child) in doc {
                element(key.len(), child, bytes)?;
            }
        }
        Bson::Array(items) => {
            if depth >= MAX_VALUE_DEPTH && !items.is_empty() {
                return Err(Limit::Depth);
            }
            *bytes += 5;
            for (index, child) in items.iter().enumerate() {
                element(decimal_len(index), child, bytes)?;
            }
        }
        scalar => *bytes += scalar_size(scalar),
    }
    if *bytes > MAX_VALUE_BYTES {
        return Err(Limit::Size);
    }
    Ok(())
}

fn decimal_len(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

fn scalar_size(value: &Bson) -> usize {
    match value {
        Bson::String(s) | Bson::JavaScriptCode(s) | Bson::Symbol(s) => 5 + s.len(),
        Bson::Binary(b) => 5 + b.bytes.len(),
        Bson::RegularExpression(r) => 2 + r.pattern.len() + r.options.as_str().len(),
        Bson::Int32(_) => 4,
        Bson::ObjectId(_) => 12,
        Bson::Decimal128(_) => 16,
        Bson::Boolean(_) => 1,
        Bson::Null | Bson::Undefined | Bson::MinKey | Bson::MaxKey => 0,
        _ => 8,
    }
}

/// The budget error of a statement that did too much work.
pub fn work_exceeded(span: &Span) -> ShellError {
    ShellError::new(
        ErrorKind::Shell,
        format!("this input stopped after {INPUT_WORK} units of work (commands, documents touched, timer steps, events)"),
        span.clone(),
    )
    .with_hint("Session Lab limits the work of one input so that no script or link can freeze the page; run the rest as another input")
}

/// Cuts `lines` so that they hold at most `room` bytes, saying how much was left out.
/// Returns the bytes kept.
pub fn cut_lines(lines: &mut Vec<String>, room: usize) -> usize {
    let mut used = 0;
    for (index, line) in lines.iter().enumerate() {
        if used + line.len() > room {
            let dropped = lines.len() - index;
            lines.truncate(index);
            lines.push(format!(
                "… {dropped} more line(s) not shown: one statement prints at most {STATEMENT_OUTPUT_BYTES} bytes"
            ));
            return room;
        }
        used += line.len();
    }
    used
}

/// Cuts a value's text to `room` bytes (at a character boundary), saying so.
pub fn cut_text(text: &mut String, room: usize) {
    if text.len() <= room {
        return;
    }
    let mut end = room;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    let _ = write!(
        text,
        "\n… the rest is not shown: one statement prints at most {STATEMENT_OUTPUT_BYTES} bytes"
    );
}
