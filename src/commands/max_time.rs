//! `maxTimeMS`, a generic argument of every command, read as the server reads it: the IDL's
//! type check (`[long, int, decimal, double]`, `BSON field '<command>.maxTimeMS' is the wrong
//! type …`) and validator (`BSON field 'maxTimeMS' value must be >= 0, actual value '-1'`,
//! 51024), then `parseMaxTimeMS` (`max_time_ms_parser.cpp`): `null` is `maxTimeMS must be a
//! number`, more than `INT_MAX` is `<n> value for maxTimeMS is out of range`, a double with a
//! fraction `maxTimeMS has non-integral value` (all `BadValue`). The compatibility tests of
//! `FerretDB` record a real server giving each of these for `aggregate`; *derived*: that every
//! command's type check names the command as its context, as `aggregate`'s does.

use super::idl;
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::values::number_value;
use bson::{Bson, Document};

/// The command's time limit in milliseconds, `None` when it sets none (absent, or 0).
pub(super) fn limit(command: &Document) -> ServerResult<Option<i64>> {
    let Some(value) = command.get("maxTimeMS") else {
        return Ok(None);
    };
    let bad_value = |message: String| ServerError::new(ErrorCode::BadValue, message);
    let Some(number) = number_value(value) else {
        if matches!(value, Bson::Null | Bson::Undefined) {
            return Err(bad_value("maxTimeMS must be a number".to_owned()));
        }
        let name = command.keys().next().map_or("", String::as_str);
        let path = format!("{name}.maxTimeMS");
        return Err(idl::wrong_types(&path, value, "long, int, decimal, double"));
    };
    // `safeNumberLong`: toward zero, saturating, `NaN` as 0 (what Rust's `as` does).
    #[allow(
        clippy::cast_possible_truncation,
        reason = "the server's safeNumberLong"
    )]
    let whole = number as i64;
    if whole < 0 {
        return Err(ServerError::new(
            ErrorCode::Location(51024),
            format!("BSON field 'maxTimeMS' value must be >= 0, actual value '{whole}'"),
        ));
    }
    if whole > i64::from(i32::MAX) {
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
