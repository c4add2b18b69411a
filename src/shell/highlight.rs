//! Syntax highlighting from the shell's own lexer: the source split into classed pieces that
//! cover every byte, so the UI can draw them under the input. Text the lexer rejects is marked
//! `error` from that point on, and so is each operator the shell does not have (`*`, `===`), so
//! the input shows what will be refused before it runs; comments and whitespace between tokens
//! are `plain` or `comment`.

use super::lexer::{tokenize, TokenKind};
use super::parser::RESERVED;

/// A piece's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Whitespace and punctuation.
    Plain,
    /// `// …` or `/* … */`.
    Comment,
    /// Keywords (`const`, `new`, `true`, …).
    Keyword,
    /// Other names.
    Name,
    /// A name followed by `:` in an object (a field).
    Field,
    /// String literals.
    Str,
    /// Number literals.
    Number,
    /// What the lexer could not read, and operators the shell does not have.
    Error,
}

impl Class {
    /// Its name, which the page's stylesheet colours (`[data-tok="keyword"]`).
    pub fn name(self) -> &'static str {
        match self {
            Class::Plain => "plain",
            Class::Comment => "comment",
            Class::Keyword => "keyword",
            Class::Name => "name",
            Class::Field => "field",
            Class::Str => "string",
            Class::Number => "number",
            Class::Error => "error",
        }
    }
}

/// The shell's own words, drawn as keywords beside the parser's reserved words.
const SHELL_WORDS: [&str; 3] = ["use", "show", "it"];

/// Splits `source` into `(text, class)` pieces covering it exactly; neighbours of one class
/// are one piece (`{}, {}, {}` is one plain piece, so a long input is few elements to draw).
pub fn highlight(source: &str) -> Vec<(&str, Class)> {
    let (tokens, error_at) = match tokenize(source) {
        Ok(tokens) => (tokens, None),
        Err(error) => {
            // Highlight what precedes the error, then mark the rest.
            let prefix = &source[..error.span.start.min(source.len())];
            (
                tokenize(prefix).unwrap_or_default(),
                Some(error.span.start.min(source.len())),
            )
        }
    };
    let limit = error_at.unwrap_or(source.len());
    let mut pieces = Pieces::default();
    let mut at = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.kind == TokenKind::Eof || token.span.start >= limit {
            break;
        }
        if token.span.start > at {
            pieces.push_gap(source, at..token.span.start);
        }
        let class = match &token.kind {
            TokenKind::Ident(name)
                if RESERVED.contains(&name.as_str()) || SHELL_WORDS.contains(&name.as_str()) =>
            {
                Class::Keyword
            }
            TokenKind::Ident(_)
                if matches!(
                    tokens.get(i + 1).map(|t| &t.kind),
                    Some(TokenKind::Punct(':'))
                ) =>
            {
                Class::Field
            }
            TokenKind::Ident(_) => Class::Name,
            TokenKind::Str(_) => {
                if matches!(
                    tokens.get(i + 1).map(|t| &t.kind),
                    Some(TokenKind::Punct(':'))
                ) {
                    Class::Field
                } else {
                    Class::Str
                }
            }
            TokenKind::Number(..) => Class::Number,
            TokenKind::Operator(_) => Class::Error,
            _ => Class::Plain,
        };
        pieces.push(token.span.clone(), class);
        at = token.span.end;
    }
    if at < limit {
        pieces.push_gap(source, at..limit);
    }
    if limit < source.len() {
        pieces.push(limit..source.len(), Class::Error);
    }
    pieces
        .0
        .into_iter()
        .map(|(range, class)| (&source[range], class))
        .collect()
}

/// Byte ranges with their classes, in order, neighbours of one class joined.
#[derive(Default)]
struct Pieces(Vec<(std::ops::Range<usize>, Class)>);

impl Pieces {
    fn push(&mut self, range: std::ops::Range<usize>, class: Class) {
        match self.0.last_mut() {
            Some((last, last_class)) if *last_class == class && last.end == range.start => {
                last.end = range.end;
            }
            _ => self.0.push((range, class)),
        }
    }

    /// Text between tokens: a comment, or plain whitespace.
    fn push_gap(&mut self, source: &str, range: std::ops::Range<usize>) {
        let gap = source[range.clone()].trim_start();
        let class = if gap.starts_with("//") || gap.starts_with("/*") {
            Class::Comment
        } else {
            Class::Plain
        };
        self.push(range, class);
    }
}
