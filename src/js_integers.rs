//! Integers made as mongosh's constructors make them, by JavaScript's and js-bson's conversions,
//! the same natively and in the browser:
//!
//! - `NumberInt(value)` is `new Int32(parseInt(`${value}`, 10))` and `Int32(value)` is
//!   `new Int32(value)`; both end in JavaScript's `ToInt32` (`+value | 0`), which wraps modulo
//!   2^32 and makes what is no number 0: `NumberInt("3000000000")` is `-1294967296`,
//!   `NumberInt("12px")` is 12 (`parseInt` stops at the `p`), `Int32("12px")` is 0.
//! - `NumberLong(text)` and `Long(text)` are js-bson's `Long.fromString`: eight characters at a
//!   time read by `parseInt`, the total wrapping modulo 2^64 (`NumberLong("9223372036854775808")`
//!   is the smallest Long), `"NaN"` and the infinities 0, and an empty text or a `-` after the
//!   first character refused with a `BSONError` (`empty string`, `interior hyphen`).
//! - `NumberLong(number)` is `Long.fromNumber`: truncated, held at the Long's limits, NaN 0.
//! - `Long(low, high)` is js-bson's constructor: the two 32-bit halves, each `| 0`, so
//!   `Long(-5)` is 4294967291.
//!
//! `tests/web.rs` checks each against the browser's JavaScript and js-bson itself.

/// JavaScript's white space and line terminators (all in the Basic Multilingual Plane), which
/// `parseInt` and `Number()` skip.
fn is_js_space(unit: u16) -> bool {
    matches!(
        unit,
        0x09..=0x0d | 0x20 | 0xa0 | 0x1680 | 0x2000..=0x200a | 0x2028 | 0x2029 | 0x202f | 0x205f | 0x3000 | 0xfeff
    )
}

/// JavaScript's `parseInt(text, 10)` of UTF-16 code units: white space, a sign, then the
/// decimal digits up to the first unit that is none; NaN without a digit.
fn parse_int_units(units: &[u16]) -> f64 {
    let start = units
        .iter()
        .position(|&u| !is_js_space(u))
        .unwrap_or(units.len());
    let (negative, unsigned) = match units[start..].split_first() {
        Some((&sign, rest)) if sign == u16::from(b'-') || sign == u16::from(b'+') => {
            (sign == u16::from(b'-'), rest)
        }
        _ => (false, &units[start..]),
    };
    let digits: String = unsigned
        .iter()
        .map_while(|&u| {
            u8::try_from(u)
                .ok()
                .filter(u8::is_ascii_digit)
                .map(char::from)
        })
        .collect();
    match crate::decimal::parse_decimal(&digits) {
        Some(value) if !digits.is_empty() => {
            if negative {
                -value
            } else {
                value
            }
        }
        _ => f64::NAN,
    }
}

/// JavaScript's `parseInt(text, 10)`.
pub fn parse_int(text: &str) -> f64 {
    parse_int_units(&text.encode_utf16().collect::<Vec<_>>())
}

/// JavaScript's `Number(text)`: white space around a decimal literal, `Infinity`, or an
/// unsigned `0x`, `0o` or `0b` literal; nothing at all is 0, anything else NaN.
pub fn to_number(text: &str) -> f64 {
    let text = text.trim_matches(|c: char| u16::try_from(u32::from(c)).is_ok_and(is_js_space));
    if text.is_empty() {
        return 0.0;
    }
    let radix = match text.get(..2) {
        Some("0x" | "0X") => 16,
        Some("0o" | "0O") => 8,
        Some("0b" | "0B") => 2,
        _ => return crate::decimal::parse_decimal(text).unwrap_or(f64::NAN),
    };
    power_of_two_literal(&text[2..], radix).unwrap_or(f64::NAN)
}

/// The digits of a base-2, 8 or 16 literal as the nearest double, as JavaScript rounds it:
/// the first 120 bits or more are kept exactly, the rest only as a count of bits and whether
/// any was 1 (enough to round correctly; past 2^1024 it is infinity). `None` without a digit or
/// with one that is none in `radix`.
fn power_of_two_literal(digits: &str, radix: u32) -> Option<f64> {
    if digits.is_empty() {
        return None;
    }
    let bits = radix.trailing_zeros();
    let (mut kept, mut dropped_bits, mut dropped_one) = (0u128, 0i32, false);
    for c in digits.chars() {
        let digit = c.to_digit(radix)?;
        if kept >> 120 == 0 {
            kept = (kept << bits) | u128::from(digit);
        } else {
            dropped_bits = dropped_bits.saturating_add(i32::try_from(bits).unwrap_or(4));
            dropped_one |= digit != 0;
        }
    }
    // A 1 far below the double's last bit breaks a tie the way the dropped bits would.
    kept |= u128::from(dropped_one);
    #[allow(
        clippy::cast_precision_loss,
        reason = "rounded to the nearest double, as JavaScript rounds"
    )]
    let leading = kept as f64;
    Some(leading * 2f64.powi(dropped_bits))
}

/// JavaScript's `ToInt32` (`value | 0`): truncated, then wrapped modulo 2^32; NaN and the
/// infinities are 0.
pub fn to_int32(value: f64) -> i32 {
    if !value.is_finite() {
        return 0;
    }
    let wrapped = value.trunc().rem_euclid(4_294_967_296.0);
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a whole number in 0..2^32"
    )]
    let bits = wrapped as u32;
    i32::from_ne_bytes(bits.to_ne_bytes())
}

/// js-bson's `Long.fromNumber`: truncated toward zero, held at the Long's limits; NaN is 0.
pub fn long_from_number(value: f64) -> i64 {
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if value.is_nan() {
        0
    } else if value <= -TWO_POW_63 {
        i64::MIN
    } else if value + 1.0 >= TWO_POW_63 {
        i64::MAX
    } else {
        #[allow(clippy::cast_possible_truncation, reason = "within the Long's range")]
        let whole = value.trunc() as i64;
        whole
    }
}

/// js-bson's `Long.fromString(text)` (base 10, signed), or its `BSONError` message.
pub fn long_from_string(text: &str) -> Result<i64, &'static str> {
    if matches!(text, "NaN" | "Infinity" | "+Infinity" | "-Infinity") {
        return Ok(0);
    }
    long_from_units(&text.encode_utf16().collect::<Vec<_>>())
}

/// js-bson's `Long._fromString` of UTF-16 code units. (js-bson reads a leading `-` by calling
/// itself on the rest and negating; here a loop does, so a text of thousands of them costs no
/// stack.)
fn long_from_units(mut units: &[u16]) -> Result<i64, &'static str> {
    let mut negative = false;
    loop {
        if units.is_empty() {
            return Err("empty string");
        }
        match units.iter().position(|&u| u == u16::from(b'-')) {
            Some(0) => {
                negative = !negative;
                units = &units[1..];
            }
            Some(_) => return Err("interior hyphen"),
            None => break,
        }
    }
    let value = units.chunks(8).fold(0i64, |total, chunk| {
        let power = 10i64.pow(u32::try_from(chunk.len()).unwrap_or(8));
        total
            .wrapping_mul(power)
            .wrapping_add(long_from_number(parse_int_units(chunk)))
    });
    Ok(if negative {
        value.wrapping_neg()
    } else {
        value
    })
}

/// js-bson's `new Long(low, high)`: each half `| 0`, the high one above the low one.
pub fn long_from_halves(low: f64, high: f64) -> i64 {
    let low = u32::from_ne_bytes(to_int32(low).to_ne_bytes());
    (i64::from(to_int32(high)) << 32) | i64::from(low)
}

#[cfg(test)]
mod tests {
    use super::{
        long_from_halves, long_from_number, long_from_string, parse_int, to_int32, to_number,
    };

    /// Each value as node printed it (js-bson 6.10 for the Longs).
    #[test]
    fn conversions_give_what_javascript_and_js_bson_give() {
        assert_eq!(to_int32(parse_int("3000000000")), -1_294_967_296);
        assert_eq!(to_int32(parse_int(" 12px")), 12);
        assert_eq!(to_int32(parse_int("-5.9")), -5);
        assert_eq!(to_int32(parse_int("1e+21")), 1);
        assert_eq!(to_int32(parse_int("abc")), 0);
        assert_eq!(to_int32(to_number("0x10")), 16);
        assert_eq!(to_int32(to_number(" 12 ")), 12);
        assert_eq!(to_int32(to_number("12px")), 0);
        assert_eq!(to_int32(to_number("")), 0);
        assert_eq!(long_from_string("abc"), Ok(0));
        assert_eq!(long_from_string("12abc"), Ok(12));
        assert_eq!(long_from_string("1234567812abc"), Ok(1_234_567_800_012));
        assert_eq!(
            long_from_string("99999999999999999999"),
            Ok(7_766_279_631_452_241_919)
        );
        assert_eq!(long_from_string("9223372036854775808"), Ok(i64::MIN));
        assert_eq!(long_from_string("--5"), Ok(5));
        assert_eq!(long_from_string("---5"), Ok(-5));
        assert_eq!(long_from_string("--"), Err("empty string"));
        assert_eq!(
            long_from_string(&format!("{}5", "-".repeat(30_001))),
            Ok(-5)
        );
        assert_eq!(long_from_string("-NaN"), Ok(0));
        assert_eq!(long_from_string(""), Err("empty string"));
        assert_eq!(long_from_string("5-3"), Err("interior hyphen"));
        assert_eq!(long_from_number(1e30), i64::MAX);
        assert_eq!(long_from_number(-5.7), -5);
        assert_eq!(long_from_halves(-5.0, 0.0), 4_294_967_291);
        assert_eq!(long_from_halves(1.0, 2.0), 8_589_934_593);
    }
}
