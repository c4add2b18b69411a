//! Updates as the server's update driver applies them (`src/mongo/db/update/`): `$set`,
//! `$unset` and `$inc` on dotted paths, and whole-document replacement.
//!
//! The modifiers are read first, whatever the documents (`UpdateObjectNode::parseAndMerge`):
//! each path checked (`fieldchecker::isUpdatable`), two paths of which one is the other or
//! leads through it refused (`ConflictingUpdateOperators`). Their fields are then applied in
//! the order of the server's tree of paths, by name at each level with numeric names by value
//! (`pathsupport::cmpPathsAndArrayIndexes`): `{ $set: { b: 1 }, $inc: { a: 1 } }` on `{}`
//! gives `{ a: 1, b: 1 }`. A path walks embedded documents by name and arrays by index; what is
//! missing is created (`pathsupport::createPathAt`), an array padded with `null` up to the index,
//! and a path that would go through a value that is neither is `PathNotViable`. `_id` is
//! immutable: an update that changes it is `ImmutableField`, one that leaves it as it was is not.
//! An upsert starts from the query's equalities ([`upsert_seed`]).
//!
//! Not simulated, and refused in Session Lab's own words rather than done wrong: the positional
//! operators (`$`, `$[]`, `$[<identifier>]`) and `arrayFilters`, decimal arithmetic, and
//! padding arrays with more than [`MAX_PADDING`] elements in one command.

use super::bson_text::{type_name, value_to_server_string};
use super::error::{ErrorCode, ServerError, ServerResult};
use super::order::compare_values;
use super::values::{as_f64, identical, set_path, with_id_first};
use bson::{Bson, Document};
use std::cmp::Ordering;

/// The update modifiers [`apply_update`] implements.
pub const UPDATE_MODIFIERS: [&str; 3] = ["$set", "$unset", "$inc"];

/// The deepest a document may nest (`BSONDepth::getMaxDepthForUserStorage`).
const MAX_DEPTH: usize = crate::bson_input::MAX_DEPTH;

/// The most `null`s the server pads an array with (`kMaxPaddingAllowed`).
const SERVER_MAX_PADDING: usize = 1_500_000;

/// The most `null`s Session Lab pads arrays with in one command: it holds documents in memory,
/// and an input must not be able to fill it (an `updateMany` pads every document it updates).
pub const MAX_PADDING: usize = 10_000;

/// An update modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    Set,
    Unset,
    Inc,
}

/// One field of a modifier: its path, cut at the dots, and its value.
struct Leaf<'a> {
    path: &'a str,
    parts: Vec<&'a str>,
    modifier: Modifier,
    value: &'a Bson,
}

/// Applies an update document (operators or replacement) to `doc`, the `null`s it pads arrays
/// with taken from `padding_left`, an allowance the documents of one command share.
///
/// # Errors
/// The server's refusal of the update (read before `doc` is looked at), or of what it would do
/// to `doc`; Session Lab's refusal to pad more than the allowance.
pub fn apply_update(
    doc: &mut Document,
    update: &Document,
    padding_left: &mut usize,
) -> ServerResult<()> {
    let is_operator_update = update.keys().next().is_some_and(|k| k.starts_with('$'));
    if !is_operator_update {
        return replace(doc, update);
    }
    let leaves = parse_modifiers(update)?;
    // A document the update fails on is left as it was.
    let id = doc.get("_id").cloned();
    let mut updated = Bson::Document(doc.clone());
    for leaf in &leaves {
        apply_at(&mut updated, leaf, id.as_ref(), padding_left)?;
    }
    if let Bson::Document(updated) = updated {
        *doc = updated;
    }
    Ok(())
}

/// Reads an operator update as the server does before it looks for documents.
///
/// # Errors
/// The server's refusal of a modifier, a path or a value.
pub fn check_update(update: &Document) -> ServerResult<()> {
    if update.keys().next().is_some_and(|k| k.starts_with('$')) {
        parse_modifiers(update)?;
    }
    Ok(())
}

/// A replacement (`ObjectReplaceExecutor`, and what a pipeline-style update makes of a
/// document): the document's `_id` stays, as its first field; a replacement that names another
/// `_id` is refused.
///
/// # Errors
/// `ImmutableField` for a replacement that names another `_id`.
pub fn replace(doc: &mut Document, replacement: &Document) -> ServerResult<()> {
    *doc = match (doc.get("_id"), replacement.get("_id")) {
        (Some(old), Some(new)) if compare_values(old, new) != Ordering::Equal => {
            return Err(ServerError::new(
                ErrorCode::ImmutableField,
                format!(
                    "After applying the update, the (immutable) field '_id' was found to have been altered to _id: {}",
                    value_to_server_string(new)
                ),
            ));
        }
        (Some(id), _) | (None, Some(id)) => with_id_first(id.clone(), replacement.clone()),
        (None, None) => replacement.clone(),
    };
    Ok(())
}

/// The modifiers' fields in the order the server applies them, each checked as it is read.
fn parse_modifiers(update: &Document) -> ServerResult<Vec<Leaf<'_>>> {
    let mut leaves: Vec<Leaf<'_>> = Vec::new();
    for (op, fields) in update {
        // `validateMod`: the modifier's name first, then what it holds.
        let modifier = match op.as_str() {
            "$set" => Modifier::Set,
            "$unset" => Modifier::Unset,
            "$inc" => Modifier::Inc,
            _ => {
                return Err(ServerError::new(
                    ErrorCode::FailedToParse,
                    format!("Unknown modifier: {op}. Expected a valid update modifier or pipeline-style update specified as an array"),
                ))
            }
        };
        let Bson::Document(fields) = fields else {
            return Err(ServerError::new(
                ErrorCode::FailedToParse,
                format!(
                    "Modifiers operate on fields but we found type {} instead. For example: {{$mod: {{<field>: ...}}}} not {{{op}: {}}}",
                    type_name(fields),
                    value_to_server_string(fields)
                ),
            ));
        };
        for (path, value) in fields {
            let parts = updatable_parts(path)?;
            if modifier == Modifier::Inc && !is_number(value) {
                return Err(ServerError::new(
                    ErrorCode::TypeMismatch,
                    format!(
                        "Cannot increment with non-numeric argument: {{{path}: {}}}",
                        value_to_server_string(value)
                    ),
                ));
            }
            check_conflicts(&leaves, &parts, path)?;
            // Kept in the order of the server's tree of paths (no two are the same path, or
            // one under the other: `check_conflicts`).
            let at = leaves.partition_point(|leaf| path_order(&leaf.parts, &parts).is_lt());
            leaves.insert(
                at,
                Leaf {
                    path,
                    parts,
                    modifier,
                    value,
                },
            );
        }
    }
    Ok(leaves)
}

/// `fieldchecker::isUpdatable`: a path with no empty part; then Session Lab's refusal of the
/// positional operators.
fn updatable_parts(path: &str) -> ServerResult<Vec<&str>> {
    if path.is_empty() {
        return Err(ServerError::new(
            ErrorCode::EmptyFieldName,
            "An empty update path is not valid.",
        ));
    }
    let parts: Vec<&str> = path.split('.').collect();
    if parts.iter().any(|part| part.is_empty()) {
        return Err(ServerError::new(
            ErrorCode::EmptyFieldName,
            format!("The update path '{path}' contains an empty field name, which is not allowed."),
        ));
    }
    if parts
        .iter()
        .any(|part| *part == "$" || (part.starts_with("$[") && part.ends_with(']')))
    {
        return Err(positional_refused());
    }
    Ok(parts)
}

/// Session Lab's refusal of the positional operators, which the server applies.
pub fn positional_refused() -> ServerError {
    ServerError::new(
        ErrorCode::InvalidOptions,
        "Session Lab does not simulate the positional operators ($, $[] and $[<identifier>]) or arrayFilters: name the array element by its index (\"a.0\"), or set the whole array",
    )
}

/// `parseAndMerge`'s conflicts: a path through an earlier field (at the shortest such prefix),
/// or a path that is an earlier field or leads to one.
fn check_conflicts(leaves: &[Leaf<'_>], parts: &[&str], path: &str) -> ServerResult<()> {
    let conflict = |at: String| {
        ServerError::new(
            ErrorCode::ConflictingUpdateOperators,
            format!("Updating the path '{path}' would create a conflict at '{at}'"),
        )
    };
    for end in 1..parts.len() {
        if leaves.iter().any(|leaf| leaf.parts == parts[..end]) {
            return Err(conflict(parts[..end].join(".")));
        }
    }
    if leaves.iter().any(|leaf| leaf.parts.starts_with(parts)) {
        return Err(conflict(path.to_owned()));
    }
    Ok(())
}

/// The order of two paths in the server's tree: by their first part that differs.
fn path_order(a: &[&str], b: &[&str]) -> Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| field_order(x, y))
        .find(|order| order.is_ne())
        .unwrap_or_else(|| a.len().cmp(&b.len()))
}

/// `cmpPathsAndArrayIndexes`: two names that start with a digit (and are not zero-padded)
/// by length, then as text; any other two as text.
fn field_order(a: &str, b: &str) -> Ordering {
    let numeric = |s: &str| {
        s.as_bytes().first().is_some_and(u8::is_ascii_digit) && !(s.starts_with('0') && s.len() > 1)
    };
    if numeric(a) && numeric(b) {
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    } else {
        a.cmp(b)
    }
}

/// A value `$inc` can add (a decimal too: its arithmetic is `add_numbers`' to refuse).
fn is_number(value: &Bson) -> bool {
    as_f64(value).is_some() || matches!(value, Bson::Decimal128(_))
}

/// An array index as the server reads a path's part (`parseUnsignedBase10Integer`).
fn array_index(part: &str) -> Option<usize> {
    part.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| part.parse().ok())
        .flatten()
}

/// The value called `part` in a container (a document's field, an array's element).
fn child<'a>(container: &'a Bson, part: &str) -> Option<&'a Bson> {
    match container {
        Bson::Document(d) => d.get(part),
        Bson::Array(items) => array_index(part).and_then(|i| items.get(i)),
        _ => None,
    }
}

/// [`child`], to change.
fn child_mut<'a>(container: &'a mut Bson, part: &str) -> Option<&'a mut Bson> {
    match container {
        Bson::Document(d) => d.get_mut(part),
        Bson::Array(items) => array_index(part).and_then(|i| items.get_mut(i)),
        _ => None,
    }
}

/// `<name>: <value>`, an element as the server's messages show it.
fn element_text(name: &str, value: &Bson) -> String {
    format!("{name}: {}", value_to_server_string(value))
}

/// A document's `_id` as the server's messages show it (`_id: 1`, or `no id`).
fn id_text(id: Option<&Bson>) -> String {
    id.map_or_else(|| "no id".to_owned(), |id| element_text("_id", id))
}

/// `Overflow`: a path deeper than a document may nest.
fn too_deep() -> ServerError {
    ServerError::new(
        ErrorCode::Overflow,
        format!("Document exceeds maximum nesting depth of {MAX_DEPTH}"),
    )
}

/// Applies one modifier's field to the document `root`: walks its path as far as it exists,
/// then modifies what is there or creates what is not.
fn apply_at(
    root: &mut Bson,
    leaf: &Leaf<'_>,
    id: Option<&Bson>,
    padding_left: &mut usize,
) -> ServerResult<()> {
    let mut reached = &*root;
    let mut existing = 0;
    for part in &leaf.parts {
        let Some(next) = child(reached, part) else {
            break;
        };
        reached = next;
        existing += 1;
    }
    let parent_depth = existing.min(leaf.parts.len() - 1);
    let mut container = root;
    let mut name = "";
    for part in &leaf.parts[..parent_depth] {
        let Some(next) = child_mut(container, part) else {
            return Ok(()); // (Not reached: the walk above found it.)
        };
        container = next;
        name = part;
    }
    if existing < leaf.parts.len() {
        return create_at(container, name, parent_depth, leaf, padding_left);
    }
    let last = leaf.parts[parent_depth];
    let in_array = matches!(container, Bson::Array(_));
    let Some(value) = child_mut(container, last) else {
        return Ok(()); // (Not reached: the walk above found it.)
    };
    if modify(value, in_array, leaf, id)? {
        if let Bson::Document(d) = container {
            d.remove(last);
        }
    }
    Ok(())
}

/// Modifies the existing value at the leaf's path; answers whether the field is to be removed
/// (`$unset` of a document's field; an array's element is set to `null` instead).
fn modify(
    existing: &mut Bson,
    in_array: bool,
    leaf: &Leaf<'_>,
    id: Option<&Bson>,
) -> ServerResult<bool> {
    let new = match leaf.modifier {
        Modifier::Set => leaf.value.clone(),
        Modifier::Unset if in_array => Bson::Null,
        Modifier::Unset => {
            immutable(leaf)?;
            return Ok(true);
        }
        Modifier::Inc => {
            if !is_number(existing) {
                return Err(ServerError::new(
                    ErrorCode::TypeMismatch,
                    format!(
                        "Cannot apply $inc to a value of non-numeric type. {{{}}} has the field '{}' of non-numeric type {}",
                        id_text(id),
                        leaf.parts.last().unwrap_or(&""),
                        type_name(existing)
                    ),
                ));
            }
            add_numbers(existing, leaf.value, id)?
        }
    };
    if !identical(existing, &new) {
        immutable(leaf)?;
        *existing = new;
    }
    Ok(false)
}

/// `checkImmutablePathsNotModified`: a change on a path in `_id`.
fn immutable(leaf: &Leaf<'_>) -> ServerResult<()> {
    if leaf.parts.first() == Some(&"_id") {
        return Err(ServerError::new(
            ErrorCode::ImmutableField,
            format!(
                "Performing an update on the path '{}' would modify the immutable field '_id'",
                leaf.path
            ),
        ));
    }
    Ok(())
}

/// Creates the rest of the leaf's path, from part `depth` on, in `container` (the value called
/// `name`, at the first `depth` parts), as `pathsupport::createPathAt` does; then checks what
/// it created as `validateUpdate` and the immutable `_id` do.
fn create_at(
    container: &mut Bson,
    name: &str,
    depth: usize,
    leaf: &Leaf<'_>,
    padding_left: &mut usize,
) -> ServerResult<()> {
    if leaf.modifier == Modifier::Unset {
        return Ok(());
    }
    let missing = &leaf.parts[depth..];
    let not_viable = |container: &Bson| {
        ServerError::new(
            ErrorCode::PathNotViable,
            format!(
                "Cannot create field '{}' in element {{{}}}",
                missing[0],
                element_text(name, container)
            ),
        )
    };
    if leaf.parts.len() > MAX_DEPTH {
        return Err(too_deep());
    }
    // `$inc` of a missing field sets it to the increment.
    let mut value = leaf.value.clone();
    for part in missing[1..].iter().rev() {
        let mut wrapped = Document::new();
        wrapped.insert(*part, value);
        value = Bson::Document(wrapped);
    }
    match container {
        Bson::Document(d) => {
            if depth == 0 && missing[0].starts_with('$') {
                return Err(ServerError::new(
                    ErrorCode::DollarPrefixedFieldName,
                    format!("The dollar ($) prefixed field '{0}' in '{0}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.", missing[0]),
                ));
            }
            d.insert(missing[0], value);
        }
        Bson::Array(items) => {
            let Some(index) = array_index(missing[0]) else {
                return Err(not_viable(container));
            };
            let padding = index.saturating_sub(items.len());
            if padding > SERVER_MAX_PADDING {
                return Err(ServerError::new(
                    ErrorCode::CannotBackfillArray,
                    format!("can't backfill more than {SERVER_MAX_PADDING} elements"),
                ));
            }
            if padding > *padding_left {
                return Err(ServerError::new(
                    ErrorCode::InvalidOptions,
                    format!(
                        "Session Lab holds documents in memory and pads arrays with at most {MAX_PADDING} nulls in one command (the server pads an array with up to {SERVER_MAX_PADDING}): '{}' would add {padding}, and {} are left",
                        leaf.path, *padding_left
                    ),
                ));
            }
            *padding_left -= padding;
            items.resize(index, Bson::Null);
            items.push(value);
        }
        other => return Err(not_viable(other)),
    }
    if depth > 0 && leaf.parts[0] == "_id" {
        return Err(ServerError::new(
            ErrorCode::ImmutableField,
            format!(
                "Updating the path '{}' to {} would modify the immutable field '_id'",
                leaf.parts[..depth].join("."),
                element_text(name, container)
            ),
        ));
    }
    Ok(())
}

/// What an upsert starts from (`extractEqualityMatches`, `addEqualitiesToDoc`): the query's
/// equality conditions at their paths (`{ _id: 1, "a.b": { $eq: 2 } }` gives
/// `{ _id: 1, a: { b: 2 } }`; a regular expression matches, it is no equality); a path matched
/// under another is refused.
///
/// # Errors
/// `NotSingleValueField` for a path matched under another, `Overflow` for one deeper than a
/// document may nest.
pub fn upsert_seed(query: &Document) -> ServerResult<Document> {
    let mut seed = Document::new();
    let mut matched: Vec<&str> = Vec::new();
    for (path, condition) in query {
        let value = match condition {
            _ if path.starts_with('$') => continue,
            Bson::Document(ops) if ops.keys().next().is_some_and(|k| k.starts_with('$')) => {
                match (ops.len(), ops.get("$eq")) {
                    (1, Some(value)) => value,
                    _ => continue,
                }
            }
            Bson::RegularExpression(_) => continue,
            value => value,
        };
        let parent = matched.iter().find(|earlier| {
            path.strip_prefix(**earlier)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        });
        if let Some(parent) = parent {
            return Err(ServerError::new(
                ErrorCode::NotSingleValueField,
                format!("cannot infer query fields to set, both paths '{path}' and '{parent}' are matched"),
            ));
        }
        if path.split('.').count() > MAX_DEPTH {
            return Err(too_deep());
        }
        matched.push(path);
        set_path(&mut seed, path, value.clone());
    }
    Ok(seed)
}

/// `$inc`'s sum, as `SafeNum` adds: two ints that overflow make a long, two integers of which
/// one is a long a long, a double with anything a double; a long that overflows is
/// `BadValue` `Failed to apply $inc operations to current value ((NumberLong)…) for document
/// {_id: …}`.
fn add_numbers(a: &Bson, b: &Bson, id: Option<&Bson>) -> ServerResult<Bson> {
    let long = |x: i64, y: i64| {
        x.checked_add(y).map(Bson::Int64).ok_or_else(|| {
            let current = match a {
                Bson::Int32(n) => format!("(NumberInt){n}"),
                _ => format!("(NumberLong){x}"),
            };
            ServerError::new(
                ErrorCode::BadValue,
                format!(
                    "Failed to apply $inc operations to current value ({current}) for document {{{}}}",
                    id_text(id)
                ),
            )
        })
    };
    match (a, b) {
        (Bson::Int32(x), Bson::Int32(y)) => Ok(x
            .checked_add(*y)
            .map_or_else(|| Bson::Int64(i64::from(*x) + i64::from(*y)), Bson::Int32)),
        (Bson::Int64(x), Bson::Int32(y)) => long(*x, i64::from(*y)),
        (Bson::Int32(x), Bson::Int64(y)) => long(i64::from(*x), *y),
        (Bson::Int64(x), Bson::Int64(y)) => long(*x, *y),
        _ => match (as_f64(a), as_f64(b)) {
            (Some(x), Some(y)) => Ok(Bson::Double(x + y)),
            // (Both are numbers, one of them a decimal.)
            _ => Err(ServerError::new(
                ErrorCode::InvalidOptions,
                "Session Lab does not simulate decimal arithmetic: $inc with a NumberDecimal, or of one, is refused (the server adds them as IEEE 754 decimals); use an integer or a double",
            )),
        },
    }
}
