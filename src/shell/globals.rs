//! Global functions and constructors: `UUID()`, `ObjectId()`, `NumberInt()`/`Int32()`,
//! `NumberLong()`/`Long()`, `Double()`, `NumberDecimal()`/`Decimal128()`, `ISODate()`/`Date()`,
//! `Timestamp()`, `BinData()`, `Binary.createFromBase64()`/`createFromHexString()`,
//! `MinKey`/`MaxKey`, `Mongo()`, `Error()`, `print()`/`printjson()`. New ids come from the deployment's
//! seeded source, and `Date()` from its logical clock.

use super::args::{self, type_error};
use super::caught::Caught;
use super::client::Flow;
use super::constructors;
use super::diagnostics::{ErrorKind, ShellError, Span};
use super::lexer::string_literal;
use super::method_names::DbMethod;
use super::printer::{format_shown, Inspect};
use super::record::Failure;
use super::value::{DbRef, Value};
use super::{Outcome, Shell};
use crate::engine::ids::ObjectIdMaker;
use base64::Engine as _;
use bson::{spec::BinarySubtype, Binary, Bson};

/// Names of the global functions and namespaces.
pub(super) const GLOBALS: [&str; 24] = [
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
    "connect",
    "print",
    "printjson",
    "sleep",
    "Number",
    "console",
    "Error",
];

/// `console`'s methods, which print as `print` does (mongosh sends them to the same output).
pub(super) const CONSOLE_METHODS: [&str; 5] = ["log", "info", "warn", "error", "debug"];

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
            "ObjectId" => if values.is_empty() { bson(Bson::ObjectId(self.deployment.new_object_id(ObjectIdMaker::Shell))) } else {
                let text = args::string(&values, 0, "ObjectId", span)?;
                // (js-bson's message: its constructor also takes 12 bytes or a time in seconds.)
                let oid = bson::oid::ObjectId::parse_str(text).map_err(|_| constructors::bson_error("input must be a 24 character hex string, 12 byte Uint8Array, or an integer", span))?;
                bson(Bson::ObjectId(oid))
            },
            "NumberInt" | "Int32" => bson(constructors::int32(name, &values, span)?),
            "NumberLong" | "Long" => bson(constructors::int64(name, &values, span)?),
            "Double" | "Number" => bson(constructors::double(name, &values, span)?),
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
            "MinKey" => bson(Bson::MinKey),
            "MaxKey" => bson(Bson::MaxKey),
            "Mongo" => Ok(Value::Mongo(self.open_connection())),
            "BinData" | "NumberDecimal" | "Decimal128" | "connect" => {
                let code = self.code_on_demand(format_args!("{name}()"), span)?;
                (code.global)(self, name, &values, span)
            }
            // `new Error(message)` (or `Error(message)`), for `throw`.
            "Error" => {
                let message = match values.first() {
                    None | Some(Value::Bson(Bson::Undefined)) => String::new(),
                    Some(_) => args::string(&values, 0, name, span)?.to_owned(),
                };
                Ok(Value::Error(std::rc::Rc::new(Caught::Fail(Failure::Driver {
                    name: "Error".to_owned(),
                    message,
                }))))
            }
            "print" | "printjson" => {
                // Each argument as mongosh shows it (a database as its name, a cursor as its
                // first batch), a document with `printjson`'s layout for `printjson`
                // (`print` keeps a statement's text: a cursor's batch whole, with "Type it").
                let layout = if name == "print" { Inspect::VALUE } else { Inspect::PRINTJSON };
                let mut texts = Vec::with_capacity(values.len());
                for value in values {
                    texts.push(match value {
                        Value::Bson(b) => format_shown(&b, layout, true),
                        other => match self.show(other, span)? {
                            Outcome::Value { value, .. }
                                if name == "printjson"
                                    && matches!(value, Bson::Document(_) | Bson::Array(_)) =>
                            {
                                format_shown(&value, layout, true)
                            }
                            Outcome::Value { text, .. } => text,
                            Outcome::Silent | Outcome::Error(_) => String::new(),
                        },
                    });
                }
                self.printed.push(texts.join(" "));
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

    /// The global functions whose code is fetched on first use ([`super::on_demand`]):
    /// `NumberDecimal`/`Decimal128`, `BinData`, `connect`, and `Binary`'s methods, named
    /// `Binary.<method>`.
    pub(super) fn global_on_demand(
        &mut self,
        name: &str,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        match name {
            "NumberDecimal" | "Decimal128" => {
                Ok(Value::Bson(constructors::decimal(name, values, span)?))
            }
            "BinData" => {
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a subtype byte"
                )]
                let subtype = args::number(values, 0, name, span)? as u8;
                let data = args::string(values, 1, name, span)?;
                binary(subtype, data, span)
            }
            "connect" => self.connect(values, span),
            _ => match name.strip_prefix("Binary.") {
                Some(method) => Self::binary_method(method, values, span),
                None => Err(type_error(format!("{name} is not a function"), span)),
            },
        }
    }

    /// `Binary.createFromBase64(data, subtype)` and `Binary.createFromHexString(hex, subtype)`.
    fn binary_method(method: &str, values: &[Value], span: &Span) -> Result<Value, Flow> {
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

fn binary(subtype: u8, data: &str, span: &Span) -> Result<Value, Flow> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| type_error(format!("'{data}' is not valid base64"), span))?;
    Ok(Value::Bson(Bson::Binary(Binary {
        subtype: BinarySubtype::from(subtype),
        bytes,
    })))
}

impl Shell {
    /// mongosh's `connect(uri, user, pwd)`: a new connection's database, the one the URI names
    /// (`test` when none); a user logs in on its `authSource`, by default the URI's database
    /// (`admin` when the URI names none), as the driver's default.
    fn connect(&mut self, values: &[Value], span: &Span) -> Result<Value, Flow> {
        let (named, auth_source) = uri_databases(args::string(values, 0, "connect", span)?);
        let conn = self.open_connection();
        let db = |name: Option<&str>, fallback: &str| DbRef {
            conn,
            name: name.unwrap_or(fallback).to_owned(),
            session: None,
        };
        if values.len() > 1 {
            let auth_db = db(auth_source.or(named), "admin");
            self.db_method(&auth_db, DbMethod::Auth, &values[1..], span)?;
        }
        Ok(Value::Db(db(named, "test")))
    }
}

/// The databases a connection string names: its path after the hosts, before the options
/// (`localhost/shop`, `mongodb://h:27017/shop?retryWrites=true`), and its `authSource` option.
fn uri_databases(uri: &str) -> (Option<&str>, Option<&str>) {
    let hosts_and_path = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let Some((_, path)) = hosts_and_path.split_once('/') else {
        return (None, None);
    };
    let (name, options) = path.split_once('?').unwrap_or((path, ""));
    let auth_source = options
        .split('&')
        .find_map(|option| option.strip_prefix("authSource="));
    (given(name), auth_source.and_then(given))
}

/// A name, unless empty.
fn given(name: &str) -> Option<&str> {
    (!name.is_empty()).then_some(name)
}
