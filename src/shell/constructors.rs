//! The number constructors, reading their argument as mongosh does: `NumberInt()` and
//! `Int32()`, `NumberLong()` and `Long()`, `Double()` and `Number()`, `NumberDecimal()` and
//! `Decimal128()`. The conversions themselves are JavaScript's and js-bson's, in
//! `crate::js_integers` and `crate::decimal128`; a value of a type mongosh refuses gets this
//! shell's `TypeError`.

use super::args::type_error;
use super::client::Flow;
use super::diagnostics::{ErrorKind, ShellError, Span};
use super::printer::format_number;
use super::value::Value;
use crate::js_integers;
use bson::Bson;

/// A `BSONError` with js-bson's message.
pub(super) fn bson_error(message: impl Into<String>, span: &Span) -> Flow {
    ShellError::new(ErrorKind::Bson, message, span.clone()).into()
}

/// `${value}`, as `NumberInt`, `NumberLong` and `NumberDecimal` write their argument: a string
/// as it is, a number as JavaScript writes it, a `Long` or an `Int32` as its digits, and for
/// `NumberDecimal` a `Decimal128` as its text.
fn template_text(name: &str, value: &Value, span: &Span) -> Result<String, Flow> {
    Ok(match value {
        Value::Bson(Bson::String(s)) => s.clone(),
        Value::Bson(Bson::Double(n)) => format_number(*n),
        Value::Bson(Bson::Int32(n)) => n.to_string(),
        Value::Bson(Bson::Int64(n)) => n.to_string(),
        Value::Bson(Bson::Decimal128(d)) if name == "NumberDecimal" => {
            crate::decimal128::to_text(d)
        }
        other => {
            let expected = if name == "NumberDecimal" {
                "a string, a number, a Long, an Int32 or a Decimal128"
            } else {
                "a string, a number, a Long or an Int32"
            };
            return Err(type_error(
                format!(
                    "{name}: argument 1 must be {expected}, got {}",
                    other.type_label()
                ),
                span,
            ));
        }
    })
}

/// JavaScript's `+value`, as `new Int32(value)`, `new Long(low, high)` and `new Double(value)`
/// take their numbers (none is NaN).
fn number(name: &str, value: Option<&Value>, span: &Span) -> Result<f64, Flow> {
    Ok(match value {
        None | Some(Value::Bson(Bson::Undefined)) => f64::NAN,
        Some(Value::Bson(Bson::Null | Bson::Boolean(false))) => 0.0,
        Some(Value::Bson(Bson::Boolean(true))) => 1.0,
        Some(Value::Bson(Bson::Double(n))) => *n,
        Some(Value::Bson(Bson::Int32(n))) => f64::from(*n),
        #[allow(
            clippy::cast_precision_loss,
            reason = "a Long's digits read as a number"
        )]
        Some(Value::Bson(Bson::Int64(n))) => *n as f64,
        Some(Value::Bson(Bson::String(s))) => js_integers::to_number(s),
        Some(Value::Bson(Bson::Decimal128(d))) => {
            js_integers::to_number(&crate::decimal128::to_text(d))
        }
        Some(other) => {
            return Err(type_error(
                format!(
                    "{name}: argument must be a number or a string, got {}",
                    other.type_label()
                ),
                span,
            ))
        }
    })
}

/// Whether mongosh falls back to its default for this argument (`value ??= '0'`).
fn absent(value: Option<&Value>) -> bool {
    matches!(
        value,
        None | Some(Value::Bson(Bson::Undefined | Bson::Null))
    )
}

/// `NumberInt(value)` (`new Int32(parseInt(`${value}`, 10))`) or `Int32(value)`
/// (`new Int32(value)`).
pub(super) fn int32(name: &str, values: &[Value], span: &Span) -> Result<Bson, Flow> {
    let first = values.first();
    let value = match (name, first) {
        ("NumberInt", Some(value)) if !absent(first) => {
            js_integers::parse_int(&template_text(name, value, span)?)
        }
        ("NumberInt", _) => 0.0,
        _ => number(name, first, span)?,
    };
    Ok(Bson::Int32(js_integers::to_int32(value)))
}

/// `NumberLong(value)` (`Long.fromString(`${value}`)`, or `Long.fromNumber` for a number) or
/// `Long(value)` (js-bson's constructor: `Long.fromString` for a string, else the low and high
/// halves).
pub(super) fn int64(name: &str, values: &[Value], span: &Span) -> Result<Bson, Flow> {
    let first = values.first();
    let from_string =
        |text: &str| js_integers::long_from_string(text).map_err(|m| bson_error(m, span));
    let n = match (name, first) {
        ("NumberLong", _) if absent(first) => 0,
        ("NumberLong", Some(Value::Bson(Bson::Double(n)))) => js_integers::long_from_number(*n),
        ("NumberLong", Some(value)) => from_string(&template_text(name, value, span)?)?,
        (_, Some(Value::Bson(Bson::String(text)))) => from_string(text)?,
        // (`new Long(low, high)`: a high half only when it is a number.)
        (_, low) => {
            let high = match values.get(1) {
                Some(Value::Bson(Bson::Double(n))) => *n,
                Some(Value::Bson(Bson::Int32(n))) => f64::from(*n),
                _ => 0.0,
            };
            js_integers::long_from_halves(number(name, low, span)?, high)
        }
    };
    Ok(Bson::Int64(n))
}

/// `Double(value)` (`new Double(value)`: `+value`, NaN without one) or `Number(value)`
/// (JavaScript's `Number`, 0 without one).
pub(super) fn double(name: &str, values: &[Value], span: &Span) -> Result<Bson, Flow> {
    let value = match values.first() {
        None if name == "Number" => 0.0,
        first => number(name, first, span)?,
    };
    Ok(Bson::Double(value))
}

/// `NumberDecimal(value)` (`Decimal128.fromString(`${value}`)`, none being `"0"`) or
/// `Decimal128(value)` (js-bson's constructor, which takes only a string).
pub(super) fn decimal(name: &str, values: &[Value], span: &Span) -> Result<Bson, Flow> {
    let text = match (name, values.first()) {
        (_, Some(Value::Bson(Bson::String(s)))) => s.clone(),
        ("Decimal128", _) => {
            return Err(bson_error("Decimal128 must take a Buffer or string", span))
        }
        (_, None | Some(Value::Bson(Bson::Undefined))) => "0".to_owned(),
        (_, Some(value)) => template_text(name, value, span)?,
    };
    let decimal = crate::decimal128::parse(&text).map_err(|m| bson_error(m, span))?;
    Ok(Bson::Decimal128(decimal))
}
