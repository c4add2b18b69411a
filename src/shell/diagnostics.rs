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
}

impl ErrorKind {
    /// The JavaScript-style error name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "SyntaxError",
            ErrorKind::Reference => "ReferenceError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Shell => "MongoshInvalidInputError",
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
}

/// `(line, column)` of a byte offset, 1-based, column in characters.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Renders `SyntaxError: message (line:col)`, the source line, a caret line and the hint.
pub fn code_frame(source: &str, error: &ShellError) -> String {
    let (line, column) = error.line_column(source);
    let text = source.lines().nth(line - 1).unwrap_or("");
    let start = floor_char_boundary(source, error.span.start.min(source.len()));
    let end = floor_char_boundary(source, error.span.end.min(source.len())).max(start);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let width = source[start..end.min(line_end)].chars().count().max(1);
    let gutter = format!("{line} | ");
    let mut out = format!(
        "{}: {} ({line}:{column})\n",
        error.kind.name(),
        error.message
    );
    out.push_str(&gutter);
    out.push_str(text);
    out.push('\n');
    out.push_str(&" ".repeat(gutter.len() + column - 1));
    out.push_str(&"^".repeat(width));
    if let Some(hint) = &error.hint {
        out.push_str("\nhint: ");
        out.push_str(hint);
    }
    out
}
