//! BSON's canonical order, as the server compares values for sorting, grouping and `$min`/
//! `$max` (`BSONElement::woCompare` and `canonicalizeBSONType` in `bsontypes.h`): first by
//! type, `MinKey` < null < numbers < strings < objects < arrays < binData < `ObjectId` <
//! booleans < dates < timestamps < regular expressions < … < `MaxKey`; then by value, numbers
//! across int, long and double by their numeric value.

use super::values::as_f64;
use bson::{Bson, Document};
use std::cmp::Ordering;

/// The rank of a value's type in the canonical order.
fn rank(value: &Bson) -> i8 {
    match value {
        Bson::MinKey => -1,
        Bson::Undefined => 0,
        Bson::Null => 5,
        Bson::Double(_) | Bson::Int32(_) | Bson::Int64(_) | Bson::Decimal128(_) => 10,
        Bson::String(_) | Bson::Symbol(_) => 15,
        Bson::Document(_) => 20,
        Bson::Array(_) => 25,
        Bson::Binary(_) => 30,
        Bson::ObjectId(_) => 35,
        Bson::Boolean(_) => 40,
        Bson::DateTime(_) => 45,
        Bson::Timestamp(_) => 47,
        Bson::RegularExpression(_) => 50,
        Bson::DbPointer(_) => 55,
        Bson::JavaScriptCode(_) => 60,
        Bson::JavaScriptCodeWithScope(_) => 65,
        Bson::MaxKey => 127,
    }
}

/// Whether two values are of one type in the canonical order (numbers of every kind are one,
/// as are strings and symbols): the values a query's comparison compares.
pub fn same_rank(a: &Bson, b: &Bson) -> bool {
    rank(a) == rank(b)
}

/// Compares two values in the canonical order.
pub fn compare_values(a: &Bson, b: &Bson) -> Ordering {
    rank(a).cmp(&rank(b)).then_with(|| match (a, b) {
        (Bson::String(x) | Bson::Symbol(x), Bson::String(y) | Bson::Symbol(y)) => x.cmp(y),
        (Bson::Document(x), Bson::Document(y)) => compare_documents(x, y),
        (Bson::Array(x), Bson::Array(y)) => x
            .iter()
            .zip(y)
            .map(|(p, q)| compare_values(p, q))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        (Bson::Binary(x), Bson::Binary(y)) => x
            .bytes
            .len()
            .cmp(&y.bytes.len())
            .then_with(|| u8::from(x.subtype).cmp(&u8::from(y.subtype)))
            .then_with(|| x.bytes.cmp(&y.bytes)),
        (Bson::ObjectId(x), Bson::ObjectId(y)) => x.bytes().cmp(&y.bytes()),
        (Bson::Boolean(x), Bson::Boolean(y)) => x.cmp(y),
        (Bson::DateTime(x), Bson::DateTime(y)) => x.cmp(y),
        (Bson::Timestamp(x), Bson::Timestamp(y)) => {
            (x.time, x.increment).cmp(&(y.time, y.increment))
        }
        _ => match (as_f64(a), as_f64(b)) {
            (Some(x), Some(y)) => x
                .partial_cmp(&y)
                .unwrap_or_else(|| x.is_nan().cmp(&y.is_nan()).reverse()),
            _ => Ordering::Equal,
        },
    })
}

/// Compares two documents field by field: each field's type, then its name, then its value;
/// a document that is a prefix of the other sorts first.
pub fn compare_documents(a: &Document, b: &Document) -> Ordering {
    a.iter()
        .zip(b)
        .map(|((ka, va), (kb, vb))| {
            rank(va)
                .cmp(&rank(vb))
                .then_with(|| ka.cmp(kb))
                .then_with(|| compare_values(va, vb))
        })
        .find(|o| o.is_ne())
        .unwrap_or_else(|| a.len().cmp(&b.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bson::doc;

    #[test]
    fn types_order_before_values_and_numbers_compare_across_types() {
        let mut values = vec![
            Bson::Boolean(false),
            Bson::String("a".into()),
            Bson::Int64(3),
            Bson::Null,
            Bson::Double(2.5),
            Bson::Document(doc! {}),
            Bson::Int32(1),
            Bson::Array(vec![]),
        ];
        values.sort_by(compare_values);
        assert_eq!(
            values,
            vec![
                Bson::Null,
                Bson::Int32(1),
                Bson::Double(2.5),
                Bson::Int64(3),
                Bson::String("a".into()),
                Bson::Document(doc! {}),
                Bson::Array(vec![]),
                Bson::Boolean(false),
            ]
        );
        assert!(compare_values(&Bson::Int32(1), &Bson::Double(1.0)).is_eq());
    }

    #[test]
    fn documents_compare_field_by_field() {
        assert!(compare_documents(&doc! { "a": 1 }, &doc! { "a": 1, "b": 0 }).is_lt());
        assert!(compare_documents(&doc! { "a": 2 }, &doc! { "a": 1, "b": 0 }).is_gt());
        assert!(compare_documents(&doc! { "a": 1 }, &doc! { "b": 1 }).is_lt());
    }
}
