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
//! - a dotted path walks through arrays as the server's `BSONElementIterator` does:
//!   `{ "items.sku": "a" }` looks into every document of `items`, and a number in the path is
//!   also a position (`"items.0.sku"`);
//! - `$where` is JavaScript, and Session Lab runs none: it reads only `sleep(<ms>) || true`
//!   (every document, after a pause: a slow query) and `sleep(<ms>)` (no document, as `sleep`
//!   returns `undefined`), in a query command's filter at any level; other code is refused, and
//!   an aggregation's `$match` refuses `$where` as the server does (`$where is not allowed in
//!   this context`, which `countDocuments` meets too: mongosh runs it as an aggregation).
//!
//! Other operators are refused as the server refuses one it does not know (`unknown operator`,
//! `unknown top level operator`).

use super::error::{ErrorCode, ServerError, ServerResult};
use super::order::{compare_values, same_rank};
use super::values::{number_value, truthy};
use bson::{Bson, Document};
use std::cmp::Ordering;

/// The comparison operators a field's condition may use (the logical ones are `$and`, `$or`
/// and `$nor`).
pub const FIELD_OPERATORS: [&str; 9] = [
    "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists",
];

/// A parsed query predicate.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The filter, each `$where`'s code replaced by what it returns (read once, here).
    document: Document,
    /// The pause a top-level `$where: "sleep(<ms>) …"` asks for, in milliseconds.
    sleep_ms: Option<i64>,
}

/// Where a filter is read, which decides whether it may hold `$where`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// A query command's filter (`find`, `count`, `distinct`, updates, deletes,
    /// `findAndModify`): JavaScript is allowed.
    Query,
    /// An aggregation's `$match` (and `currentOp`, which the server runs as one): it is not.
    Pipeline,
}

impl Filter {
    /// Validates a query command's filter (operators known, `$and`/`$or`/`$nor` well formed,
    /// `$where` one of the forms Session Lab reads).
    pub fn parse(filter: &Document) -> ServerResult<Self> {
        Self::read(filter, Context::Query)
    }

    /// Validates an aggregation's `$match` filter: as [`Filter::parse`], and `$where` refused.
    pub fn parse_match(filter: &Document) -> ServerResult<Self> {
        Self::read(filter, Context::Pipeline)
    }

    fn read(filter: &Document, context: Context) -> ServerResult<Self> {
        validate(filter, context)?;
        let sleep_ms = filter
            .get("$where")
            .and_then(|code| where_clause(code).ok())
            .map(|clause| clause.sleep_ms);
        let mut document = filter.clone();
        settle_where(&mut document);
        Ok(Self { document, sleep_ms })
    }

    /// Whether `doc` satisfies the filter.
    pub fn matches(&self, doc: &Document) -> bool {
        matches(&self.document, doc)
    }

    /// The pause a top-level `$where: "sleep(<ms>) …"` asks for, in milliseconds.
    pub fn sleep_ms(&self) -> Option<i64> {
        self.sleep_ms
    }
}

/// Replaces each `$where`'s code (validated) by what it returns, at every level of `$and`,
/// `$or` and `$nor`, so that matching a document does not read the code again.
fn settle_where(filter: &mut Document) {
    for (key, value) in filter.iter_mut() {
        match (key.as_str(), value) {
            ("$where", value) => {
                *value = Bson::Boolean(where_clause(value).is_ok_and(|clause| clause.matches));
            }
            ("$and" | "$or" | "$nor", Bson::Array(entries)) => {
                for entry in entries {
                    if let Bson::Document(entry) = entry {
                        settle_where(entry);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The server's checks of one filter document, its logical operators' entries included.
fn validate(filter: &Document, context: Context) -> ServerResult<()> {
    for (key, value) in filter {
        match key.as_str() {
            "$where" if context == Context::Pipeline => {
                return Err(bad_value(
                    "$where is not allowed in this context".to_owned(),
                ));
            }
            "$where" => {
                where_clause(value)?;
            }
            "$and" | "$or" | "$nor" => {
                for entry in logical_entries(key, value)? {
                    validate(entry, context)?;
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

/// The only JavaScript Session Lab reads: `sleep(<ms>)`, alone or followed by `|| true`.
struct WhereClause {
    sleep_ms: i64,
    /// What the code returns: `sleep` returns `undefined`, so without `|| true` no document
    /// matches.
    matches: bool,
}

/// Reads a `$where`'s code (a string or a `Code` value), or refuses it.
fn where_clause(code: &Bson) -> ServerResult<WhereClause> {
    let text = match code {
        Bson::String(s) | Bson::JavaScriptCode(s) => s.as_str(),
        _ => "",
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .strip_prefix("sleep(")
        .and_then(|rest| rest.split_once(')'))
        .and_then(|(digits, tail)| {
            let sleep_ms = digits.parse::<i64>().ok()?;
            let matches = match tail {
                "" | ";" => false,
                "||true" | "||1" => true,
                _ => return None,
            };
            Some(WhereClause { sleep_ms, matches })
        })
        .ok_or_else(|| {
            bad_value(
                "Session Lab runs no JavaScript: the only $where it accepts is \"sleep(<ms>) || true\", to make a slow query"
                    .to_owned(),
            )
        })
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
            "$where" => *condition == Bson::Boolean(true),
            "$and" => entries().all(|entry| matches(entry, doc)),
            "$or" => entries().any(|entry| matches(entry, doc)),
            "$nor" => !entries().any(|entry| matches(entry, doc)),
            _ => {
                let found = path_values(doc, key);
                match operators(condition) {
                    Some(ops) => ops.iter().all(|(op, arg)| apply_operator(op, &found, arg)),
                    None => any_equals(&found, condition),
                }
            }
        }
    })
}

/// Whether one operator holds for the values a path found: for any of them, and `$ne`, `$nin`
/// and `$exists: false` for none.
fn apply_operator(op: &str, found: &[Option<&Bson>], arg: &Bson) -> bool {
    let within = |arg: &Bson| match arg {
        Bson::Array(items) => items.iter().any(|item| any_equals(found, item)),
        _ => false,
    };
    let any_compares =
        |accept: fn(Ordering) -> bool| found.iter().any(|v| compares(*v, arg, accept));
    match op {
        "$eq" => any_equals(found, arg),
        "$ne" => !any_equals(found, arg),
        "$gt" => any_compares(Ordering::is_gt),
        "$gte" => any_compares(Ordering::is_ge),
        "$lt" => any_compares(Ordering::is_lt),
        "$lte" => any_compares(Ordering::is_le),
        "$in" => within(arg),
        "$nin" => !within(arg),
        "$exists" => found.iter().any(Option::is_some) == truthy(arg),
        _ => false,
    }
}

fn any_equals(found: &[Option<&Bson>], wanted: &Bson) -> bool {
    found.iter().any(|value| equals(*value, wanted))
}

/// The values a dotted path reaches in `doc`, `None` where a document lacks the field, as the
/// server's `BSONElementIterator` finds them: through documents, and through an array into each
/// of its documents and, for a number in the path, into the element at that position. A path
/// that ends at an array yields the array (the comparisons look into it).
pub fn path_values<'a>(doc: &'a Document, path: &str) -> Vec<Option<&'a Bson>> {
    let (first, rest) = first_part(path);
    let mut found = Vec::new();
    walk(doc.get(first), rest, &mut found);
    found
}

/// A dotted path's first part, and the rest if there is more.
fn first_part(path: &str) -> (&str, Option<&str>) {
    match path.split_once('.') {
        Some((first, rest)) => (first, Some(rest)),
        None => (path, None),
    }
}

/// Follows the rest of a path from `value` (`None`: the path ends at `value`).
fn walk<'a>(value: Option<&'a Bson>, rest: Option<&str>, found: &mut Vec<Option<&'a Bson>>) {
    let Some(rest) = rest else {
        return found.push(value);
    };
    let (part, after) = first_part(rest);
    match value {
        Some(Bson::Document(inner)) => walk(inner.get(part), after, found),
        Some(Bson::Array(items)) => {
            let position = (part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<usize>().ok())
                .flatten();
            for (at, item) in items.iter().enumerate() {
                let nested = matches!(item, Bson::Document(_) | Bson::Array(_));
                if matches!(item, Bson::Document(_)) {
                    walk(Some(item), Some(rest), found);
                }
                if position == Some(at) && (after.is_none() || nested) {
                    walk(Some(item), after, found);
                }
            }
        }
        _ => found.push(None),
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
    match (number_value(a), number_value(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y).is_eq() || (x == 0.0 && y == 0.0),
        _ => a == b,
    }
}

/// The order of two values of the same type (numbers across their types), `None` across types
/// or with NaN.
fn compare(a: &Bson, b: &Bson) -> Option<Ordering> {
    match (number_value(a), number_value(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ => same_rank(a, b).then(|| compare_values(a, b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bson::doc;

    fn matches_doc(filter: Document, doc: Document) -> bool {
        Filter::parse(&filter).unwrap().matches(&doc)
    }

    /// Cases from the server's own matcher tests (`stitch_support_test.cpp`,
    /// `path_test.cpp`): positions and nested arrays along a dotted path.
    #[test]
    fn dotted_paths_walk_through_arrays_as_the_server_does() {
        let nested = doc! { "a": [123, [{ "b": [1] }, 456]] };
        assert!(matches_doc(doc! { "a.1.0.b": 1 }, nested.clone()));
        assert!(matches_doc(doc! { "a.1.b": 1 }, nested.clone()));
        assert!(!matches_doc(doc! { "a.0.b": 1 }, nested));
        let items = doc! { "items": [{ "sku": "x" }, { "qty": 2 }] };
        assert!(matches_doc(doc! { "items.sku": "x" }, items.clone()));
        assert!(matches_doc(doc! { "items.sku": null }, items.clone()));
        assert!(!matches_doc(
            doc! { "items.qty": { "$gt": 2 } },
            items.clone()
        ));
        assert!(matches_doc(doc! { "items.qty": { "$gte": 2 } }, items));
        // An array of scalars has no field to be null (8.0's rule, `null_query_semantics.js`
        // before SERVER-36681); a scalar on the way is a missing field.
        assert!(!matches_doc(doc! { "a.b": null }, doc! { "a": [1, 2] }));
        assert!(matches_doc(doc! { "a.b": null }, doc! { "a": 5 }));
        assert!(!matches_doc(doc! { "a.0.b": null }, doc! { "a": [5] }));
    }

    #[test]
    fn where_reads_sleep_only_and_never_in_a_match_stage() {
        let all = doc! { "$where": "sleep(5) || true" };
        assert!(matches_doc(all.clone(), doc! {}));
        assert_eq!(Filter::parse(&all).unwrap().sleep_ms(), Some(5));
        assert!(!matches_doc(doc! { "$where": "sleep(5)" }, doc! {}));
        let nested = doc! { "$or": [{ "$where": "this.a == 1" }] };
        let refused = Filter::parse(&nested).unwrap_err();
        assert_eq!(refused.code, ErrorCode::BadValue);
        let in_match = Filter::parse_match(&all).unwrap_err();
        assert_eq!(in_match.errmsg, "$where is not allowed in this context");
    }
}
