//! `getParameter` and `setParameter` (`parameters.cpp`'s `CmdGet` and `CmdSet`) over the server
//! parameters that govern sessions, transactions and cursors. The server has hundreds; Session
//! Lab has the seven its simulation obeys, each with the server's name, type, default, validator
//! and settability (`logical_session_id.idl`, `logical_session_cache.idl`,
//! `transaction_participant.idl`, `cursor_server_params.idl`, `ttl.idl`):
//!
//! | parameter | type | default | set at |
//! | --- | --- | --- | --- |
//! | `cursorTimeoutMillis` | long | 600000 | startup, runtime |
//! | `localLogicalSessionTimeoutMinutes` | int | 30 | startup |
//! | `logicalSessionRefreshMillis` | int | 300000 | startup |
//! | `maxSessions` | int | 1000000 | startup |
//! | `transactionLifetimeLimitSeconds` | int, ≥ 1 | 60 | startup, runtime |
//! | `ttlMonitorEnabled` | bool | true | startup, runtime |
//! | `ttlMonitorSleepSecs` | int, > 0 | 60 | startup, runtime |
//!
//! Both commands run against `admin` only. `getParameter` reads the first field's value as its
//! options (`'*'` or `{ allParameters, showDetails, setAt }`), lists the parameters named by the
//! other fields in the server's order (by name) and fails with "no option found to get" when it
//! names none of them. `setParameter` checks every field first (unknown, or startup only), then
//! sets them in order of name, answering with the first one's old value as `was`; one that fails
//! its validation fails the command, with the ones before it set (SERVER-8552).

use super::idl_fields::{self, FieldType, FieldValue};
use super::{idl, CommandSpec, Invocation, Reply, GENERIC_ARGUMENTS};
use crate::engine::auth::{Action, Resource};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::operations::ConnId;
use crate::engine::values::truthy;
use crate::engine::{Deployment, REFRESH_INTERVAL_MS, SESSION_TIMEOUT_MS};
use bson::{doc, Bson, Document};

/// One server parameter: how `getParameter` reads it and, when it may change at runtime, how
/// `setParameter` coerces, validates and applies a value.
struct Parameter {
    name: &'static str,
    get: fn(&Deployment) -> Bson,
    /// `None` for a parameter set at start-up only.
    set: Option<fn(&mut Deployment, &Bson) -> ServerResult<()>>,
}

/// Every parameter, in the server's order (its map is sorted by name). All are settable at
/// start-up.
const PARAMETERS: [Parameter; 7] = [
    Parameter {
        name: "cursorTimeoutMillis",
        get: |dep| Bson::Int64(dep.parameters.cursor_timeout_millis),
        set: Some(|dep, value| {
            dep.parameters.cursor_timeout_millis =
                integral("cursorTimeoutMillis", value, i64::MIN, i64::MAX)?;
            Ok(())
        }),
    },
    Parameter {
        name: "localLogicalSessionTimeoutMinutes",
        get: |_| idl::int(SESSION_TIMEOUT_MS / 60_000),
        set: None,
    },
    Parameter {
        name: "logicalSessionRefreshMillis",
        get: |_| idl::int(REFRESH_INTERVAL_MS),
        set: None,
    },
    Parameter {
        name: "maxSessions",
        get: |dep| idl::int(dep.options.max_sessions),
        set: None,
    },
    Parameter {
        name: "transactionLifetimeLimitSeconds",
        get: |dep| Bson::Int32(dep.parameters.transaction_lifetime_limit_seconds),
        set: Some(|dep, value| {
            dep.parameters.transaction_lifetime_limit_seconds = at_least_1(
                "transactionLifetimeLimitSeconds",
                value,
                "greater than or equal to 1",
            )?;
            Ok(())
        }),
    },
    Parameter {
        name: "ttlMonitorEnabled",
        get: |dep| Bson::Boolean(dep.parameters.ttl_monitor_enabled),
        // A bool takes any value, by its truth (`BSONElement::coerce<bool>`).
        set: Some(|dep, value| {
            dep.parameters.ttl_monitor_enabled = truthy(value);
            Ok(())
        }),
    },
    Parameter {
        name: "ttlMonitorSleepSecs",
        get: |dep| Bson::Int32(dep.parameters.ttl_monitor_sleep_secs),
        set: Some(|dep, value| {
            let seconds = at_least_1("ttlMonitorSleepSecs", value, "greater than 0")?;
            dep.set_ttl_monitor_sleep_secs(seconds);
            Ok(())
        }),
    },
];

/// `BSONElement::tryCoerce` to an integer type spanning `min..=max`, in
/// `IDLServerParameterWithStorage::parseElement`'s words: a double is cut toward zero (a decimal
/// is read as the double nearest it), a bool is 0 or 1, anything but a number is refused.
fn integral(name: &str, value: &Bson, min: i64, max: i64) -> ServerResult<i64> {
    let failed = |reason: &str| {
        ServerError::new(
            ErrorCode::BadValue,
            format!("Failed validating {name}: {reason}"),
        )
    };
    let out_of_bounds = || failed("Out of bounds coercing to integral value");
    let d = match value {
        Bson::Boolean(b) => return Ok(i64::from(*b)),
        Bson::Int32(n) => return in_bounds(i64::from(*n), min, max).ok_or_else(out_of_bounds),
        Bson::Int64(n) => return in_bounds(*n, min, max).ok_or_else(out_of_bounds),
        Bson::Double(d) => *d,
        Bson::Decimal128(decimal) => {
            crate::js_integers::to_number(&crate::decimal128::to_text(decimal))
        }
        _ => return Err(failed("Unable to coerce value to integral type")),
    };
    if !d.is_finite() {
        return Err(failed("Unable to coerce NaN/Inf to integral type"));
    }
    #[allow(
        clippy::cast_precision_loss,
        reason = "the bounds as the server compares them"
    )]
    let (low, high) = (min as f64, max as f64);
    // A long's upper bound rounds up to 2^63, which is not a long: refused too.
    let too_big = if max == i64::MAX { d >= high } else { d > high };
    if too_big || d < low {
        return Err(out_of_bounds());
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "in bounds, cut toward zero"
    )]
    Ok(d.trunc() as i64)
}

/// `n` when it lies in `min..=max`.
fn in_bounds(n: i64, min: i64, max: i64) -> Option<i64> {
    (min..=max).contains(&n).then_some(n)
}

/// An `int` parameter whose validator wants 1 or more (`gte: 1` or `gt: 0`, the bound as its IDL
/// words it): [`integral`], then `addBound`'s `Invalid value for parameter <name>: <value> is
/// not <bound>`.
fn at_least_1(name: &str, value: &Bson, bound: &str) -> ServerResult<i32> {
    let coerced = integral(name, value, i64::from(i32::MIN), i64::from(i32::MAX))?;
    let n = i32::try_from(coerced).unwrap_or(i32::MAX);
    if n >= 1 {
        Ok(n)
    } else {
        Err(ServerError::new(
            ErrorCode::BadValue,
            format!("Invalid value for parameter {name}: {n} is not {bound}"),
        ))
    }
}

fn may_get(dep: &Deployment, conn: ConnId, _: &str, _: &Document) -> ServerResult<()> {
    super::require(dep.is_authorized(conn, &Resource::Cluster, Action::GetParameter))
}

fn may_set(dep: &Deployment, conn: ConnId, _: &str, _: &Document) -> ServerResult<()> {
    super::require(dep.is_authorized(conn, &Resource::Cluster, Action::SetParameter))
}

/// Which parameters `getParameter`'s options leave in.
#[derive(Default, PartialEq)]
enum Kept {
    /// Every one (`setAt: "startup"` too: all of Session Lab's are settable at start-up).
    #[default]
    All,
    /// `setAt: "runtime"`: those settable at runtime.
    Runtime,
    /// `forIncrementalFeatureRollout: true`: the feature flags, of which Session Lab has none.
    None,
}

/// `GetParameterOptions`, from the command's first value.
#[derive(Default)]
struct GetOptions {
    all: bool,
    details: bool,
    kept: Kept,
}

/// An IDL enum's unknown value.
fn bad_enum(value: &str, path: &str) -> ServerError {
    ServerError::new(
        ErrorCode::BadValue,
        format!("Enumeration value '{value}' for field '{path}' is not a valid value."),
    )
}

/// `parseGetParameterOptions`: a document is parsed as `GetParameterOptions` (strict, its
/// flags `safeBool`s: `showDetails: 1` shows the details, `showDetails: "1"` is a
/// `TypeMismatch` naming the five types), `'*'` means every parameter, and any other value
/// means the named ones.
fn get_options(value: &Bson) -> ServerResult<GetOptions> {
    let mut options = GetOptions::default();
    match value {
        Bson::String(s) if s == "*" => options.all = true,
        Bson::Document(d) => {
            const FIELDS: [(&str, FieldType); 4] = [
                ("allParameters", FieldType::SafeBool),
                ("showDetails", FieldType::SafeBool),
                ("setAt", FieldType::String),
                ("forIncrementalFeatureRollout", FieldType::SafeBool),
            ];
            idl_fields::parse_struct(d, "getParameter", &FIELDS, &[], |field, value| {
                match (field, value) {
                    (_, FieldValue::String(set_at)) => match set_at {
                        "runtime" if options.kept == Kept::All => options.kept = Kept::Runtime,
                        "runtime" | "startup" => {}
                        other => return Err(bad_enum(other, "getParameter.setAt")),
                    },
                    ("allParameters", FieldValue::Bool(all)) => options.all = all,
                    ("showDetails", FieldValue::Bool(details)) => options.details = details,
                    (_, FieldValue::Bool(true)) => options.kept = Kept::None,
                    _ => {}
                }
                Ok(())
            })?;
        }
        _ => {}
    }
    Ok(options)
}

fn get_parameter(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let options = get_options(inv.command.values().next().unwrap_or(&Bson::Null))?;
    let mut reply = Document::new();
    for parameter in &PARAMETERS {
        let runtime = parameter.set.is_some();
        if (!options.all && !inv.command.contains_key(parameter.name))
            || (options.kept == Kept::Runtime && !runtime)
            || options.kept == Kept::None
        {
            continue;
        }
        let value = (parameter.get)(dep);
        reply.insert(
            parameter.name,
            if options.details {
                Bson::Document(doc! {
                    "value": value,
                    "settableAtRuntime": runtime,
                    "settableAtStartup": true,
                })
            } else {
                value
            },
        );
    }
    answer(reply, "no option found to get")
}

fn set_parameter(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    // First every field is checked: known, and settable at runtime.
    for name in inv.command.keys().skip(1) {
        if GENERIC_ARGUMENTS.contains(&name.as_str()) {
            continue;
        }
        let Some(parameter) = PARAMETERS.iter().find(|p| p.name == name) else {
            return Err(ServerError::new(
                ErrorCode::InvalidOptions,
                format!("attempted to set unrecognized parameter [{name}], use help:true to see options "),
            ));
        };
        if parameter.set.is_none() {
            return Err(ServerError::new(
                ErrorCode::IllegalOperation,
                format!("not allowed to change [{name}] at runtime"),
            ));
        }
    }
    // Then they are set in order of name; the reply has the first one's old value.
    let mut reply = Document::new();
    for parameter in &PARAMETERS {
        let (Some(value), Some(set)) = (inv.command.get(parameter.name), parameter.set) else {
            continue;
        };
        if reply.is_empty() {
            reply.insert("was", (parameter.get)(dep));
        }
        set(dep, value)?;
    }
    answer(
        reply,
        "no option found to set, use help:true to see options ",
    )
}

/// The reply with `ok: 1`, or `InvalidOptions` with `none_found` when no parameter was named.
fn answer(mut reply: Document, none_found: &str) -> ServerResult<Reply> {
    if reply.is_empty() {
        return Err(ServerError::new(ErrorCode::InvalidOptions, none_found));
    }
    reply.insert("ok", 1.0);
    Ok(Reply::Done(reply))
}

/// `getParameter` and `setParameter`: few pages run them, so they are fetched on first use
/// ([`super::on_demand`]).
pub(crate) const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "getParameter",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: true,
        authorize: may_get,
        run: get_parameter,
    },
    CommandSpec {
        name: "setParameter",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: true,
        authorize: may_set,
        run: set_parameter,
    },
];
