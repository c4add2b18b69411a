//! The runner's JSON records as serde data, so one shape serves `sessionlab run --json`
//! (through `serde_json`), the JavaScript API and the transcript download (through
//! serde-wasm-bindgen and the browser's own `JSON`): the app carries no JSON library.
//!
//! Values are relaxed Extended JSON v2, written exactly as bson's `into_relaxed_extjson` writes
//! them (a property test compares the two over arbitrary values). One deliberate difference
//! for JavaScript ([`Numbers::Safe`]): a 64-bit integer beyond ±2^53 (a cursor id, say) cannot
//! be a JavaScript number without losing digits, so it is written in its canonical form
//! `{ "$numberLong": "…" }`, which every Extended JSON reader accepts.

use super::record::{Failure, Outcome, Record};
use crate::engine::operations::ConnId;
use crate::engine::Event;
use bson::Bson;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// How 64-bit integers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// As numbers, whatever their size (relaxed Extended JSON, for JSON text).
    Relaxed,
    /// As numbers within ±2^53, otherwise as `{ "$numberLong": "…" }` (for JavaScript values).
    Safe,
}

/// Largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// A BSON value as relaxed Extended JSON.
#[derive(Debug, Clone, Copy)]
pub struct Relaxed<'a> {
    /// The value.
    pub value: &'a Bson,
    /// How 64-bit integers are written.
    pub numbers: Numbers,
}

impl<'a> Relaxed<'a> {
    fn of(&self, value: &'a Bson) -> Self {
        Self {
            value,
            numbers: self.numbers,
        }
    }
}

/// A double: a number, or `{ "$numberDouble": "NaN" | "Infinity" | … }` when JSON has none.
fn double<S: Serializer>(serializer: S, v: f64) -> Result<S::Ok, S::Error> {
    let special = match (v.is_nan(), v.is_infinite(), v.is_sign_negative()) {
        (true, _, false) => "NaN",
        (true, _, true) => "-NaN",
        (_, true, false) => "Infinity",
        (_, true, true) => "-Infinity",
        _ => return serializer.serialize_f64(v),
    };
    single(serializer, "$numberDouble", special)
}

/// A date: ISO-8601 text from 1970 on (bson clamps those past 9999 to its last representable
/// instant, and so does this), `{ "$numberLong": "…" }` before.
fn date_time<S: Serializer>(serializer: S, date: bson::DateTime) -> Result<S::Ok, S::Error> {
    let millis = date.timestamp_millis();
    match date.try_to_rfc3339_string() {
        Ok(text) if millis >= 0 => single(serializer, "$date", &text),
        _ => single(
            serializer,
            "$date",
            &NumberLong {
                number_long: millis.to_string(),
            },
        ),
    }
}

/// A one-entry object `{ key: value }`.
fn single<S: Serializer, V: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &V,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

#[derive(Serialize)]
struct RegexJson {
    pattern: String,
    options: String,
}

#[derive(Serialize)]
struct TimestampJson {
    t: u32,
    i: u32,
}

#[derive(Serialize)]
struct BinaryJson {
    base64: String,
    #[serde(rename = "subType")]
    sub_type: String,
}

#[derive(Serialize)]
struct NumberLong {
    #[serde(rename = "$numberLong")]
    number_long: String,
}

impl Serialize for Relaxed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Bson::Double(v) => double(serializer, *v),
            Bson::String(v) => serializer.serialize_str(v),
            Bson::Symbol(v) => single(serializer, "$symbol", v),
            Bson::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&self.of(item))?;
                }
                seq.end()
            }
            Bson::Document(doc) => {
                let mut map = serializer.serialize_map(Some(doc.len()))?;
                for (key, value) in doc {
                    map.serialize_entry(key, &self.of(value))?;
                }
                map.end()
            }
            Bson::Boolean(v) => serializer.serialize_bool(*v),
            Bson::Null => serializer.serialize_unit(),
            Bson::RegularExpression(regex) => {
                // Extended JSON lists the flags in alphabetical order. They are a few letters,
                // taken smallest first (no sort routine in the bundle for this one use).
                let mut flags: Vec<char> = regex.options.as_str().chars().collect();
                let mut options = String::with_capacity(flags.len());
                while let Some(smallest) = (0..flags.len()).min_by_key(|&i| flags[i]) {
                    options.push(flags.swap_remove(smallest));
                }
                let regex = RegexJson {
                    pattern: regex.pattern.as_str().to_owned(),
                    options,
                };
                single(serializer, "$regularExpression", &regex)
            }
            Bson::JavaScriptCode(code) => single(serializer, "$code", code),
            Bson::JavaScriptCodeWithScope(code) => {
                let scope = Bson::Document(code.scope.clone());
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("$code", &code.code)?;
                map.serialize_entry("$scope", &self.of(&scope))?;
                map.end()
            }
            Bson::Int32(v) => serializer.serialize_i32(*v),
            Bson::Int64(v)
                if self.numbers == Numbers::Safe
                    && !(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(v) =>
            {
                NumberLong {
                    number_long: v.to_string(),
                }
                .serialize(serializer)
            }
            Bson::Int64(v) => serializer.serialize_i64(*v),
            Bson::Timestamp(ts) => single(
                serializer,
                "$timestamp",
                &TimestampJson {
                    t: ts.time,
                    i: ts.increment,
                },
            ),
            Bson::Binary(binary) => single(
                serializer,
                "$binary",
                &BinaryJson {
                    base64: base64::Engine::encode(
                        &base64::engine::general_purpose::STANDARD,
                        &binary.bytes,
                    ),
                    sub_type: hex::encode([u8::from(binary.subtype)]),
                },
            ),
            Bson::ObjectId(id) => single(serializer, "$oid", &id.to_hex()),
            Bson::DateTime(date) => date_time(serializer, *date),
            // bson's text, as these records are bson's Extended JSON. The shell prints js-bson's
            // (`crate::decimal128`); the two differ only for a significand past 34 digits, which
            // no text reads into: bson writes it as zero, js-bson sometimes with its digits.
            Bson::Decimal128(v) => single(serializer, "$numberDecimal", &v.to_string()),
            Bson::Undefined => single(serializer, "$undefined", &true),
            Bson::MinKey => single(serializer, "$minKey", &1),
            Bson::MaxKey => single(serializer, "$maxKey", &1),
            // Its fields are private to bson, whose own serde form of it is the relaxed one.
            Bson::DbPointer(_) => self.value.serialize(serializer),
        }
    }
}

/// The `error` field of a record.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum ErrorJson<'a> {
    Shell {
        name: &'static str,
        message: &'a str,
        line: usize,
        column: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        hint: Option<&'a str>,
    },
    Server {
        name: &'static str,
        code: i32,
        #[serde(rename = "codeName")]
        code_name: &'a str,
        errmsg: &'a str,
        #[serde(rename = "errorLabels")]
        error_labels: &'a [String],
    },
    Driver {
        name: &'a str,
        message: &'a str,
    },
}

impl<'a> From<&'a Failure> for ErrorJson<'a> {
    fn from(failure: &'a Failure) -> Self {
        match failure {
            Failure::Shell {
                error,
                line,
                column,
                ..
            } => ErrorJson::Shell {
                name: error.kind.name(),
                message: &error.message,
                line: *line,
                column: *column,
                hint: error.hint.as_deref(),
            },
            Failure::Server {
                code,
                code_name,
                errmsg,
                labels,
                write_error,
            } => ErrorJson::Server {
                name: write_error.unwrap_or("MongoServerError"),
                code: *code,
                code_name,
                errmsg,
                error_labels: labels,
            },
            Failure::Driver { name, message } => ErrorJson::Driver { name, message },
        }
    }
}

/// A BSON value built for one record (the verdicts), written as relaxed Extended JSON.
#[derive(Debug)]
struct OwnedRelaxed {
    value: Bson,
    numbers: Numbers,
}

impl Serialize for OwnedRelaxed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Relaxed {
            value: &self.value,
            numbers: self.numbers,
        }
        .serialize(serializer)
    }
}

/// One record of the runner's JSON: `console`, `source`, `line`, then `result` or `error`,
/// `printed`, `verdicts`, `events` and `hints` when there are any.
#[derive(Debug, Serialize)]
pub struct RecordJson<'a> {
    console: ConnId,
    source: &'a str,
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<Relaxed<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    printed: &'a [String],
    /// Verdicts go through BSON so their cursor ids follow [`Numbers`] like any value.
    #[serde(skip_serializing_if = "Option::is_none")]
    verdicts: Option<OwnedRelaxed>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    events: &'a [Event],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    hints: &'a [String],
}

impl<'a> RecordJson<'a> {
    /// The JSON form of a record.
    pub fn new(record: &'a Record, numbers: Numbers) -> Self {
        let (result, error) = match &record.outcome {
            Outcome::Value { value, .. } => (Some(Relaxed { value, numbers }), None),
            Outcome::Silent => (None, None),
            Outcome::Error(failure) => (None, Some(ErrorJson::from(failure))),
        };
        Self {
            console: record.console,
            source: &record.source,
            line: record.line,
            result,
            error,
            printed: &record.printed,
            verdicts: record.report.as_ref().map(|report| OwnedRelaxed {
                value: Bson::Array(
                    report
                        .verdicts()
                        .iter()
                        .map(|v| {
                            let mut verdict = v.to_document();
                            verdict.insert(
                                "session",
                                record
                                    .session_names
                                    .name(&v.id)
                                    .map_or(Bson::Null, |n| Bson::String(n.to_owned())),
                            );
                            Bson::Document(verdict)
                        })
                        .collect(),
                ),
                numbers,
            }),
            events: &record.events,
            hints: &record.hints,
        }
    }
}

impl Record {
    /// The runner's JSON object (relaxed Extended JSON values).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn json(&self) -> serde_json::Value {
        let record = RecordJson::new(self, Numbers::Relaxed);
        serde_json::to_value(record).unwrap_or(serde_json::Value::Null)
    }
}
