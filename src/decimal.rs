//! Numbers to and from decimal text, the same natively and in the browser.
//!
//! Reading: JavaScript's `parseFloat` and Rust's `str::parse::<f64>` both round correctly, so for
//! the same validated text they give the same number; the browser build uses the browser's,
//! which saves shipping a second float parser and its 10 KB of power-of-five tables in the
//! WebAssembly. Writing: JavaScript's `String(n)` (what mongosh prints: `1e+21`, `1e-7`) and a
//! positional text (what the server's messages print here: never an exponent), both built from
//! a number's shortest round-trip digits as JavaScript chooses them. The browser build asks the
//! browser (`Number#toString`), which keeps Rust's float formatter and its tables (about 12 KB
//! of code) out of the WebAssembly; the native build finds the same digits with Rust's
//! formatters ([`shortest_text_by_rust`]).

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

/// A finite number's decimal digits (its shortest round-trip digits, or a count of significant
/// digits): the value is `0.digits × 10^point`, negated when `negative` (`digits` has no leading
/// or trailing zeros; empty for zero).
struct DigitString {
    negative: bool,
    digits: String,
    point: i32,
}

impl DigitString {
    /// A finite number's shortest round-trip digits.
    fn shortest(n: f64) -> Self {
        Self::read(&shortest_text(n))
    }

    /// A finite number rounded exactly to `precision` significant digits, a tie to the even
    /// digit, as C's `printf` rounds (natively Rust's formatter does the same).
    #[cfg(not(target_arch = "wasm32"))]
    fn significant(n: f64, precision: u8) -> Self {
        Self::read(&precision_text_by_rust(n, precision))
    }

    /// The browser's digits (`Number#toPrecision`), which round a tie up: a tie (the exact
    /// digits, which `toPrecision(100)` writes whole for any number short enough to tie, are
    /// the kept ones and a 5) goes down instead when the last kept digit is even
    /// (`662936471232937.25` is `662936471232937.2` at 16 digits).
    #[cfg(target_arch = "wasm32")]
    fn significant(n: f64, precision: u8) -> Self {
        let kept = usize::from(precision);
        let exact = Self::read(&precision_text(n, 100));
        let digits = exact.digits.as_bytes();
        let tie_to_even = digits.len() == kept + 1
            && digits[kept] == b'5'
            && kept > 0
            && (digits[kept - 1] - b'0') % 2 == 0;
        if tie_to_even {
            return Self {
                digits: exact.digits[..kept].trim_end_matches('0').to_owned(),
                ..exact
            };
        }
        Self::read(&precision_text(n, precision))
    }

    /// Reads the digits out of a number's text, positional (`123.45`, `-0.0000001`) or with an
    /// exponent (`1.5e-7`, `1e+21`, Rust's `1.5e0`).
    fn read(text: &str) -> Self {
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match text.split_once('e') {
            Some((mantissa, exponent)) => (mantissa, exponent.parse::<i32>().unwrap_or(0)),
            None => (text, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{whole}{fraction}");
        let leading = digits.len() - digits.trim_start_matches('0').len();
        let point = i32::try_from(whole.len()).unwrap_or(i32::MAX)
            - i32::try_from(leading).unwrap_or(0)
            + exponent;
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

    /// Without an exponent or sign: `digits` placed around the point, padded with zeros.
    fn unsigned_plain(&self) -> String {
        let k = i32::try_from(self.digits.len()).unwrap_or(i32::MAX);
        let n = self.point;
        let zeros = |count: i32| "0".repeat(usize::try_from(count).unwrap_or(0));
        if self.digits.is_empty() {
            "0".to_owned()
        } else if n >= k {
            format!("{}{}", self.digits, zeros(n - k))
        } else if n > 0 {
            let (whole, fraction) = self.digits.split_at(usize::try_from(n).unwrap_or(0));
            format!("{whole}.{fraction}")
        } else {
            format!("0.{}{}", zeros(-n), self.digits)
        }
    }

    /// C's `%g` layout of these digits (already rounded to its precision): plain when the
    /// exponent is from -4 to below `precision`, else `d.ddde±xx` (two exponent digits at
    /// least), without trailing zeros either way.
    fn c_general(&self, precision: u8) -> String {
        let exponent = self.point - 1;
        if self.digits.is_empty() || (-4..i32::from(precision)).contains(&exponent) {
            return format!("{}{}", self.sign(), self.unsigned_plain());
        }
        let (first, rest) = self.digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { "-" } else { "+" };
        format!(
            "{}{first}{fraction}e{exponent_sign}{:02}",
            self.sign(),
            exponent.abs()
        )
    }

    /// ECMAScript's `Number::toString`: plain from 1e-6 up to 1e21, else `d.ddde±x`.
    fn javascript(&self) -> String {
        let k = i32::try_from(self.digits.len()).unwrap_or(i32::MAX);
        let n = self.point;
        if self.digits.is_empty() || (-6 < n && n <= 21) {
            return format!("{}{}", self.sign(), self.unsigned_plain());
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
        DigitString::shortest(n).javascript()
    }
}

/// A number as C's `printf("%.<precision>g")` writes it (`9.300000000000001` at 16 digits,
/// `1e+20`, `1.5e-07`, `-0`, `nan`, `inf`): the server's `StringBuilder` writes a double in its
/// messages so, at 16 digits in a document's text and at 6 in an aggregation value's.
pub fn c_general_text(n: f64, precision: u8) -> String {
    if n.is_nan() {
        "nan".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "inf" } else { "-inf" }.to_owned()
    } else if n == 0.0 {
        if n.is_sign_negative() { "-0" } else { "0" }.to_owned()
    } else {
        DigitString::significant(n, precision).c_general(precision)
    }
}

/// A finite number's shortest round-trip digits as the browser writes them (`String(n)`).
#[cfg(target_arch = "wasm32")]
fn shortest_text(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// A finite, non-zero number rounded exactly to `precision` significant digits, a tie up, as the
/// browser writes it (`Number#toPrecision`: `9.300000000000001`, `1.000000000000000e+21`).
#[cfg(target_arch = "wasm32")]
fn precision_text(n: f64, precision: u8) -> String {
    js_sys::Number::from(n)
        .to_precision(precision)
        .map(String::from)
        .unwrap_or_default()
}

/// A number rounded exactly to `precision` significant digits by Rust's formatter
/// (`9.300000000000001e0`, ties to even); `tests/web.rs` checks its digits against the browser's.
pub fn precision_text_by_rust(n: f64, precision: u8) -> String {
    format!("{n:.*e}", usize::from(precision.saturating_sub(1)))
}

/// The native build's digits: [`shortest_text_by_rust`].
#[cfg(not(target_arch = "wasm32"))]
fn shortest_text(n: f64) -> String {
    shortest_text_by_rust(n)
}

/// A finite number's shortest round-trip digits found with Rust's formatters, choosing as
/// JavaScript's `Number::toString` chooses (ECMAScript's abstract operation of that name): of
/// the shortest texts that
/// read back to the number, the closest to it, and of two equally close the even one. Rust's own
/// shortest text rounds such a tie up (`1658206780088562.25` is `…562.3` there, `…562.2` in
/// JavaScript), so the number is written again with that many digits, rounded exactly (ties to
/// even), and that text is taken when it still reads back. The native build writes numbers with
/// it; `tests/web.rs` checks it against the browser's.
pub fn shortest_text_by_rust(n: f64) -> String {
    let shortest = format!("{n:e}");
    let mantissa = shortest.split('e').next().unwrap_or_default();
    let digits = mantissa.chars().filter(char::is_ascii_digit).count();
    let closest = format!("{n:.*e}", digits.saturating_sub(1));
    if closest.parse::<f64>().ok() == Some(n) {
        closest
    } else {
        shortest
    }
}
