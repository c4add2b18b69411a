//! Shell errors and their one renderer. Syntax errors carry a byte span and an optional hint;
//! [`code_frame`] turns them into the source line with a caret under the span, which both the
//! runner and the UI use. Line and column are computed only here, at the edge (columns count
//! characters, 1-based).

use std::ops::Range;

/// A byte range in the source.
pub type Span = Range<usize>;

/// What kind of shell error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text does not parse.
    Syntax,
    /// A name is not defined.
    Reference,
    /// A value is used the wrong way (not a function, wrong argument type, unknown method).
    Type,
    /// The shell refuses something it cannot do here (busy connection, limits).
    Shell,
    /// Calls nested too deep (JavaScript's "Maximum call stack size exceeded").
    Range,
    /// js-bson refuses a value (`NumberDecimal("1e-6177")`).
    Bson,
    /// The driver refuses a value it must never send (a session object in a command).
    Runtime,
}

impl ErrorKind {
    /// The JavaScript-style error name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "SyntaxError",
            ErrorKind::Reference => "ReferenceError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Shell => "MongoshInvalidInputError",
            ErrorKind::Range => "RangeError",
            ErrorKind::Bson => "BSONError",
            ErrorKind::Runtime => "MongoRuntimeError",
        }
    }
}

/// A shell error with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellError {
    /// Kind.
    pub kind: ErrorKind,
    /// Lower-case message saying what was expected and what was found.
    pub message: String,
    /// Where.
    pub span: Span,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
}

impl ShellError {
    /// A syntax error.
    pub fn syntax(message: impl Into<String>, span: Span) -> Self {
        Self {
            kind: ErrorKind::Syntax,
            message: message.into(),
            span,
            hint: None,
        }
    }

    /// An error of any kind.
    pub fn new(kind: ErrorKind, message: impl Into<String>, span: Span) -> Self {
        Self {
            kind,
            message: message.into(),
            span,
            hint: None,
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `(line, column)` of the span's start, both 1-based; columns count characters.
    pub fn line_column(&self, source: &str) -> (usize, usize) {
        line_column(source, self.span.start)
    }

    /// Whether more lines could complete the input: it ends inside an open bracket, before a
    /// value, or inside a block comment (what mongosh answers with a continuation line). Any
    /// other syntax error cannot be fixed by typing on.
    pub fn is_unfinished(&self) -> bool {
        self.kind == ErrorKind::Syntax
            && (self.message.starts_with("unclosed '")
                || self.message.starts_with("unexpected end of input")
                || self.message == "unterminated comment")
    }
}

/// `(line, column)` of a byte offset, 1-based, column in characters.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(source).line_column(offset)
}

/// Where each line of a source starts, so that the positions of many errors in one input (an
/// input may hold thousands of statements on one line) cost a binary search each, not a scan
/// from the start.
#[derive(Debug)]
pub struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    /// The index of `source`.
    pub fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            source,
            starts,
            ascii: source.is_ascii(),
        }
    }

    /// The source.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// `(line, column)` of a byte offset, 1-based, column in characters.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.source, offset.min(self.source.len()));
        let line = self.starts.partition_point(|start| *start <= offset);
        let start = self.starts[line - 1];
        let column = if self.ascii {
            offset - start
        } else {
            self.source[start..offset].chars().count()
        };
        (line, column + 1)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Renders `SyntaxError: message (line:col)`, the source line, a caret line and the hint.
pub fn code_frame(source: &str, error: &ShellError) -> String {
    code_frame_in(&LineIndex::new(source), error)
}

/// A [`code_frame`]'s parts, for a reader that lays them out apart (the console keeps the
/// source and caret lines from wrapping): the heading (`Kind: message (line:column)`), those two
/// lines, and the hint's line (empty without one). `line` is the error's line in the input.
pub fn frame_parts(frame: &str, line: usize) -> (&str, &str, &str) {
    let Some(at) = frame.find(&format!("\n{line} | ")) else {
        return (frame, "", "");
    };
    let rest = &frame[at + 1..];
    let end = rest
        .match_indices('\n')
        .nth(1)
        .map_or(rest.len(), |(i, _)| i);
    (
        &frame[..at],
        &rest[..end],
        rest[end..].trim_start_matches('\n'),
    )
}

/// Characters of a long source line shown on each side of the caret.
const FRAME_CONTEXT: usize = 60;

/// [`code_frame`] with the source's line index. A long line is shown as a window of
/// [`FRAME_CONTEXT`] characters on each side of the error, with `…` where it was cut.
pub fn code_frame_in(index: &LineIndex<'_>, error: &ShellError) -> String {
    let source = index.source();
    let (line, column) = index.line_column(error.span.start);
    // Byte bounds of the line, the span and the window shown: every walk below is bounded by
    // the window, so an error at the end of a 100 KB line costs no more than one at its start.
    let line_start = index.starts[line - 1];
    let line_end = index.starts.get(line).map_or(source.len(), |next| next - 1);
    let start =
        floor_char_boundary(source, error.span.start.min(source.len())).clamp(line_start, line_end);
    let end = floor_char_boundary(source, error.span.end.min(source.len())).clamp(start, line_end);
    let width = source[start..end]
        .chars()
        .take(2 * FRAME_CONTEXT)
        .count()
        .max(1);
    let window_start = source[line_start..start]
        .char_indices()
        .rev()
        .nth(FRAME_CONTEXT - 1)
        .map_or(line_start, |(i, _)| line_start + i);
    let window_end = source[start..line_end]
        .char_indices()
        .nth(FRAME_CONTEXT + width)
        .map_or(line_end, |(i, _)| start + i);
    let mut shown = String::new();
    if window_start > line_start {
        shown.push('…');
    }
    let caret_at = shown.chars().count() + source[window_start..start].chars().count();
    shown.push_str(source[window_start..window_end].trim_end_matches('\r'));
    if window_end < line_end {
        shown.push('…');
    }
    let gutter = format!("{line} | ");
    let mut out = format!(
        "{}: {} ({line}:{column})\n",
        error.kind.name(),
        error.message
    );
    out.push_str(&gutter);
    out.push_str(&shown);
    out.push('\n');
    out.push_str(&" ".repeat(gutter.len() + caret_at));
    out.push_str(&"^".repeat(width));
    if let Some(hint) = &error.hint {
        out.push_str("\nhint: ");
        out.push_str(hint);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{code_frame, frame_parts, ErrorKind, ShellError};

    #[test]
    fn a_frame_splits_into_its_heading_lines_and_hint() {
        let source = "db.x.find()\nNumberLong(\"5-3\")";
        let error = ShellError::new(ErrorKind::Bson, "interior hyphen", 12..29).with_hint("a hint");
        let frame = code_frame(source, &error);
        assert_eq!(
            frame_parts(&frame, 2),
            (
                "BSONError: interior hyphen (2:1)",
                "2 | NumberLong(\"5-3\")\n    ^^^^^^^^^^^^^^^^^",
                "hint: a hint"
            )
        );
        let without_hint = code_frame(source, &ShellError::new(ErrorKind::Bson, "x", 12..13));
        assert_eq!(frame_parts(&without_hint, 2).2, "");
    }
}
