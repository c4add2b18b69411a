//! Decimal text to a number, the same natively and in the browser. JavaScript's `parseFloat`
//! and Rust's `str::parse::<f64>` both round correctly, so for the same validated text they give
//! the same number; the browser build uses the browser's, which saves shipping a second float
//! parser and its 10 KB of power-of-five tables in the WebAssembly.

/// Reads a decimal number as JavaScript's `Number()` reads one after trimming: an optional
/// sign, digits with an optional fraction (or a fraction alone), an optional exponent, or
/// `Infinity` and `NaN`. Anything else (`0x1F` is the lexer's business) is `None`.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = match unsigned {
        "Infinity" => f64::INFINITY,
        "NaN" => f64::NAN,
        _ if is_decimal_literal(unsigned) => convert(unsigned),
        _ => return None,
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `digits [. digits] [e|E [+|-] digits]` with at least one digit before the exponent.
fn is_decimal_literal(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let whole = digits(0);
    let mut at = whole;
    let mut fraction = 0;
    if bytes.get(at) == Some(&b'.') {
        fraction = digits(at + 1);
        at += 1 + fraction;
    }
    if whole + fraction == 0 {
        return false;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exponent = digits(at);
        if exponent == 0 {
            return false;
        }
        at += exponent;
    }
    at == bytes.len()
}

#[cfg(target_arch = "wasm32")]
fn convert(literal: &str) -> f64 {
    js_sys::Number::parse_float(literal)
}

#[cfg(not(target_arch = "wasm32"))]
fn convert(literal: &str) -> f64 {
    literal.parse().unwrap_or(f64::NAN)
}
