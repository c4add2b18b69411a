//! Reading BSON values the way queries and expressions do: a dotted path into a document,
//! JavaScript-like truthiness, numbers of any BSON type as `f64`, and whole numbers as the
//! server's `BSONElement` reads them.

use super::error::{ErrorCode, ServerError, ServerResult};
use bson::{Bson, Document};

pub(crate) fn lookup<'a>(doc: &'a Document, path: &str) -> Option<&'a Bson> {
    let mut parts = path.split('.');
    let mut current = doc.get(parts.next()?)?;
    for part in parts {
        current = match current {
            Bson::Document(d) => d.get(part)?,
            _ => return None,
        };
    }
    Some(current)
}

/// The server's `BSONElement::trueValue` of a value (`$exists: 1`, `upsert: true`, an IDL
/// `safeBool`, …): a number is true when it is not zero (`NaN` too), `null` and `undefined` are
/// false, anything else is true.
pub fn truthy(value: &Bson) -> bool {
    match value {
        Bson::Boolean(b) => *b,
        Bson::Int32(i) => *i != 0,
        Bson::Int64(i) => *i != 0,
        Bson::Double(d) => *d != 0.0,
        Bson::Decimal128(d) => !crate::decimal128::is_zero(d),
        Bson::Null | Bson::Undefined => false,
        _ => true,
    }
}

/// A number as `f64`, for numeric comparison across int/long/double.
pub fn as_f64(value: &Bson) -> Option<f64> {
    match value {
        Bson::Int32(i) => Some(f64::from(*i)),
        #[allow(
            clippy::cast_precision_loss,
            reason = "comparison of user numbers, as the server does for mixed types"
        )]
        Bson::Int64(i) => Some(*i as f64),
        Bson::Double(d) => Some(*d),
        _ => None,
    }
}

/// A number's value: an int, a long or a double as it is, a decimal by its text read as
/// JavaScript's `Number()` reads it (to the nearest double, `NaN` and the infinities included).
/// (A query compares numbers by it: the canonical order compares decimals by type alone, which
/// would make every two decimals equal.)
pub fn number_value(value: &Bson) -> Option<f64> {
    match value {
        Bson::Decimal128(decimal) => Some(crate::js_integers::to_number(
            &crate::decimal128::to_text(decimal),
        )),
        other => as_f64(other),
    }
}

/// A number that must be a whole long, as `BSONElement::parseIntegerElementToLong` reads one
/// (`count`'s `limit`, `$skip`, `$limit`): another type is `Expected a number in: <name>:
/// <value>`, a double with a fraction `Expected an integer: …`, `NaN` `Expected an integer, but
/// found NaN in: …`, a double beyond a long or a decimal that is no whole long `Cannot represent
/// as a 64-bit integer: …` (all `FailedToParse`, the element written as the server writes it:
/// `$limit: nan.0`).
pub fn integer_element(name: &str, value: &Bson) -> ServerResult<i64> {
    // 2^63, the first double past a long.
    const LONG_END: f64 = 9_223_372_036_854_775_808.0;
    let failed = |what: &str| {
        Err(ServerError::new(
            ErrorCode::FailedToParse,
            format!(
                "{what}{name}: {}",
                super::bson_text::value_to_server_string(value)
            ),
        ))
    };
    #[allow(clippy::cast_possible_truncation, reason = "whole, within a long")]
    match value {
        Bson::Int32(n) => Ok(i64::from(*n)),
        Bson::Int64(n) => Ok(*n),
        Bson::Double(d) if d.is_nan() => failed("Expected an integer, but found NaN in: "),
        Bson::Double(d) if *d >= LONG_END || *d < -LONG_END => {
            failed("Cannot represent as a 64-bit integer: ")
        }
        Bson::Double(d) if d.fract() != 0.0 => failed("Expected an integer: "),
        Bson::Double(d) => Ok(*d as i64),
        Bson::Decimal128(_) => match number_value(value) {
            Some(n) if n.fract() == 0.0 && (-LONG_END..LONG_END).contains(&n) => Ok(n as i64),
            _ => failed("Cannot represent as a 64-bit integer: "),
        },
        _ => failed("Expected a number in: "),
    }
}

/// [`integer_element`] that must not be negative (`parseIntegerElementToNonNegativeLong`):
/// `Expected a non-negative number in: <name>: -1` (`FailedToParse`).
pub fn non_negative_integer_element(name: &str, value: &Bson) -> ServerResult<i64> {
    let number = integer_element(name, value)?;
    if number < 0 {
        return Err(ServerError::new(
            ErrorCode::FailedToParse,
            format!(
                "Expected a non-negative number in: {name}: {}",
                super::bson_text::value_to_server_string(value)
            ),
        ));
    }
    Ok(number)
}

/// Sets `path` (dotted) in `doc` to `value`, making the embedded documents on the way (a value
/// that is in the way and is no document is replaced).
pub fn set_path(doc: &mut Document, path: &str, value: Bson) {
    let mut current = doc;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            current.insert(part, value);
            return;
        }
        if !matches!(current.get(part), Some(Bson::Document(_))) {
            current.insert(part, Document::new());
        }
        let Some(Bson::Document(inner)) = current.get_mut(part) else {
            return;
        };
        current = inner;
    }
}

/// `rest` with `id` as its first field, `_id` (an `_id` of its own dropped): how an insert, an
/// upsert, a replacement and an inclusion projection order a document (`ensureIdFieldIsFirst`).
pub fn with_id_first(id: Bson, mut rest: Document) -> Document {
    rest.remove("_id");
    let mut out = Document::new();
    out.insert("_id", id);
    out.extend(rest);
    out
}

/// Whether two values are the same BSON, type, bytes and field order (the server's
/// `binaryEqualValues`, `binaryEqual`): `0.0` and `-0.0` are not, `1` and `1.0` are not,
/// `{ a, b }` and `{ b, a }` are not.
pub fn identical(a: &Bson, b: &Bson) -> bool {
    match (a, b) {
        (Bson::Double(x), Bson::Double(y)) => x.to_bits() == y.to_bits(),
        (Bson::Document(x), Bson::Document(y)) => documents_identical(x, y),
        (Bson::Array(x), Bson::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| identical(a, b))
        }
        _ => a == b,
    }
}

/// [`identical`] for documents.
pub fn documents_identical(a: &Document, b: &Document) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((key_a, a), (key_b, b))| key_a == key_b && identical(a, b))
}
