//! IDL-style parsing with the server's exact messages (`src/mongo/idl/idl_parser.cpp`):
//! wrong type (14; for a field of several types `expected types '[bool, long, int, decimal,
//! double']`, the server's quote before the bracket included), wrong binData subtype (14),
//! missing required field (40414), unknown field in a strict struct or command (40415), a
//! `gte: 0` validator (51024); and the basic types' own readers (`safeBool`, `safeInt64`,
//! `optionalBool`, `parseOwnedBSON`, `parseHint`, `countParseLimit`, `bsonExtractIntegerField`).
//! As derived from the generator: `null` and `undefined` count as absent for a typed field;
//! fields are checked in document order and the first error wins; missing required fields are
//! reported after the loop, alphabetically first. Commands parsed by a table of their fields'
//! types are in [`super::idl_fields`].

use crate::engine::bson_text::{binary_subtype_name, type_name};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::values::integer_element;
use bson::{spec::BinarySubtype, Bson, Document};

/// `BSON field '<path>' is the wrong type '<actual>', expected type '<expected>'`.
pub fn wrong_type(path: &str, actual: &Bson, expected: &str) -> ServerError {
    ServerError::new(
        ErrorCode::TypeMismatch,
        format!(
            "BSON field '{path}' is the wrong type '{}', expected type '{expected}'",
            type_name(actual)
        ),
    )
}

/// `BSON field '<path>' is the wrong type '<actual>', expected types '[<expected>']`, for a
/// field of several types (`throwBadType`, with its quote before the closing bracket).
pub fn wrong_types(path: &str, actual: &Bson, expected: &str) -> ServerError {
    ServerError::new(
        ErrorCode::TypeMismatch,
        format!(
            "BSON field '{path}' is the wrong type '{}', expected types '[{expected}']",
            type_name(actual)
        ),
    )
}

/// `BSON field '<path>' is missing but a required field`.
pub fn missing(path: &str) -> ServerError {
    ServerError::new(
        ErrorCode::IdlFailedToParse,
        format!("BSON field '{path}' is missing but a required field"),
    )
}

/// `BSON field '<path>' is an unknown field.`
pub fn unknown(path: &str) -> ServerError {
    ServerError::new(
        ErrorCode::IdlUnknownField,
        format!("BSON field '{path}' is an unknown field."),
    )
}

/// A value that is neither `null` nor `undefined`.
pub fn present(value: Option<&Bson>) -> Option<&Bson> {
    value.filter(|v| !matches!(v, Bson::Null | Bson::Undefined))
}

/// A count as an IDL `int` (a count beyond one is capped).
pub fn int(count: impl TryInto<i32>) -> Bson {
    Bson::Int32(count.try_into().unwrap_or(i32::MAX))
}

/// Expects an array.
pub fn array<'a>(path: &str, value: &'a Bson) -> ServerResult<&'a [Bson]> {
    match value {
        Bson::Array(items) => Ok(items),
        other => Err(wrong_type(path, other, "array")),
    }
}

/// Expects a string.
pub fn string<'a>(path: &str, value: &'a Bson) -> ServerResult<&'a str> {
    match value {
        Bson::String(s) => Ok(s),
        other => Err(wrong_type(path, other, "string")),
    }
}

/// Expects a bool.
pub fn boolean(path: &str, value: &Bson) -> ServerResult<bool> {
    match value {
        Bson::Boolean(b) => Ok(*b),
        other => Err(wrong_type(path, other, "bool")),
    }
}

/// Expects a `safeBool`: a bool or a number, read as the server's `trueValue` (any number but
/// zero is true).
pub fn safe_bool(path: &str, value: &Bson) -> ServerResult<bool> {
    match value {
        Bson::Boolean(_)
        | Bson::Int64(_)
        | Bson::Int32(_)
        | Bson::Decimal128(_)
        | Bson::Double(_) => Ok(crate::engine::values::truthy(value)),
        other => Err(wrong_types(path, other, "bool, long, int, decimal, double")),
    }
}

/// Expects a `safeInt64` that is not negative (`validator: { gte: 0 }`): a number of any type,
/// cut toward zero as `safeNumberLong` cuts it (`1.9` is 1); another type is a `TypeMismatch`
/// at `path` naming the four types, a negative value
/// `BSON field '<field>' value must be >= 0, actual value '-1'` (51024, the field's own name).
pub fn non_negative_long(path: &str, value: &Bson) -> ServerResult<i64> {
    let whole = safe_int64(path, value)?;
    if whole < 0 {
        let field = path.rsplit('.').next().unwrap_or(path);
        return Err(ServerError::new(
            ErrorCode::Location(51024),
            format!("BSON field '{field}' value must be >= 0, actual value '{whole}'"),
        ));
    }
    Ok(whole)
}

/// Expects a `safeInt64`: a number of any type, read by [`safe_number_long`]; another type is a
/// `TypeMismatch` at `path` naming the four types.
pub fn safe_int64(path: &str, value: &Bson) -> ServerResult<i64> {
    safe_number_long(value).ok_or_else(|| wrong_types(path, value, "long, int, decimal, double"))
}

/// A number as the server's `safeNumberLong` reads it: toward zero, saturating at the ends of a
/// long, `NaN` as 0 (what Rust's `as` does); `None` for a value that is not a number.
pub fn safe_number_long(value: &Bson) -> Option<i64> {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "the server's safeNumberLong"
    )]
    crate::engine::values::number_value(value).map(|number| number as i64)
}

/// Expects an `optionalBool` (`OptionalBool::parseFromBSON`): a bool, or `TypeMismatch`
/// `Field '<name>' should be a boolean value, but found: <type>`.
pub fn optional_bool(name: &str, value: &Bson) -> ServerResult<bool> {
    match value {
        Bson::Boolean(b) => Ok(*b),
        other => Err(ServerError::new(
            ErrorCode::TypeMismatch,
            format!(
                "Field '{name}' should be a boolean value, but found: {}",
                type_name(other)
            ),
        )),
    }
}

/// A command's integer field as `bsonExtractIntegerField` reads it (`killOp`'s `op`): missing
/// is `NoSuchKey` `Missing expected field "op"`, another type than a number (`null` too)
/// `TypeMismatch` `Expected field "op" to have numeric type, but found string`, a number that is
/// no whole long `BadValue` `… to have a value exactly representable as a 64-bit integer, but
/// found op: 1.5`.
pub fn extract_integer_field(command: &Document, name: &str) -> ServerResult<i64> {
    let Some(value) = command.get(name) else {
        return Err(ServerError::new(
            ErrorCode::NoSuchKey,
            format!("Missing expected field \"{name}\""),
        ));
    };
    let Some(number) = crate::engine::values::number_value(value) else {
        return Err(ServerError::new(
            ErrorCode::TypeMismatch,
            format!(
                "Expected field \"{name}\" to have numeric type, but found {}",
                type_name(value)
            ),
        ));
    };
    let whole = safe_number_long(value).unwrap_or_default();
    #[allow(
        clippy::cast_precision_loss,
        clippy::float_cmp,
        reason = "the server's result != numberDouble()"
    )]
    if whole as f64 != number {
        return Err(ServerError::new(
            ErrorCode::BadValue,
            format!(
                "Expected field \"{name}\" to have a value exactly representable as a 64-bit \
                 integer, but found {name}: {}",
                crate::engine::bson_text::value_to_server_string(value)
            ),
        ));
    }
    Ok(whole)
}

/// Expects a long (`TxnNumber`, cursor ids).
pub fn long(path: &str, value: &Bson) -> ServerResult<i64> {
    match value {
        Bson::Int64(n) => Ok(*n),
        other => Err(wrong_type(path, other, "long")),
    }
}

/// Expects an object.
pub fn object<'a>(path: &str, value: &'a Bson) -> ServerResult<&'a Document> {
    match value {
        Bson::Document(d) => Ok(d),
        other => Err(wrong_type(path, other, "object")),
    }
}

/// Expects binary data of one subtype.
pub fn bin_data<'a>(path: &str, value: &'a Bson, subtype: BinarySubtype) -> ServerResult<&'a [u8]> {
    match value {
        Bson::Binary(bin) if bin.subtype == subtype => Ok(&bin.bytes),
        Bson::Binary(bin) => Err(ServerError::new(
            ErrorCode::TypeMismatch,
            format!(
                "BSON field '{path}' is the wrong binData type '{}', expected type '{}'",
                binary_subtype_name(bin.subtype),
                binary_subtype_name(subtype)
            ),
        )),
        other => Err(wrong_type(path, other, "binData")),
    }
}

/// `parseOwnedBSON`, the reader of `find`'s `filter`, `projection`, `sort` and the other
/// fields of its type `object_owned_nonempty_serialize`: an object; anything else, `null`
/// included (the type is `any`), is `TypeMismatch` `Expected field filterto be of type object`,
/// without the space, as the server writes it.
pub fn owned_object<'a>(name: &str, value: &'a Bson) -> ServerResult<&'a Document> {
    match value {
        Bson::Document(d) => Ok(d),
        _ => Err(ServerError::new(
            ErrorCode::TypeMismatch,
            format!("Expected field {name}to be of type object"),
        )),
    }
}

/// `parseHint` (`indexHint`, of type `any`): an index's name or key pattern; anything else,
/// `null` included, is `FailedToParse` `Hint must be a string or an object`.
pub fn hint(value: &Bson) -> ServerResult<()> {
    match value {
        Bson::String(_) | Bson::Document(_) => Ok(()),
        _ => Err(ServerError::new(
            ErrorCode::FailedToParse,
            "Hint must be a string or an object",
        )),
    }
}

/// `count`'s `limit` (`count_request::countParseLimit`, of type `any`): a number
/// (`BadValue` `limit value is not a valid number` otherwise, `null` included), read by
/// `parseIntegerElementToLong` ([`integer_element`]); a negative limit counts as its absolute value, except the smallest
/// long (`limit value for count cannot be min long`).
pub fn count_limit(value: &Bson) -> ServerResult<i64> {
    let bad_value = |message: &str| ServerError::new(ErrorCode::BadValue, message);
    if crate::engine::values::number_value(value).is_none() {
        return Err(bad_value("limit value is not a valid number"));
    }
    let limit = integer_element("limit", value)?;
    if limit == i64::MIN {
        return Err(bad_value("limit value for count cannot be min long"));
    }
    Ok(limit.abs())
}

/// Parses an array of structs: a non-object element is `<path>.<index>` wrong type 'object';
/// null elements are skipped; each object goes to `parse_element`.
pub fn parse_struct_array<'a, T>(
    path: &str,
    items: &'a [Bson],
    mut parse_element: impl FnMut(&'a Document) -> ServerResult<T>,
) -> ServerResult<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match item {
            Bson::Null | Bson::Undefined => {}
            Bson::Document(d) => out.push(parse_element(d)?),
            other => return Err(wrong_type(&format!("{path}.{index}"), other, "object")),
        }
    }
    Ok(out)
}
