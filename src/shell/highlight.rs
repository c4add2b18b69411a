//! Syntax highlighting from the shell's own lexer: the source split into classed pieces that
//! cover every byte, so the UI can draw them under the input. Text the lexer rejects is marked
//! `error` from that point on; comments and whitespace between tokens are `plain` or `comment`.

use super::lexer::{tokenize, TokenKind};

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
    /// What the lexer could not read.
    Error,
}

impl Class {
    /// CSS class name.
    pub fn css(self) -> &'static str {
        match self {
            Class::Plain => "tok-plain",
            Class::Comment => "tok-comment",
            Class::Keyword => "tok-keyword",
            Class::Name => "tok-name",
            Class::Field => "tok-field",
            Class::Str => "tok-string",
            Class::Number => "tok-number",
            Class::Error => "tok-error",
        }
    }
}

const KEYWORDS: [&str; 11] = [
    "const",
    "let",
    "var",
    "new",
    "true",
    "false",
    "null",
    "undefined",
    "use",
    "show",
    "it",
];

/// Splits `source` into `(text, class)` pieces covering it exactly.
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
    let mut pieces = Vec::new();
    let mut at = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.kind == TokenKind::Eof || token.span.start >= limit {
            break;
        }
        if token.span.start > at {
            push_gap(&mut pieces, &source[at..token.span.start]);
        }
        let class = match &token.kind {
            TokenKind::Ident(name) if KEYWORDS.contains(&name.as_str()) => Class::Keyword,
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
            _ => Class::Plain,
        };
        pieces.push((&source[token.span.clone()], class));
        at = token.span.end;
    }
    if at < limit {
        push_gap(&mut pieces, &source[at..limit]);
    }
    if limit < source.len() {
        pieces.push((&source[limit..], Class::Error));
    }
    pieces
}

fn push_gap<'a>(pieces: &mut Vec<(&'a str, Class)>, gap: &'a str) {
    let class = if gap.trim_start().starts_with("//") || gap.trim_start().starts_with("/*") {
        Class::Comment
    } else {
        Class::Plain
    };
    pieces.push((gap, class));
}
