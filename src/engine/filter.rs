//! Query filters (`find`, `$match`, `distinct`, `findAndModify`, `currentOp`), the subset of
//! the server's match expressions that sessions and transactions need: equality, the comparison
//! operators `$eq $ne $gt $gte $lt $lte $in $nin $exists`, and the logical `$and $or $nor`.
//! They follow the server's rules where its users meet them first (`expression_parser.cpp`,
//! `expression_leaf.cpp`):
//!
//! - a field holding an array matches when the array itself or any of its elements does
//!   (`{ tags: "y" }` finds `{ tags: ["x", "y"] }`);
//! - `null` also matches a missing field (`{ a: null }`, `$in: [null]`, `$gte: null`), and `$ne`
//!   and `$nin` are the exact negations, so `{ a: { $ne: null } }` skips both;
//! - comparisons are bracketed by type: `$gt: 1` never matches a string (numbers compare across
//!   int, long, double and decimal by value, the rest in BSON's canonical order);
//! - `$and`, `$or` and `$nor` take a non-empty array of documents, refused with the server's
//!   `BadValue` messages otherwise.
//!
//! Other operators are refused as the server refuses one it does not know (`unknown operator`,
//! `unknown top level operator`).

use super::error::{ErrorCode, ServerError, ServerResult};
use super::order::{compare_values, same_rank};
use super::values::{as_f64, lookup, truthy};
use bson::{Bson, Document};
use std::cmp::Ordering;

/// The comparison operators a field's condition may use (the logical ones are `$and`, `$or`
/// and `$nor`).
pub const FIELD_OPERATORS: [&str; 9] = [
    "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists",
];

/// A parsed query predicate.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter(Document);

impl Filter {
    /// Validates a filter document (operators known, `$and`/`$or`/`$nor` well formed, `$where`
    /// handled elsewhere).
    pub fn parse(filter: &Document) -> ServerResult<Self> {
        validate(filter)?;
        Ok(Self(filter.clone()))
    }

    /// Whether `doc` satisfies the filter.
    pub fn matches(&self, doc: &Document) -> bool {
        matches(&self.0, doc)
    }
}

/// The server's checks of one filter document, its logical operators' entries included.
fn validate(filter: &Document) -> ServerResult<()> {
    for (key, value) in filter {
        match key.as_str() {
            "$where" => {}
            "$and" | "$or" | "$nor" => {
                for entry in logical_entries(key, value)? {
                    validate(entry)?;
                }
            }
            key if key.starts_with('$') => {
                return Err(bad_value(format!("unknown top level operator: {key}")));
            }
            _ => {
                if let Some(ops) = operators(value) {
                    if let Some(op) = ops
                        .keys()
                        .find(|op| !FIELD_OPERATORS.contains(&op.as_str()))
                    {
                        return Err(bad_value(format!("unknown operator: {op}")));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The documents of `$and`, `$or` or `$nor`, refused as `parseTreeTopLevel` refuses them.
fn logical_entries<'a>(name: &str, value: &'a Bson) -> ServerResult<Vec<&'a Document>> {
    let Bson::Array(entries) = value else {
        return Err(bad_value(format!("{name} must be an array")));
    };
    if entries.is_empty() {
        return Err(bad_value(
            "$and/$or/$nor must be a nonempty array".to_owned(),
        ));
    }
    entries
        .iter()
        .map(|entry| match entry {
            Bson::Document(doc) => Ok(doc),
            _ => Err(bad_value(
                "$or/$and/$nor entries need to be full objects".to_owned(),
            )),
        })
        .collect()
}

fn bad_value(message: String) -> ServerError {
    ServerError::new(ErrorCode::BadValue, message)
}

/// A condition's operators, when it is an operator document (`{ $gt: 1 }`).
fn operators(condition: &Bson) -> Option<&Document> {
    match condition {
        Bson::Document(ops) if ops.keys().next().is_some_and(|k| k.starts_with('$')) => Some(ops),
        _ => None,
    }
}

/// Whether `doc` satisfies `filter` (validated).
fn matches(filter: &Document, doc: &Document) -> bool {
    filter.iter().all(|(key, condition)| {
        let entries = || {
            let entries: &[Bson] = match condition {
                Bson::Array(entries) => entries,
                _ => &[],
            };
            entries.iter().filter_map(Bson::as_document)
        };
        match key.as_str() {
            "$where" => true,
            "$and" => entries().all(|entry| matches(entry, doc)),
            "$or" => entries().any(|entry| matches(entry, doc)),
            "$nor" => !entries().any(|entry| matches(entry, doc)),
            _ => {
                let actual = lookup(doc, key);
                match operators(condition) {
                    Some(ops) => ops.iter().all(|(op, arg)| apply_operator(op, actual, arg)),
                    None => equals(actual, condition),
                }
            }
        }
    })
}

fn apply_operator(op: &str, actual: Option<&Bson>, arg: &Bson) -> bool {
    let within = |arg: &Bson| match arg {
        Bson::Array(items) => items.iter().any(|item| equals(actual, item)),
        _ => false,
    };
    match op {
        "$eq" => equals(actual, arg),
        "$ne" => !equals(actual, arg),
        "$gt" => compares(actual, arg, Ordering::is_gt),
        "$gte" => compares(actual, arg, Ordering::is_ge),
        "$lt" => compares(actual, arg, Ordering::is_lt),
        "$lte" => compares(actual, arg, Ordering::is_le),
        "$in" => within(arg),
        "$nin" => !within(arg),
        "$exists" => actual.is_some() == truthy(arg),
        _ => false,
    }
}

/// Equality as a query means it: the value itself, or any element of an array; `null` also
/// matches a missing field.
fn equals(actual: Option<&Bson>, wanted: &Bson) -> bool {
    match actual {
        None => *wanted == Bson::Null,
        Some(value) => {
            values_equal(value, wanted)
                || matches!(value, Bson::Array(items) if items.iter().any(|i| values_equal(i, wanted)))
        }
    }
}

/// An ordering comparison as a query means it: of the value, or of any element of an array, with
/// a value of the same type; a missing field compares as `null`.
fn compares(actual: Option<&Bson>, arg: &Bson, accept: fn(Ordering) -> bool) -> bool {
    let holds = |value: &Bson| compare(value, arg).is_some_and(accept);
    match actual {
        None => holds(&Bson::Null),
        Some(value) => {
            holds(value) || matches!(value, Bson::Array(items) if items.iter().any(holds))
        }
    }
}

/// Equality of two values, numbers across their types by value.
fn values_equal(a: &Bson, b: &Bson) -> bool {
    match (numeric(a), numeric(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y).is_eq() || (x == 0.0 && y == 0.0),
        _ => a == b,
    }
}

/// The order of two values of the same type (numbers across their types), `None` across types
/// or with NaN.
fn compare(a: &Bson, b: &Bson) -> Option<Ordering> {
    match (numeric(a), numeric(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ => same_rank(a, b).then(|| compare_values(a, b)),
    }
}

/// A number's value for a query: an int, a long or a double as it is, a decimal by its text read
/// as JavaScript's `Number()` reads it (to the nearest double, `NaN` and the infinities
/// included). Without it the canonical order, which compares decimals by type alone, would make
/// every two decimals equal.
fn numeric(value: &Bson) -> Option<f64> {
    match value {
        Bson::Decimal128(decimal) => Some(crate::js_integers::to_number(
            &crate::decimal128::to_text(decimal),
        )),
        other => as_f64(other),
    }
}
