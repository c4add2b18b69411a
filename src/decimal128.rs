//! `Decimal128` values as text, read and written as mongosh reads and writes them, the same
//! natively and in the browser.
//!
//! mongosh's `NumberDecimal(text)` and `Decimal128(text)` are js-bson's `Decimal128.fromString`,
//! and a decimal prints with js-bson's `toString`. Reading is exact: a text that would need
//! rounding to fit 34 digits, or an exponent out of range, is refused with js-bson's `BSONError`
//! message (`"1e-6177" is not a valid Decimal128 string - exponent underflow`); a text that only
//! has more zeros than fit is stored with fewer (`1.0000…0` with 40 zeros is
//! `1.000000000000000000000000000000000`), and the exponent of a zero is clamped. Writing is the
//! decimal specification's scientific string (`1.23`, `1E+10`, `1E-7`, `0E-10`, `-Infinity`).
//! This follows js-bson's algorithm step by step, its quirks included (`NumberDecimal("-")` is
//! `-0`, `Decimal128("nan")` is `NaN`), and `tests/web.rs` checks it against js-bson itself.
//!
//! (bson's own `FromStr` rounds where js-bson refuses, and its `Display` and the bit-vector
//! crate it uses were about 5 KB of the first load's WebAssembly.)

use bson::Decimal128;
use std::fmt::Write as _;

const EXPONENT_MAX: i64 = 6111;
const EXPONENT_MIN: i64 = -6176;
const EXPONENT_BIAS: i64 = 6176;
const MAX_DIGITS: i64 = 34;
/// Where an exponent's digits stop counting: every later comparison gives the same answer for
/// a larger one (js-bson reads the exponent as a JavaScript number, up to `Infinity`).
const EXPONENT_LIMIT: i64 = 1 << 40;

/// The decimal that `text` stands for, or js-bson's message saying why it stands for none.
pub fn parse(text: &str) -> Result<Decimal128, String> {
    let not_valid = || format!("{text} not a valid Decimal128 string");
    let invalid = |why: &str| format!("\"{text}\" is not a valid Decimal128 string - {why}");
    // (js-bson's guard against slow regular expressions counts UTF-16 code units.)
    if text.is_empty() || text.encode_utf16().count() >= 7000 {
        return Err(not_valid());
    }
    let bytes = text.as_bytes();
    let signed = matches!(bytes[0], b'+' | b'-');
    let negative = bytes[0] == b'-';
    let unsigned = &text[usize::from(signed)..];
    if unsigned.eq_ignore_ascii_case("infinity") || unsigned.eq_ignore_ascii_case("inf") {
        return Ok(special(if negative { 0xf8 } else { 0x78 }));
    }
    if unsigned.eq_ignore_ascii_case("nan") {
        return Ok(special(0x7c));
    }
    let shape = Shape::of(unsigned.as_bytes()).ok_or_else(not_valid)?;
    if shape.exponent_mark && shape.exponent_digits == 0 {
        return Err(invalid("missing exponent power"));
    }
    if shape.exponent_mark && shape.number == 0 {
        return Err(invalid("missing exponent base"));
    }
    if !shape.exponent_mark && (shape.exponent_sign || shape.exponent_digits > 0) {
        return Err(invalid("missing e before exponent"));
    }
    let (mut significand, exponent) =
        Reader::read(bytes, signed).map_err(|failure| match failure {
            Failure::NotValid => not_valid(),
            Failure::Invalid(why) => invalid(why),
        })?;
    let biased = u128::try_from(exponent + EXPONENT_BIAS).unwrap_or(0);
    significand |= (biased & 0x3fff) << 113;
    if negative {
        significand |= 1 << 127;
    }
    Ok(Decimal128::from_bytes(significand.to_le_bytes()))
}

/// `Infinity`, `-Infinity` or `NaN`: only the top byte is set.
fn special(top: u8) -> Decimal128 {
    let mut bytes = [0; 16];
    bytes[15] = top;
    Decimal128::from_bytes(bytes)
}

/// The parts of `[digits][.digits][e|E][+|-][digits]` that are there (js-bson's pattern), or
/// `None` when the text is not of that shape.
struct Shape {
    number: usize,
    exponent_mark: bool,
    exponent_sign: bool,
    exponent_digits: usize,
}

impl Shape {
    fn of(bytes: &[u8]) -> Option<Shape> {
        let mut at = 0;
        let mut saw_point = false;
        while let Some(&c) = bytes.get(at) {
            if !(c.is_ascii_digit() || (c == b'.' && !saw_point)) {
                break;
            }
            saw_point |= c == b'.';
            at += 1;
        }
        let number = at;
        let exponent_mark = matches!(bytes.get(at), Some(b'e' | b'E'));
        at += usize::from(exponent_mark);
        let exponent_sign = matches!(bytes.get(at), Some(b'+' | b'-'));
        at += usize::from(exponent_sign);
        let exponent_digits = bytes[at..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        (at + exponent_digits == bytes.len()).then_some(Shape {
            number,
            exponent_mark,
            exponent_sign,
            exponent_digits,
        })
    }
}

/// Why a text of the right shape is refused.
enum Failure {
    /// `… not a valid Decimal128 string` (a point without digits).
    NotValid,
    /// `"…" is not a valid Decimal128 string - <why>`.
    Invalid(&'static str),
}

/// js-bson's reading state, under its own names: positions are counted in the text (with the
/// sign and the point added back where js-bson adds them), digits in the significand.
struct Reader<'a> {
    text: &'a [u8],
    /// The significand's digits, at most 34, from the first non-zero one.
    digits: Vec<u8>,
    /// Digits read from the first non-zero one on.
    n_digits: i64,
    significant_digits: i64,
    last_digit: i64,
    exponent: i64,
}

impl Reader<'_> {
    /// The significand (at most 34 digits) and the exponent of a text already of the right
    /// shape, as js-bson's `fromString` finds them without rounding.
    fn read(text: &[u8], signed: bool) -> Result<(u128, i64), Failure> {
        let mut index = usize::from(signed);
        let (mut saw_radix, mut found_non_zero) = (false, false);
        let (mut n_digits_read, mut radix_position, mut first_non_zero) = (0i64, 0i64, 0i64);
        let mut reader = Reader {
            text,
            digits: Vec::with_capacity(34),
            n_digits: 0,
            significant_digits: 0,
            last_digit: 0,
            exponent: 0,
        };
        while let Some(&c) = text.get(index) {
            if c == b'.' {
                saw_radix = true;
                index += 1;
                continue;
            }
            if !c.is_ascii_digit() {
                break;
            }
            if reader.stored() < MAX_DIGITS && (c != b'0' || found_non_zero) {
                if !found_non_zero {
                    first_non_zero = n_digits_read;
                }
                found_non_zero = true;
                reader.digits.push(c - b'0');
            }
            reader.n_digits += i64::from(found_non_zero);
            radix_position += i64::from(saw_radix);
            n_digits_read += 1;
            index += 1;
        }
        if saw_radix && n_digits_read == 0 {
            return Err(Failure::NotValid);
        }
        if index < text.len() {
            reader.exponent = exponent_value(&text[index + 1..]);
        }
        // Offsets js-bson adds to a digit's place to find it in the text.
        let offset = i64::from(signed) + i64::from(saw_radix);
        if reader.digits.is_empty() {
            reader.digits.push(0);
            reader.n_digits = 1;
        } else {
            reader.last_digit = reader.stored() - 1;
            reader.significant_digits = reader.n_digits;
            if reader.significant_digits != 1 {
                while reader.at(first_non_zero + reader.significant_digits - 1 + offset)
                    == Some(b'0')
                {
                    reader.significant_digits -= 1;
                }
            }
        }
        reader.normalize(radix_position, offset)?;
        if reader.last_digit + 1 < reader.significant_digits {
            let round_digit = reader.at(first_non_zero + offset + reader.last_digit + 1);
            if round_digit != Some(b'0') {
                return Err(Failure::Invalid("inexact rounding"));
            }
        }
        Ok((reader.significand(), reader.exponent))
    }

    /// How many digits are stored.
    fn stored(&self) -> i64 {
        i64::try_from(self.digits.len()).unwrap_or(i64::MAX)
    }

    /// The text's byte at `index`, if there is one.
    fn at(&self, index: i64) -> Option<u8> {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.text.get(i))
            .copied()
    }

    /// Brings the exponent into range and the stored digits to those read, shifting zeros
    /// between them; fails where that would lose a digit that is not zero.
    fn normalize(&mut self, radix_position: i64, offset: i64) -> Result<(), Failure> {
        if self.exponent <= radix_position && radix_position > self.exponent + (1 << 14) {
            self.exponent = EXPONENT_MIN;
        } else {
            self.exponent -= radix_position;
        }
        while self.exponent > EXPONENT_MAX {
            self.last_digit += 1;
            if self.last_digit >= MAX_DIGITS {
                if self.significant_digits == 0 {
                    self.exponent = EXPONENT_MAX;
                    break;
                }
                return Err(Failure::Invalid("overflow"));
            }
            self.exponent -= 1;
        }
        while self.exponent < EXPONENT_MIN || self.stored() < self.n_digits {
            if self.last_digit == 0 {
                if self.significant_digits == 0 {
                    self.exponent = EXPONENT_MIN;
                    break;
                }
                return Err(Failure::Invalid("exponent underflow"));
            }
            if self.stored() < self.n_digits {
                if self.at(self.n_digits - 1 + offset) != Some(b'0') && self.significant_digits != 0
                {
                    return Err(Failure::Invalid("inexact rounding"));
                }
                self.n_digits -= 1;
            } else {
                if self.digit(self.last_digit) != Some(0) {
                    return Err(Failure::Invalid("inexact rounding"));
                }
                self.last_digit -= 1;
            }
            if self.exponent < EXPONENT_MAX {
                self.exponent += 1;
            } else {
                return Err(Failure::Invalid("overflow"));
            }
        }
        Ok(())
    }

    /// Stored digit `index` (js-bson's array reads `undefined` past the end).
    fn digit(&self, index: i64) -> Option<u8> {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.digits.get(i))
            .copied()
    }

    /// The significand: the stored digits up to the last one kept (missing ones count as 0).
    fn significand(&self) -> u128 {
        if self.significant_digits == 0 {
            return 0;
        }
        (0..=self.last_digit).fold(0, |value, i| {
            value * 10 + u128::from(self.digit(i).unwrap_or(0))
        })
    }
}

/// The exponent written after the `e` (an optional sign, then digits), held at
/// [`EXPONENT_LIMIT`].
fn exponent_value(text: &[u8]) -> i64 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let magnitude = digits.iter().fold(0i64, |value, d| {
        (value * 10 + i64::from(d - b'0')).min(EXPONENT_LIMIT)
    });
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// Whether `decimal` is a zero of any sign and exponent (the server's `Decimal128::isZero`; a
/// non-canonical significand of more than 34 digits is a zero too). `NaN` and the infinities
/// are not.
pub fn is_zero(decimal: &Decimal128) -> bool {
    let text = to_text(decimal);
    let significand = text.split('E').next().unwrap_or_default();
    significand.bytes().any(|b| b.is_ascii_digit())
        && significand
            .bytes()
            .all(|b| !b.is_ascii_digit() || b == b'0')
}

/// `decimal` as js-bson's `toString` writes it (what mongosh prints inside `Decimal128('…')`).
pub fn to_text(decimal: &Decimal128) -> String {
    let bits = u128::from_le_bytes(decimal.bytes());
    let high = u32::try_from(bits >> 96).unwrap_or(0);
    let mut out = String::new();
    if bits >> 127 == 1 {
        out.push('-');
    }
    let combination = (high >> 26) & 0x1f;
    let (biased_exponent, significand_msb) = if combination >> 3 == 3 {
        match combination {
            30 => return out + "Infinity",
            31 => return "NaN".to_owned(),
            _ => ((high >> 15) & 0x3fff, 0x08 + ((high >> 14) & 1)),
        }
    } else {
        ((high >> 17) & 0x3fff, (high >> 14) & 0x07)
    };
    let exponent = i64::from(biased_exponent) - EXPONENT_BIAS;
    let digits = significand_digits([
        (high & 0x3fff) + ((significand_msb & 0xf) << 14),
        low_word(bits, 2),
        low_word(bits, 1),
        low_word(bits, 0),
    ]);
    let count = i64::try_from(digits.len()).unwrap_or(0);
    let scientific_exponent = count - 1 + exponent;
    let mut digits = digits.iter().map(|d| char::from(b'0' + d));
    if scientific_exponent >= 34 || scientific_exponent <= -7 || exponent > 0 {
        // (More than 34 digits is not a canonical decimal: js-bson writes a zero.)
        if count > 34 {
            out.push('0');
            if exponent != 0 {
                let sign = if exponent > 0 { "+" } else { "" };
                let _ = write!(out, "E{sign}{exponent}");
            }
            return out;
        }
        out.extend(digits.next());
        if count > 1 {
            out.push('.');
            out.extend(digits);
        }
        let sign = if scientific_exponent > 0 { "+" } else { "" };
        let _ = write!(out, "E{sign}{scientific_exponent}");
    } else if exponent >= 0 {
        out.extend(digits);
    } else {
        let radix_position = count + exponent;
        if radix_position > 0 {
            out.extend(
                digits
                    .by_ref()
                    .take(usize::try_from(radix_position).unwrap_or(0)),
            );
        } else {
            out.push('0');
        }
        out.push('.');
        out.extend((radix_position..0).map(|_| '0'));
        out.extend(digits);
    }
    out
}

/// Bits `32 * word` to `32 * word + 31` of `bits`.
fn low_word(bits: u128, word: u32) -> u32 {
    u32::try_from((bits >> (32 * word)) & 0xffff_ffff).unwrap_or(0)
}

/// The decimal digits of the significand held in four 32-bit words, most significant first,
/// without leading zeros (`[0]` for zero): nine digits at a time, as js-bson divides it.
fn significand_digits(mut words: [u32; 4]) -> Vec<u8> {
    let mut digits = [0u8; 36];
    for chunk in digits.chunks_mut(9).rev() {
        let mut remainder = 0u64;
        for word in &mut words {
            let value = (remainder << 32) | u64::from(*word);
            *word = u32::try_from(value / 1_000_000_000).unwrap_or(0);
            remainder = value % 1_000_000_000;
        }
        for digit in chunk.iter_mut().rev() {
            *digit = u8::try_from(remainder % 10).unwrap_or(0);
            remainder /= 10;
        }
    }
    let first = digits.iter().position(|&d| d != 0).unwrap_or(35);
    digits[first..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::{is_zero, parse, to_text};

    #[test]
    fn zeros_of_any_sign_and_exponent_are_zero_and_nan_and_infinity_are_not() {
        for text in ["0", "-0", "0E-10", "-0E+3", "0.000", "0e9999"] {
            assert!(is_zero(&parse(text).unwrap()), "{text}");
        }
        for text in ["1E-6176", "-0.5", "NaN", "Infinity", "-Infinity", "10"] {
            assert!(!is_zero(&parse(text).unwrap()), "{text}");
        }
    }

    fn read(text: &str) -> String {
        parse(text).map_or_else(|message| format!("BSONError: {message}"), |d| to_text(&d))
    }

    /// Each line: js-bson 6.10's answer for the text (`Decimal128.fromString(text).toString()`
    /// or its message), as node printed it.
    #[test]
    fn texts_read_and_print_as_js_bson_reads_and_prints_them() {
        for (text, expected) in [
            ("1.23", "1.23"),
            ("0.000001", "0.000001"),
            ("0.0000001", "1E-7"),
            ("1E+10", "1E+10"),
            ("100E-2", "1.00"),
            ("1.0e7", "1.0E+7"),
            ("0E-10", "0E-10"),
            ("-0", "-0"),
            ("-0E+3", "-0E+3"),
            ("+", "0"),
            ("-", "-0"),
            ("-.5", "-0.5"),
            ("5.", "5"),
            ("00012", "12"),
            ("0.100", "0.100"),
            ("-inf", "-Infinity"),
            ("INF", "Infinity"),
            ("nan", "NaN"),
            ("-NaN", "NaN"),
            ("1e6144", "1.000000000000000000000000000000000E+6144"),
            ("1e6112", "1.0E+6112"),
            ("0e9999", "0E+6111"),
            ("0e-9999", "0E-6176"),
            ("10E-6177", "1E-6176"),
            ("1234567890123456789012345678901234000", "1.234567890123456789012345678901234E+36"),
            ("1.2345678901234567890123456789012340", "1.234567890123456789012345678901234"),
            ("9999999999999999999999999999999999", "9999999999999999999999999999999999"),
            (
                "12345678901234567890123456789012345",
                "BSONError: \"12345678901234567890123456789012345\" is not a valid Decimal128 string - inexact rounding",
            ),
            ("1e-6177", "BSONError: \"1e-6177\" is not a valid Decimal128 string - exponent underflow"),
            ("1e6145", "BSONError: \"1e6145\" is not a valid Decimal128 string - overflow"),
            ("1e", "BSONError: \"1e\" is not a valid Decimal128 string - missing exponent power"),
            ("e5", "BSONError: \"e5\" is not a valid Decimal128 string - missing exponent base"),
            ("5+5", "BSONError: \"5+5\" is not a valid Decimal128 string - missing e before exponent"),
            ("abc", "BSONError: abc not a valid Decimal128 string"),
            ("", "BSONError:  not a valid Decimal128 string"),
            (" 1", "BSONError:  1 not a valid Decimal128 string"),
            (".", "BSONError: . not a valid Decimal128 string"),
            ("1.2.3", "BSONError: 1.2.3 not a valid Decimal128 string"),
        ] {
            assert_eq!(read(text), expected, "{text:?}");
        }
    }

    #[test]
    fn every_printed_decimal_reads_back_as_itself() {
        for text in [
            "1.23",
            "-1E-7",
            "1.000000000000000000000000000000000E+6144",
            "0E-6176",
            "123",
        ] {
            let decimal = parse(text).unwrap();
            assert_eq!(parse(&to_text(&decimal)).unwrap(), decimal, "{text}");
        }
    }
}
