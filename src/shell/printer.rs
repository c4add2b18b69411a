//! Formats values the way mongosh prints them (Node's `util.inspect` with `breakLength: 80`):
//! `{ ok: 1 }` on one line when it fits, otherwise one field per line with two-space indents;
//! long arrays of short entries in aligned columns; keys quoted only when they are not
//! identifiers; strings in single quotes; `UUID('…')`, `ObjectId('…')`, `ISODate('…')`,
//! `Long('…')`, `Binary.createFromBase64('…', 0)`, `Timestamp({ t, i })`. How deep and how
//! much is printed are mongosh's options ([`Inspect`]). Also the server-error line
//! `MongoServerError[Code]: message`.

use super::budget::STATEMENT_OUTPUT_BYTES;
use base64::Engine as _;
use bson::{spec::BinarySubtype, Bson, Document};
use std::fmt::Write as _;

const BREAK_LENGTH: usize = 80;

/// The `util.inspect` options mongosh prints with (`formatOutput` in its cli-repl).
#[derive(Clone, Copy)]
pub struct Inspect {
    /// `compact: 3` lines up the innermost three levels when they fit and groups long arrays
    /// into columns; `None` is `compact: false`, every entry on its own line.
    compact: Option<usize>,
    /// Containers nested deeper are printed `[Object]` or `[Array]`.
    depth: usize,
    /// Items of an array past this are counted (`... 5 more items`), not printed.
    max_array_length: usize,
    /// Characters of a string past this are counted (`... 5 more characters`), not printed.
    max_string_length: usize,
}

impl Inspect {
    /// A statement's value and `print`'s arguments: Node's defaults with mongosh's depth of 6.
    pub const VALUE: Inspect = Inspect {
        compact: Some(3),
        depth: 6,
        max_array_length: 100,
        max_string_length: 10_000,
    };
    /// A cursor's batch (`fullDepthInspectOptions`): everything, as deep as it goes.
    pub const CURSOR: Inspect = Inspect {
        compact: Some(3),
        depth: usize::MAX,
        max_array_length: usize::MAX,
        max_string_length: usize::MAX,
    };
    /// `printjson` (mongosh's MONGOSH-955, the old shell's layout): everything, every object
    /// on its own lines.
    pub const PRINTJSON: Inspect = Inspect {
        compact: None,
        ..Inspect::CURSOR
    };
}

/// Prints a BSON value as mongosh prints a statement's value ([`Inspect::VALUE`]). A value
/// whose keys and scalars pass [`STATEMENT_OUTPUT_BYTES`] is printed only that far (a statement
/// shows no more of it), so printing costs no more than the output it may keep.
pub fn format_bson(value: &Bson) -> String {
    format_with(value, Inspect::VALUE)
}

/// Prints a BSON value with the given options, as far as [`format_bson`] does.
pub fn format_with(value: &Bson, options: Inspect) -> String {
    Printer::new(options).value(value, 0)
}

/// What mongosh shows for a value on its own (a statement's value, `print`'s arguments): a
/// string as it is, unless it holds control characters besides tabs and newlines and
/// `strings_as_they_are` is false, and `undefined` as nothing (`formatSimpleType`); anything
/// else printed.
pub fn format_shown(value: &Bson, options: Inspect, strings_as_they_are: bool) -> String {
    match value {
        Bson::Undefined => String::new(),
        Bson::String(s)
            if strings_as_they_are
                || !s.chars().any(|c| c.is_control() && c != '\t' && c != '\n') =>
        {
            s.clone()
        }
        other => format_with(other, options),
    }
}

/// `MongoServerError[CodeName]: errmsg`.
pub fn format_server_error(code_name: &str, errmsg: &str) -> String {
    format!("MongoServerError[{code_name}]: {errmsg}")
}

struct Printer {
    options: Inspect,
    indent: usize,
    /// The depth of the container printed last (Node's `ctx.currentDepth`): a container lines
    /// its entries up only if nothing more than `compact` levels below it was printed since.
    current_depth: usize,
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
    fn new(options: Inspect) -> Self {
        Printer {
            options,
            indent: 0,
            current_depth: 0,
            room: STATEMENT_OUTPUT_BYTES,
        }
    }

    fn value(&mut self, value: &Bson, depth: usize) -> String {
        let text = match value {
            Bson::Document(d) if !d.is_empty() => {
                return self.container(Container::Document(d), depth)
            }
            Bson::Array(items) if !items.is_empty() => {
                return self.container(Container::Array(items), depth)
            }
            Bson::Document(_) => "{}".to_owned(),
            Bson::Array(_) => "[]".to_owned(),
            Bson::String(s) => self.string(s),
            other => scalar(other),
        };
        self.room = self.room.saturating_sub(text.len());
        text
    }

    /// Node's `formatPrimitive` for a string: cut at `max_string_length`, and a long string with
    /// newlines printed a line at a time, joined with ` +`.
    fn string(&self, s: &str) -> String {
        let (kept, left) = match s.char_indices().nth(self.options.max_string_length) {
            Some((end, _)) => (&s[..end], s[end..].chars().count()),
            None => (s, 0),
        };
        let length = kept.chars().count();
        let mut text = if length > 16 && length + self.indent + 4 > BREAK_LENGTH {
            kept.split_inclusive('\n')
                .map(quote)
                .collect::<Vec<_>>()
                .join(&format!(" +\n{}", " ".repeat(self.indent + 2)))
        } else {
            quote(kept)
        };
        if left > 0 {
            let _ = write!(text, "... {left} more character{}", plural(left));
        }
        text
    }

    fn container(&mut self, container: Container, depth: usize) -> String {
        let array = matches!(container, Container::Array(_));
        if depth > self.options.depth {
            return if array { "[Array]" } else { "[Object]" }.to_owned();
        }
        self.current_depth = depth;
        self.indent += 2;
        let mut entries = Vec::new();
        match container {
            Container::Document(doc) => {
                for (key, value) in doc {
                    if self.room == 0 {
                        break;
                    }
                    self.room = self.room.saturating_sub(key.len());
                    let value = self.value(value, depth + 1);
                    entries.push(format!("{}: {value}", format_key(key)));
                }
            }
            Container::Array(items) => {
                for item in items.iter().take(self.options.max_array_length) {
                    if self.room == 0 {
                        break;
                    }
                    entries.push(self.value(item, depth + 1));
                }
                let left = items.len().saturating_sub(self.options.max_array_length);
                if left > 0 {
                    entries.push(format!("... {left} more item{}", plural(left)));
                }
            }
        }
        self.indent -= 2;
        let (open, close) = if array { ('[', ']') } else { ('{', '}') };
        if let (Some(compact), Container::Array(items)) = (self.options.compact, container) {
            if entries.len() > 6 {
                let grouped = self.group_array_elements(&entries, items, compact);
                if grouped.len() != entries.len() {
                    return self.on_lines(&grouped, open, close);
                }
            }
        }
        self.reduce(&entries, depth, open, close)
    }

    /// `reduceToSingleString` from Node's `util.inspect`.
    fn reduce(&self, entries: &[String], depth: usize, open: char, close: char) -> String {
        if self
            .options
            .compact
            .is_some_and(|compact| self.current_depth.saturating_sub(depth) < compact)
        {
            let start = entries.len() + self.indent + 1 + 10;
            let total: usize =
                entries.iter().map(|e| e.chars().count()).sum::<usize>() + entries.len() + start;
            if total <= BREAK_LENGTH && !entries.iter().any(|e| e.contains('\n')) {
                return format!("{open} {} {close}", entries.join(", "));
            }
        }
        self.on_lines(entries, open, close)
    }

    fn on_lines(&self, entries: &[String], open: char, close: char) -> String {
        let pad = " ".repeat(self.indent);
        format!(
            "{open}\n{pad}  {}\n{pad}{close}",
            entries.join(&format!(",\n{pad}  "))
        )
    }

    /// Node's `groupArrayElements`: more than six short entries are laid out in aligned columns
    /// (numbers aligned right, anything else left), as many as make a squarish block within
    /// the line, at most `compact × 4`. The entries as they were if they are too long or
    /// too unequal to group.
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "Node computes the columns in floating point; the counts are small"
    )]
    fn group_array_elements(
        &self,
        output: &[String],
        items: &[Bson],
        compact: usize,
    ) -> Vec<String> {
        const SEPARATOR: usize = 2;
        let grouped = output.len() - usize::from(items.len() > self.options.max_array_length);
        let widths: Vec<usize> = output[..grouped]
            .iter()
            .map(|e| e.chars().count())
            .collect();
        let total: usize = widths.iter().map(|w| w + SEPARATOR).sum();
        let max_width = widths.iter().copied().max().unwrap_or(0);
        let actual_max = max_width + SEPARATOR;
        if actual_max * 3 + self.indent >= BREAK_LENGTH
            || (total as f64 / actual_max as f64 <= 5.0 && max_width > 6)
        {
            return output.to_vec();
        }
        let average_bias = (actual_max as f64 - total as f64 / output.len() as f64).sqrt();
        let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
        // `Math.round`, which rounds a half up.
        let columns =
            ((2.5 * biased_max * grouped as f64).sqrt() / biased_max + 0.5).floor() as usize;
        // (Node also caps them at 15, above mongosh's `compact × 4` of 12.)
        let columns = columns
            .min((BREAK_LENGTH - self.indent) / actual_max)
            .min(compact * 4);
        if columns <= 1 {
            return output.to_vec();
        }
        let column_widths: Vec<usize> = (0..columns)
            .map(|column| {
                widths
                    .iter()
                    .skip(column)
                    .step_by(columns)
                    .copied()
                    .max()
                    .unwrap_or(0)
                    + SEPARATOR
            })
            .collect();
        let numbers = items[..output.len().min(items.len())]
            .iter()
            .all(|item| matches!(item, Bson::Int32(_) | Bson::Double(_)));
        let mut rows: Vec<String> = output[..grouped]
            .chunks(columns)
            .map(|row| {
                let mut line = String::new();
                for (column, entry) in row.iter().enumerate() {
                    let last = column + 1 == row.len();
                    let cell = if last {
                        entry.clone()
                    } else {
                        format!("{entry}, ")
                    };
                    let width = column_widths[column] - if last { SEPARATOR } else { 0 };
                    let _ = match (numbers, last) {
                        (true, _) => write!(line, "{cell:>width$}"),
                        (false, false) => write!(line, "{cell:<width$}"),
                        (false, true) => write!(line, "{cell}"),
                    };
                }
                line
            })
            .collect();
        rows.extend(output[grouped..].iter().cloned());
        rows
    }
}

#[derive(Clone, Copy)]
enum Container<'a> {
    Document(&'a Document),
    Array(&'a [Bson]),
}

fn plural(count: usize) -> &'static str {
    if count > 1 {
        "s"
    } else {
        ""
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
        // The legacy types (code with scope, symbols, DB pointers) as bson's `Display` writes
        // them, which is the aggregation framework's text of them too.
        other => crate::engine::bson_text::value_to_pipeline_string(other),
    }
}

/// `2026-01-01T00:00:00.000Z`, or `Invalid Date` for a time JavaScript cannot hold.
pub fn iso_date(ms: i64) -> String {
    crate::dates::to_iso_string(ms).unwrap_or_else(|| "Invalid Date".to_owned())
}
