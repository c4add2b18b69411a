//! Numbers to and from decimal text, the same natively and in the browser.
//!
//! Reading: JavaScript's `parseFloat` and Rust's `str::parse::<f64>` both round correctly, so for
//! the same validated text they give the same number; the browser build uses the browser's,
//! which saves shipping a second float parser and its 10 KB of power-of-five tables in the
//! WebAssembly. Writing: JavaScript's `String(n)` (what mongosh prints: `1e+21`, `1e-7`), built
//! from Rust's shortest round-trip digits.

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

/// A finite number's shortest round-trip digits: the value is `0.digits × 10^point`, negated
/// when `negative` (`digits` has no leading or trailing zeros; empty for zero).
struct Shortest {
    negative: bool,
    digits: String,
    point: i32,
}

impl Shortest {
    /// Reads the digits out of a number's shortest positional text (`123.45`, `-0.0000001`).
    fn of(n: f64) -> Self {
        let text = shortest_text(n);
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = format!("{whole}{fraction}");
        let leading = digits.len() - digits.trim_start_matches('0').len();
        let point =
            i32::try_from(whole.len()).unwrap_or(i32::MAX) - i32::try_from(leading).unwrap_or(0);
        let digits = digits.trim_matches('0').to_owned();
        Self {
            negative,
            digits,
            point,
        }
    }

    fn sign(&self) -> &'static str {
        if self.negative && !self.digits.is_empty() {
            "-"
        } else {
            ""
        }
    }

    /// Without an exponent: `digits` placed around the point, padded with zeros.
    fn plain(&self) -> String {
        let k = i32::try_from(self.digits.len()).unwrap_or(i32::MAX);
        let n = self.point;
        let zeros = |count: i32| "0".repeat(usize::try_from(count).unwrap_or(0));
        let body = if self.digits.is_empty() {
            "0".to_owned()
        } else if n >= k {
            format!("{}{}", self.digits, zeros(n - k))
        } else if n > 0 {
            let (whole, fraction) = self.digits.split_at(usize::try_from(n).unwrap_or(0));
            format!("{whole}.{fraction}")
        } else {
            format!("0.{}{}", zeros(-n), self.digits)
        };
        format!("{}{body}", self.sign())
    }

    /// ECMAScript's `Number::toString`: plain from 1e-6 up to 1e21, else `d.ddde±x`.
    fn javascript(&self) -> String {
        let k = i32::try_from(self.digits.len()).unwrap_or(i32::MAX);
        let n = self.point;
        if self.digits.is_empty() || (-6 < n && n <= 21) {
            return self.plain();
        }
        let (first, rest) = self.digits.split_at(1);
        let fraction = if k > 1 {
            format!(".{rest}")
        } else {
            String::new()
        };
        let exponent = n - 1;
        let exponent_sign = if exponent < 0 { "-" } else { "+" };
        format!(
            "{}{first}{fraction}e{exponent_sign}{}",
            self.sign(),
            exponent.abs()
        )
    }
}

/// A number as JavaScript's `String(n)` writes it (`NaN`, `Infinity`, `1e+21`, `1e-7`, `0`
/// for both zeros).
pub fn javascript_text(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        Shortest::of(n).javascript()
    }
}

/// Rust's shortest round-trip digits, in positional form (`123.45`, `0.00000015`). That
/// formatter is in the wasm build anyway (serde's error messages use it), so this costs no
/// extra code, where the exponent form would bring a second formatter.
fn shortest_text(n: f64) -> String {
    format!("{n}")
}
