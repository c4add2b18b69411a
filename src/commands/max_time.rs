//! `maxTimeMS`, a generic argument of every command, read as the server reads it
//! (`max_time_ms_parser.cpp`'s `parseMaxTimeMS`, which the service entry point and the IDL of
//! `find` call): a value that is not a number (`null` too) is `maxTimeMS must be a number`, a
//! negative value or one above `INT_MAX` `<n> value for maxTimeMS is out of range`, a double
//! with a fraction `maxTimeMS has non-integral value` (all `BadValue`). `aggregate` types the
//! field itself first (a `safeInt64` of at least 0): another type is a `TypeMismatch` at
//! `aggregate.maxTimeMS` naming the four types, a negative value `Location51024`. (The generic
//! arguments' IDL types `maxTimeMS` as any value, so no other command checks it earlier.) The
//! compatibility tests of `FerretDB` record a real server giving each of `aggregate`'s answers.

use super::idl;
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use bson::{Bson, Document};

/// The command's time limit in milliseconds, `None` when it sets none (absent, or 0).
pub(super) fn limit(command: &Document) -> ServerResult<Option<i64>> {
    let Some(value) = command.get("maxTimeMS") else {
        return Ok(None);
    };
    if command
        .keys()
        .next()
        .is_some_and(|name| name == "aggregate")
    {
        if let Some(value) = idl::present(Some(value)) {
            idl::non_negative_long("aggregate.maxTimeMS", value)?;
        }
    }
    let bad_value = |message: String| ServerError::new(ErrorCode::BadValue, message);
    let Some(whole) = idl::safe_number_long(value) else {
        return Err(bad_value("maxTimeMS must be a number".to_owned()));
    };
    if !(0..=i64::from(i32::MAX)).contains(&whole) {
        return Err(bad_value(format!(
            "{whole} value for maxTimeMS is out of range"
        )));
    }
    #[allow(clippy::float_cmp, reason = "the server's floor(x) != x, NaN included")]
    let fraction = matches!(value, Bson::Double(d) if d.floor() != *d);
    if fraction {
        return Err(bad_value("maxTimeMS has non-integral value".to_owned()));
    }
    Ok((whole > 0).then_some(whole))
}
