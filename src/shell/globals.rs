//! Global functions and constructors: `UUID()`, `ObjectId()`, `NumberInt()`/`Int32()`,
//! `NumberLong()`/`Long()`, `Double()`, `NumberDecimal()`/`Decimal128()`, `ISODate()`/`Date()`,
//! `Timestamp()`, `BinData()`, `Binary.createFromBase64()`/`createFromHexString()`,
//! `MinKey`/`MaxKey`, `Mongo()`, `print()`/`printjson()`. New ids come from the deployment's
//! seeded source, and `Date()` from its logical clock.

use super::args::{self, type_error};
use super::client::Flow;
use super::diagnostics::{ErrorKind, ShellError, Span};
use super::lexer::string_literal;
use super::printer::format_bson;
use super::value::Value;
use super::Shell;
use base64::Engine as _;
use bson::{spec::BinarySubtype, Binary, Bson};

/// Names of the global functions and namespaces.
pub(super) const GLOBALS: [&str; 21] = [
    "UUID",
    "ObjectId",
    "NumberInt",
    "Int32",
    "NumberLong",
    "Long",
    "Double",
    "NumberDecimal",
    "Decimal128",
    "ISODate",
    "Date",
    "Timestamp",
    "BinData",
    "Binary",
    "MinKey",
    "MaxKey",
    "Mongo",
    "print",
    "printjson",
    "sleep",
    "Number",
];

impl Shell {
    pub(super) fn call_global(
        &mut self,
        name: &str,
        values: Vec<Value>,
        span: &Span,
    ) -> Result<Value, Flow> {
        let bson = |b: Bson| Ok(Value::Bson(b));
        match name {
            "UUID" => if values.is_empty() { bson(self.deployment.new_session_uuid().to_bson()) } else {
                let text = args::string(&values, 0, "UUID", span)?;
                let uuid = bson::Uuid::parse_str(text).map_err(|_| type_error(format!("UUID: '{text}' is not a valid UUID (8-4-4-4-12 hex digits)"), span))?;
                bson(Bson::Binary(Binary { subtype: BinarySubtype::Uuid, bytes: uuid.bytes().to_vec() }))
            },
            "ObjectId" => if values.is_empty() { bson(Bson::ObjectId(self.deployment.new_object_id())) } else {
                let text = args::string(&values, 0, "ObjectId", span)?;
                let oid = bson::oid::ObjectId::parse_str(text).map_err(|_| type_error(format!("ObjectId: '{text}' is not 24 hex digits"), span))?;
                bson(Bson::ObjectId(oid))
            },
            "NumberInt" | "Int32" => {
                let n = if values.is_empty() { 0.0 } else { args::number(&values, 0, name, span)? };
                #[allow(clippy::cast_possible_truncation, reason = "JavaScript ToInt32-style truncation")]
                bson(Bson::Int32(n.trunc() as i32))
            }
            "NumberLong" | "Long" => {
                let n = match values.first() {
                    None => 0,
                    Some(Value::Bson(Bson::String(s))) => s.trim().parse::<i64>().map_err(|_| type_error(format!("{name}: '{s}' is not an integer"), span))?,
                    Some(Value::Bson(Bson::Int64(n))) => *n,
                    #[allow(clippy::cast_possible_truncation, reason = "integer conversion of a JavaScript number")]
                    Some(_) => args::number(&values, 0, name, span)?.trunc() as i64,
                };
                bson(Bson::Int64(n))
            }
            "Double" | "Number" => bson(Bson::Double(if values.is_empty() { 0.0 } else { args::number(&values, 0, name, span)? })),
            "NumberDecimal" | "Decimal128" => {
                let text = decimal_text(name, values.first(), span)?;
                let d = crate::decimal128::parse(&text).map_err(|message| ShellError::new(ErrorKind::Bson, message, span.clone()))?;
                bson(Bson::Decimal128(d))
            }
            "ISODate" | "Date" => {
                let ms = match values.first() {
                    None => self.deployment.now(),
                    // mongosh's `ISODate()` refuses text its pattern does not match; its
                    // `new Date()` would make an invalid date, which BSON cannot hold: this
                    // shell refuses that too.
                    Some(Value::Bson(Bson::String(s))) => crate::dates::parse_isodate(s).ok_or_else(|| if name == "ISODate" {
                        ShellError::new(ErrorKind::Shell, format!("[COMMON-10001] {} is not a valid ISODate", string_literal(s)), span.clone()).into()
                    } else {
                        type_error(format!("{name}: '{s}' is not an ISO-8601 date"), span)
                    })?,
                    Some(Value::Bson(Bson::DateTime(d))) => d.timestamp_millis(),
                    #[allow(clippy::cast_possible_truncation, reason = "milliseconds since the epoch")]
                    Some(_) => args::number(&values, 0, name, span)? as i64,
                };
                bson(Bson::DateTime(bson::DateTime::from_millis(ms)))
            }
            "Timestamp" => {
                let (t, i) = match values.first() {
                    Some(Value::Bson(Bson::Document(d))) => (
                        d.get("t").and_then(crate::engine::storage::as_f64).unwrap_or(0.0),
                        d.get("i").and_then(crate::engine::storage::as_f64).unwrap_or(0.0),
                    ),
                    None => (0.0, 0.0),
                    _ => (args::number(&values, 0, name, span)?, if values.len() > 1 { args::number(&values, 1, name, span)? } else { 0.0 }),
                };
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "timestamp parts are u32")]
                bson(Bson::Timestamp(bson::Timestamp { time: t as u32, increment: i as u32 }))
            }
            "BinData" => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a subtype byte")]
                let subtype = args::number(&values, 0, name, span)? as u8;
                let data = args::string(&values, 1, name, span)?;
                binary(subtype, data, span)
            }
            "MinKey" => bson(Bson::MinKey),
            "MaxKey" => bson(Bson::MaxKey),
            "Mongo" => Ok(Value::Mongo(self.open_connection())),
            "print" | "printjson" => {
                let line = values
                    .iter()
                    .map(|v| match v {
                        Value::Bson(Bson::String(s)) if name == "print" => s.clone(),
                        Value::Bson(b) => format_bson(b),
                        other => other.type_label().to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                self.printed.push(line);
                Ok(Value::undefined())
            }
            "sleep" => {
                #[allow(clippy::cast_possible_truncation, reason = "milliseconds")]
                let ms = args::number(&values, 0, name, span)? as i64;
                if ms > super::budget::MAX_ADVANCE_MS {
                    return Err(type_error("sleep: at most 366 days of logical time at a time", span));
                }
                let events = self.deployment.advance(ms);
                self.events.extend(events);
                Ok(Value::undefined())
            }
            "Binary" => Err(type_error("Binary is not a function: use Binary.createFromBase64(…) or Binary.createFromHexString(…)", span)),
            _ => Err(type_error(format!("{name} is not a function"), span)),
        }
    }

    /// `Binary.createFromBase64(data, subtype)` and `Binary.createFromHexString(hex, subtype)`.
    pub(super) fn binary_method(
        method: &str,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let data = args::string(values, 0, method, span)?;
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a subtype byte"
        )]
        let subtype = if values.len() > 1 {
            args::number(values, 1, method, span)? as u8
        } else {
            0
        };
        match method {
            "createFromBase64" => binary(subtype, data, span),
            "createFromHexString" => {
                let bytes = (0..data.len())
                    .step_by(2)
                    .map(|i| {
                        data.get(i..i + 2)
                            .and_then(|h| u8::from_str_radix(h, 16).ok())
                    })
                    .collect::<Option<Vec<u8>>>()
                    .filter(|_| data.len() % 2 == 0)
                    .ok_or_else(|| {
                        type_error(
                            format!("createFromHexString: '{data}' is not hexadecimal"),
                            span,
                        )
                    })?;
                Ok(Value::Bson(Bson::Binary(Binary {
                    subtype: BinarySubtype::from(subtype),
                    bytes,
                })))
            }
            other => Err(type_error(
                format!("Binary.{other} is not a function"),
                span,
            )),
        }
    }
}

/// The text `NumberDecimal(value)` and `Decimal128(value)` read, as mongosh builds it:
/// `NumberDecimal` writes its argument as JavaScript's `${value}` does (a number, a `Long`, an
/// `Int32` or a `Decimal128`; none is `"0"`), while `Decimal128` is js-bson's constructor, which
/// takes only a string.
fn decimal_text(name: &str, value: Option<&Value>, span: &Span) -> Result<String, Flow> {
    match (name, value) {
        (_, Some(Value::Bson(Bson::String(s)))) => Ok(s.clone()),
        ("Decimal128", _) => Err(ShellError::new(ErrorKind::Bson, "Decimal128 must take a Buffer or string", span.clone()).into()),
        (_, None | Some(Value::Bson(Bson::Undefined))) => Ok("0".to_owned()),
        (_, Some(Value::Bson(Bson::Int32(n)))) => Ok(n.to_string()),
        (_, Some(Value::Bson(Bson::Int64(n)))) => Ok(n.to_string()),
        (_, Some(Value::Bson(Bson::Double(n)))) => Ok(super::printer::format_number(*n)),
        (_, Some(Value::Bson(Bson::Decimal128(d)))) => Ok(crate::decimal128::to_text(d)),
        (_, Some(other)) => Err(type_error(format!("{name}: argument 1 must be a string, a number, a Long, an Int32 or a Decimal128, got {}", other.type_label()), span)),
    }
}

fn binary(subtype: u8, data: &str, span: &Span) -> Result<Value, Flow> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| type_error(format!("'{data}' is not valid base64"), span))?;
    Ok(Value::Bson(Bson::Binary(Binary {
        subtype: BinarySubtype::from(subtype),
        bytes,
    })))
}
