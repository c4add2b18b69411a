//! The shell's lexer: JavaScript-like tokens with byte spans. Whitespace and `//`, `/* */`
//! comments are skipped, but a token remembers whether a line break came before it (for
//! automatic statement ends). Smart quotes from pasted documents get a dedicated hint.

use super::diagnostics::{ShellError, Span};
use std::fmt::Write as _;

/// A token kind.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// A name (`db`, `runCommand`, `$listLocalSessions`).
    Ident(String),
    /// A number literal (JavaScript's numbers are doubles: `1.0` is `1`).
    Number(f64),
    /// A string literal's value.
    Str(String),
    /// Punctuation: one of `{ } [ ] ( ) , : ; . = ! - +`.
    Punct(char),
    /// `=>` (recognised only to report it clearly).
    Arrow,
    /// One of JavaScript's operators the shell does not have (`*`, `===`, `++`, `&&`, a
    /// template literal's `` ` ``, a spread's `...`): read as a token so that the parser can say
    /// what is not supported, where, instead of stopping the lexer at the character.
    Operator(&'static str),
    /// End of input.
    Eof,
}

/// A token with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What.
    pub kind: TokenKind,
    /// Where.
    pub span: Span,
    /// A line break came between the previous token and this one.
    pub newline_before: bool,
}

/// JavaScript's operators beyond the shell's punctuation, and the template literal's quote,
/// longest first (so `===` is one token, not `==` and `=`); one text rather than a table of
/// strings, which would be 41 pointers in the WebAssembly's data.
const OPERATORS: &str = ">>> === !== **= <<= >>= &&= ||= ??= ... == != <= >= && || ?? ?. ++ -- += -= *= /= %= &= |= ^= ** << >> < > * / % & | ^ ~ ? `";

/// The operator `rest` starts with, if any (`?.` before a digit is `?` and a number).
fn operator_at(rest: &str) -> Option<&'static str> {
    OPERATORS.split(' ').find(|op| {
        rest.starts_with(op)
            && !(*op == "?." && rest[2..].starts_with(|c: char| c.is_ascii_digit()))
    })
}

const SMART_QUOTES: [char; 6] = [
    '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{00AB}', '\u{00BB}',
];

/// Splits `source` into tokens, ending with [`TokenKind::Eof`].
pub fn tokenize(source: &str) -> Result<Vec<Token>, ShellError> {
    // About one token per four bytes in shell code: sized once instead of grown many times.
    let mut tokens = Vec::with_capacity(source.len() / 4 + 1);
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut newline = false;
    while i < source.len() {
        let c = source[i..].chars().next().unwrap_or(' ');
        let start = i;
        if c == '\n' {
            newline = true;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if source[i..].starts_with("//") {
            i = source[i..].find('\n').map_or(source.len(), |n| i + n);
            continue;
        }
        if source[i..].starts_with("/*") {
            let end = source[i + 2..].find("*/").ok_or_else(|| {
                ShellError::syntax("unterminated comment", start..source.len())
                    .with_hint("close the comment with */")
            })?;
            if source[i..i + 2 + end].contains('\n') {
                newline = true;
            }
            i += 2 + end + 2;
            continue;
        }
        let kind = if c.is_ascii_alphabetic() || c == '_' || c == '$' {
            while i < source.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$')
            {
                i += 1;
            }
            TokenKind::Ident(source[start..i].to_owned())
        } else if c.is_ascii_digit()
            || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let (value, end) = number(source, i)?;
            i = end;
            TokenKind::Number(value)
        } else if c == '"' || c == '\'' {
            let (value, end) = string(source, i, c)?;
            i = end;
            TokenKind::Str(value)
        } else if SMART_QUOTES.contains(&c) {
            return Err(ShellError::syntax(format!("unexpected character '{c}'"), start..start + c.len_utf8())
                .with_hint("this is a typographic (smart) quote, probably from a pasted document: use a straight \" or ' instead"));
        } else if "{}[](),:;".contains(c) {
            // Punctuation no operator starts with, before the operators are looked through
            // (an array of 8,000 `{}` is 24,000 of them).
            i += 1;
            TokenKind::Punct(c)
        } else if source[i..].starts_with("=>") {
            i += 2;
            TokenKind::Arrow
        } else if let Some(op) = operator_at(&source[i..]) {
            i += op.len();
            TokenKind::Operator(op)
        } else if ".=!-+".contains(c) {
            i += 1;
            TokenKind::Punct(c)
        } else {
            return Err(ShellError::syntax(
                format!("unexpected character '{c}'"),
                start..start + c.len_utf8(),
            ));
        };
        tokens.push(Token {
            kind,
            span: start..i,
            newline_before: newline,
        });
        newline = false;
    }
    tokens.push(Token {
        kind: TokenKind::Eof,
        span: source.len()..source.len(),
        newline_before: true,
    });
    Ok(tokens)
}

fn number(source: &str, start: usize) -> Result<(f64, usize), ShellError> {
    let bytes = source.as_bytes();
    let mut i = start;
    if source[i..].starts_with("0x") || source[i..].starts_with("0X") {
        i += 2;
        while i < bytes.len() && bytes[i].is_ascii_hexdigit() {
            i += 1;
        }
        let value = i64::from_str_radix(&source[start + 2..i], 16)
            .map_err(|_| ShellError::syntax("invalid hexadecimal number", start..i))?;
        #[allow(clippy::cast_precision_loss, reason = "JavaScript numbers are doubles")]
        return Ok((value as f64, i));
    }
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    if i < bytes.len() && bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            i = j;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    if i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'_') {
        return Err(ShellError::syntax(
            "identifier starts immediately after a number",
            start..i + 1,
        ));
    }
    let value = crate::decimal::parse_decimal(&source[start..i])
        .ok_or_else(|| ShellError::syntax("invalid number", start..i))?;
    Ok((value, i))
}

fn string(source: &str, start: usize, quote: char) -> Result<(String, usize), ShellError> {
    let mut out = String::new();
    let mut chars = source[start + 1..].char_indices();
    while let Some((offset, c)) = chars.next() {
        let at = start + 1 + offset;
        match c {
            c if c == quote => return Ok((out, at + 1)),
            '\n' => {
                return Err(
                    ShellError::syntax("unterminated string", start..at).with_hint(format!(
                        "close the string with {quote} before the end of the line"
                    )),
                );
            }
            '\\' => {
                let Some((_, escaped)) = chars.next() else {
                    break;
                };
                match escaped {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '0' => out.push('\0'),
                    'x' => out.push(hex_escape(&mut chars, 2, at)?),
                    'u' => out.push(unicode_escape(&mut chars, at)?),
                    // A backslash at the end of a line continues the string on the next.
                    '\n' => {}
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
    }
    Err(
        ShellError::syntax("unterminated string", start..source.len())
            .with_hint(format!("close the string with {quote}")),
    )
}

/// The character of `\xHH` or `\uHHHH`: `digits` hexadecimal digits after the escape at `at`.
fn hex_escape(
    chars: &mut std::str::CharIndices,
    digits: usize,
    at: usize,
) -> Result<char, ShellError> {
    let code = hex_code(chars, digits);
    code.and_then(char::from_u32)
        .ok_or_else(|| invalid_escape(digits, at))
}

fn hex_code(chars: &mut std::str::CharIndices, digits: usize) -> Option<u32> {
    let hex: String = chars.by_ref().take(digits).map(|(_, c)| c).collect();
    (hex.len() == digits && hex.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| u32::from_str_radix(&hex, 16).ok())
        .flatten()
}

/// `\uHHHH`, a surrogate pair `\uD83D\uDE00` as its one character, or `\u{H…}`. A lone
/// surrogate, which a Rust string cannot hold, is refused.
fn unicode_escape(chars: &mut std::str::CharIndices, at: usize) -> Result<char, ShellError> {
    if chars.clone().next().is_some_and(|(_, c)| c == '{') {
        chars.next();
        let hex: String = chars
            .by_ref()
            .take_while(|&(_, c)| c != '}')
            .map(|(_, c)| c)
            .collect();
        return (1..=6)
            .contains(&hex.len())
            .then(|| u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32))
            .flatten()
            .ok_or_else(|| invalid_escape(hex.len() + 3, at));
    }
    let high = hex_code(chars, 4).ok_or_else(|| invalid_escape(5, at))?;
    if !(0xD800..0xDC00).contains(&high) {
        return char::from_u32(high).ok_or_else(|| lone_surrogate(at));
    }
    let mut rest = chars.clone();
    let low = (rest.next().map(|(_, c)| c) == Some('\\')
        && rest.next().map(|(_, c)| c) == Some('u'))
    .then(|| hex_code(&mut rest, 4))
    .flatten()
    .filter(|low| (0xDC00..0xE000).contains(low))
    .ok_or_else(|| lone_surrogate(at))?;
    *chars = rest;
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        .ok_or_else(|| invalid_escape(11, at))
}

fn lone_surrogate(at: usize) -> ShellError {
    ShellError::syntax("lone surrogate in a string", at..at + 6).with_hint(
        "a UTF-16 surrogate is a character only with its pair, as in \\uD83D\\uDE00 (😀)",
    )
}

fn invalid_escape(length: usize, at: usize) -> ShellError {
    ShellError::syntax("invalid escape sequence", at..at + length + 1)
        .with_hint("\\xHH, \\uHHHH and \\u{H…} take hexadecimal digits, up to \\u{10FFFF}")
}

/// A double-quoted string literal that this lexer reads back as exactly `text`, written as
/// JavaScript's `JSON.stringify` writes a string (mongosh's messages quote input so): quotes,
/// backslashes and the characters below U+0020 are escaped (`\n`, `\b`, `\u0001`), everything
/// else is kept.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
