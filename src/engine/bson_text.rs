//! The server's own text rendering of BSON (`BSONObj::toString`, `BSONElement::toString`: a
//! double as `%.16g` with `.0` when it has no point, a decimal as its text, a symbol as a string,
//! `CodeWScope( <code>, <scope>)`, `DBRef('<ns>',<id>)`), used inside messages
//! such as `not authorized on admin to execute command { killAllSessions: [], $db: "admin" }`;
//! an aggregation value's (`Value`'s `operator<<`); and the
//! BSON type names the IDL parser prints (`src/mongo/bson/bsontypes.cpp`).

use bson::{spec::BinarySubtype, Bson, Document};
use std::fmt::Write;

/// The server's name for a value's BSON type.
pub fn type_name(value: &Bson) -> &'static str {
    match value {
        Bson::Double(_) => "double",
        Bson::String(_) => "string",
        Bson::Document(_) => "object",
        Bson::Array(_) => "array",
        Bson::Binary(_) => "binData",
        Bson::Undefined => "undefined",
        Bson::ObjectId(_) => "objectId",
        Bson::Boolean(_) => "bool",
        Bson::DateTime(_) => "date",
        Bson::Null => "null",
        Bson::RegularExpression(_) => "regex",
        Bson::DbPointer(_) => "dbPointer",
        Bson::JavaScriptCode(_) => "javascript",
        Bson::Symbol(_) => "symbol",
        Bson::JavaScriptCodeWithScope(_) => "javascriptWithScope",
        Bson::Int32(_) => "int",
        Bson::Timestamp(_) => "timestamp",
        Bson::Int64(_) => "long",
        Bson::Decimal128(_) => "decimal",
        Bson::MinKey => "minKey",
        Bson::MaxKey => "maxKey",
    }
}

/// The IDL's name for a binary subtype.
pub fn binary_subtype_name(subtype: BinarySubtype) -> &'static str {
    match subtype {
        BinarySubtype::Generic => "general",
        BinarySubtype::Function => "function",
        BinarySubtype::BinaryOld => "byte(deprecated)",
        BinarySubtype::UuidOld => "UUID(deprecated)",
        BinarySubtype::Uuid => "UUID",
        BinarySubtype::Md5 => "MD5",
        BinarySubtype::Encrypted => "encrypt",
        BinarySubtype::Column => "column",
        BinarySubtype::Sensitive => "sensitive",
        BinarySubtype::Vector => "vector",
        _ => "Custom",
    }
}

/// `{ a: 1, b: "x" }` the way the server prints a document.
pub fn document_to_server_string(doc: &Document) -> String {
    let mut out = String::new();
    write_document(&mut out, doc, false);
    out
}

/// `{ user: "appReader", db: "db1" }`: any value the way the server prints it in messages.
pub fn value_to_server_string(value: &Bson) -> String {
    let mut out = String::new();
    write_value(&mut out, value, false);
    out
}

/// `{a: [1, "x"]}`: a value the way the aggregation framework prints one in its messages
/// (`Value`'s `operator<<`), without the spaces inside brackets, a double at 6 digits
/// (`1.23457e+08`), `Symbol("x")` and `Code("x")` named.
pub fn value_to_pipeline_string(value: &Bson) -> String {
    let mut out = String::new();
    write_value(&mut out, value, true);
    out
}

fn write_document(out: &mut String, doc: &Document, tight: bool) {
    if doc.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push_str(if tight { "{" } else { "{ " });
    for (i, (key, value)) in doc.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(key);
        out.push_str(": ");
        write_value(out, value, tight);
    }
    out.push_str(if tight { "}" } else { " }" });
}

fn write_value(out: &mut String, value: &Bson, tight: bool) {
    match value {
        // An aggregation value: `std::ostream`'s default, `%g` at 6 digits (`2`, `1.23457e+08`).
        Bson::Double(d) if tight => out.push_str(&crate::decimal::c_general_text(*d, 6)),
        // A document's element: `appendDoubleNice`, `%.16g` with `.0` added to a text without
        // `.`, `E` or `N` (`1.0`, `9.300000000000001`, `1e+20.0`, `nan.0`).
        Bson::Double(d) => {
            let text = crate::decimal::c_general_text(*d, 16);
            out.push_str(&text);
            if !text.contains(['.', 'E', 'N']) {
                out.push_str(".0");
            }
        }
        Bson::String(s) => {
            let _ = write!(out, "\"{s}\"");
        }
        Bson::Document(d) => write_document(out, d, tight),
        Bson::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push_str(if tight { "[" } else { "[ " });
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, tight);
            }
            out.push_str(if tight { "]" } else { " ]" });
        }
        Bson::Binary(bin) if bin.subtype == BinarySubtype::Uuid && bin.bytes.len() == 16 => {
            let mut bytes = [0u8; 16];
            bytes.copy_from_slice(&bin.bytes);
            let _ = write!(out, "UUID(\"{}\")", bson::Uuid::from_bytes(bytes));
        }
        Bson::Binary(bin) => {
            let _ = write!(
                out,
                "BinData({}, {})",
                u8::from(bin.subtype),
                hex::encode_upper(&bin.bytes)
            );
        }
        Bson::Undefined => out.push_str("undefined"),
        Bson::ObjectId(oid) => {
            let _ = write!(out, "ObjectId('{oid}')");
        }
        Bson::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
        Bson::DateTime(dt) => {
            let _ = write!(out, "new Date({})", dt.timestamp_millis());
        }
        Bson::Null => out.push_str("null"),
        Bson::Int32(i) => {
            let _ = write!(out, "{i}");
        }
        Bson::Int64(i) => {
            let _ = write!(out, "{i}");
        }
        Bson::Timestamp(ts) => {
            let _ = write!(out, "Timestamp({}, {})", ts.time, ts.increment);
        }
        Bson::Decimal128(d) => out.push_str(&crate::decimal128::to_text(d)),
        Bson::MinKey => out.push_str("MinKey"),
        Bson::MaxKey => out.push_str("MaxKey"),
        Bson::RegularExpression(re) => {
            let _ = write!(out, "/{}/{}", re.pattern, re.options);
        }
        Bson::JavaScriptCode(code) if tight => {
            let _ = write!(out, "Code(\"{code}\")");
        }
        Bson::JavaScriptCodeWithScope(bson::JavaScriptCodeWithScope { code, scope }) if !tight => {
            let _ = write!(out, "CodeWScope( {code}, ");
            write_document(out, scope, false);
            out.push(')');
        }
        Bson::JavaScriptCode(code)
        | Bson::JavaScriptCodeWithScope(bson::JavaScriptCodeWithScope { code, .. }) => {
            out.push_str(code);
        }
        Bson::Symbol(symbol) if tight => {
            let _ = write!(out, "Symbol(\"{symbol}\")");
        }
        Bson::Symbol(symbol) => {
            let _ = write!(out, "\"{symbol}\"");
        }
        Bson::DbPointer(_) => match db_pointer_parts(value) {
            Some((namespace, id)) if !tight => {
                let _ = write!(out, "DBRef('{namespace}',{id})");
            }
            Some((namespace, id)) => {
                let _ = write!(out, "DbPointer({namespace}, {id})");
            }
            // (Not reached: a value bson wrote reads back.)
            None => out.push_str("DbPointer"),
        },
    }
}

/// A `DbPointer`'s namespace and id (bson keeps its fields private: they are read back from
/// the value's BSON bytes, `{ "": <string namespace><12-byte id> }`).
fn db_pointer_parts(value: &Bson) -> Option<(String, bson::oid::ObjectId)> {
    let bytes = bson::doc! { "": value.clone() }.to_vec().ok()?;
    // Document length (4), element type (1), the empty name's 0 (1), then the string's length.
    let length = usize::try_from(i32::from_le_bytes(bytes.get(6..10)?.try_into().ok()?)).ok()?;
    let namespace = std::str::from_utf8(bytes.get(10..10 + length.checked_sub(1)?)?).ok()?;
    let id: [u8; 12] = bytes.get(10 + length..22 + length)?.try_into().ok()?;
    Some((namespace.to_owned(), bson::oid::ObjectId::from_bytes(id)))
}

/// `2026-01-01T00:00:00.000`: a time to the millisecond without its zone, for the server's
/// `dateToISOStringLocal` (which adds the local offset, `+00:00` on a UTC server); a time a
/// JavaScript `Date` cannot hold is written as its milliseconds.
pub fn iso_millis(ms: i64) -> String {
    crate::dates::to_iso_string(ms).map_or_else(
        || ms.to_string(),
        |text| text.trim_end_matches('Z').to_owned(),
    )
}
