//! Formats values the way mongosh prints them (Node's `util.inspect` with `compact: 3` and
//! `breakLength: 80`): `{ ok: 1 }` on one line when it fits, otherwise one field per line with
//! two-space indents; keys quoted only when they are not identifiers; strings in single quotes;
//! `UUID('…')`, `ObjectId('…')`, `ISODate('…')`, `Long('…')`, `Binary.createFromBase64('…', 0)`,
//! `Timestamp({ t, i })`. Also the server-error line `MongoServerError[Code]: message`.

use super::budget::STATEMENT_OUTPUT_BYTES;
use base64::Engine as _;
use bson::{spec::BinarySubtype, Bson, Document};
use std::fmt::Write as _;

const BREAK_LENGTH: usize = 80;
const COMPACT: usize = 3;

/// Prints a BSON value as mongosh does. A value whose keys and scalars pass
/// [`STATEMENT_OUTPUT_BYTES`] is printed only that far (a statement shows no more of it), so
/// printing costs no more than the output it may keep.
pub fn format_bson(value: &Bson) -> String {
    Printer::new().value(value, 0)
}

/// Prints a document as mongosh does, as far as [`format_bson`] does.
pub fn format_document(doc: &Document) -> String {
    Printer::new().document(doc, 0)
}

/// `MongoServerError[CodeName]: errmsg`.
pub fn format_server_error(code_name: &str, errmsg: &str) -> String {
    format!("MongoServerError[{code_name}]: {errmsg}")
}

struct Printer {
    indent: usize,
    deepest: usize,
    /// Bytes of keys and scalars still to print; at zero the rest of the value is left out.
    room: usize,
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    // Node's keyStrRegExp: /^[a-zA-Z_][a-zA-Z_0-9]*$/
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Quotes a string the way `util.inspect` does (Node's `strEscape`): in single quotes; in double
/// quotes when the text has a single quote and no double quote; in backticks when it has both
/// and no backtick or `${`; otherwise in single quotes with `\'`. A backslash and the control
/// characters (U+0000–U+001F, U+007F–U+009F) are escaped: `\b \t \n \f \r`, the others `\xHH`.
pub fn quote(s: &str) -> String {
    let delimiter = if !s.contains('\'') {
        '\''
    } else if !s.contains('"') {
        '"'
    } else if !s.contains('`') && !s.contains("${") {
        '`'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(delimiter);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' if delimiter == '\'' => out.push_str("\\'"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push(delimiter);
    out
}

fn format_key(key: &str) -> String {
    if is_identifier(key) {
        key.to_owned()
    } else {
        quote(key)
    }
}

/// A JavaScript number's text as mongosh prints it (`util.inspect`): `String(n)`, except that
/// negative zero is `-0`.
pub fn format_number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        "-0".to_owned()
    } else {
        crate::decimal::javascript_text(n)
    }
}

impl Printer {
    fn new() -> Self {
        Printer {
            indent: 0,
            deepest: 0,
            room: STATEMENT_OUTPUT_BYTES,
        }
    }

    fn value(&mut self, value: &Bson, depth: usize) -> String {
        match value {
            Bson::Document(d) => self.document(d, depth),
            Bson::Array(items) => self.array(items, depth),
            other => {
                let text = scalar(other);
                self.room = self.room.saturating_sub(text.len());
                text
            }
        }
    }

    fn document(&mut self, doc: &Document, depth: usize) -> String {
        self.deepest = depth;
        if doc.is_empty() {
            return "{}".to_owned();
        }
        self.indent += 2;
        let mut entries = Vec::new();
        for (key, value) in doc {
            if self.room == 0 {
                break;
            }
            self.room = self.room.saturating_sub(key.len());
            entries.push(format!(
                "{}: {}",
                format_key(key),
                self.value(value, depth + 1)
            ));
        }
        self.indent -= 2;
        self.reduce(&entries, depth, '{', '}')
    }

    fn array(&mut self, items: &[Bson], depth: usize) -> String {
        self.deepest = depth;
        if items.is_empty() {
            return "[]".to_owned();
        }
        self.indent += 2;
        let mut entries = Vec::new();
        for item in items {
            if self.room == 0 {
                break;
            }
            entries.push(self.value(item, depth + 1));
        }
        self.indent -= 2;
        self.reduce(&entries, depth, '[', ']')
    }

    /// `reduceToSingleString` from Node's `util.inspect`.
    fn reduce(&mut self, entries: &[String], depth: usize, open: char, close: char) -> String {
        if self.deepest - depth < COMPACT {
            let start = entries.len() + self.indent + 1 + 10;
            let total: usize =
                entries.iter().map(|e| e.chars().count()).sum::<usize>() + entries.len() + start;
            if total <= BREAK_LENGTH && !entries.iter().any(|e| e.contains('\n')) {
                return format!("{open} {} {close}", entries.join(", "));
            }
        }
        let pad = " ".repeat(self.indent);
        format!(
            "{open}\n{pad}  {}\n{pad}{close}",
            entries.join(&format!(",\n{pad}  "))
        )
    }
}

fn scalar(value: &Bson) -> String {
    match value {
        Bson::Double(d) => format_number(*d),
        Bson::Int32(i) => i.to_string(),
        Bson::Int64(i) => format!("Long('{i}')"),
        Bson::String(s) => quote(s),
        Bson::Boolean(b) => b.to_string(),
        Bson::Null => "null".to_owned(),
        Bson::Undefined => "undefined".to_owned(),
        Bson::ObjectId(oid) => format!("ObjectId('{oid}')"),
        // mongosh prints a date JavaScript cannot hold as `Invalid Date`.
        Bson::DateTime(dt) => crate::dates::to_iso_string(dt.timestamp_millis()).map_or_else(
            || "Invalid Date".to_owned(),
            |text| format!("ISODate('{text}')"),
        ),
        Bson::Binary(bin) if bin.subtype == BinarySubtype::Uuid && bin.bytes.len() == 16 => {
            let mut bytes = [0u8; 16];
            bytes.copy_from_slice(&bin.bytes);
            format!("UUID('{}')", bson::Uuid::from_bytes(bytes))
        }
        Bson::Binary(bin) => format!(
            "Binary.createFromBase64('{}', {})",
            base64::engine::general_purpose::STANDARD.encode(&bin.bytes),
            u8::from(bin.subtype)
        ),
        Bson::Timestamp(ts) => format!("Timestamp({{ t: {}, i: {} }})", ts.time, ts.increment),
        Bson::Decimal128(d) => format!("Decimal128('{}')", crate::decimal128::to_text(d)),
        Bson::MinKey => "MinKey()".to_owned(),
        Bson::MaxKey => "MaxKey()".to_owned(),
        Bson::RegularExpression(re) => format!("/{}/{}", re.pattern, re.options),
        Bson::JavaScriptCode(code) => format!("Code('{code}')"),
        // The legacy types (code with scope, symbols, DB pointers) as bson has always written
        // them here.
        other => crate::engine::bson_text::value_to_server_string(other),
    }
}

/// `2026-01-01T00:00:00.000Z`, or `Invalid Date` for a time JavaScript cannot hold.
pub fn iso_date(ms: i64) -> String {
    crate::dates::to_iso_string(ms).unwrap_or_else(|| "Invalid Date".to_owned())
}
