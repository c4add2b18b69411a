//! Reading BSON values the way queries and expressions do: a dotted path into a document,
//! JavaScript-like truthiness, and numbers of any BSON type as `f64`.

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
