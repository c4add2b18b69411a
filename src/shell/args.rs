//! Arguments of shell functions and methods: one extractor with the same messages everywhere
//! (`find: argument 1 must be a document, got number`, `UUID: argument 1 is missing`).

use super::client::Flow;
use super::diagnostics::{ErrorKind, ShellError, Span};
use super::printer::format_bson;
use super::value::Value;
use bson::{Bson, Document};

/// A `TypeError` at `span`.
pub(super) fn type_error(message: impl Into<String>, span: &Span) -> Flow {
    ShellError::new(ErrorKind::Type, message, span.clone()).into()
}

/// Argument `i` of `function`, picked out of its BSON value by `pick`; `expected` names what
/// `pick` accepts.
fn arg<'a, T>(
    values: &'a [Value],
    i: usize,
    function: &str,
    expected: &str,
    span: &Span,
    pick: impl FnOnce(&'a Bson) -> Option<T>,
) -> Result<T, Flow> {
    match values.get(i) {
        Some(Value::Bson(b)) => pick(b).ok_or_else(|| {
            let found = if matches!(
                b,
                Bson::String(_) | Bson::Int32(_) | Bson::Int64(_) | Bson::Double(_)
            ) {
                format_bson(b)
            } else {
                Value::Bson(b.clone()).type_label().to_owned()
            };
            type_error(
                format!(
                    "{function}: argument {} must be {expected}, got {found}",
                    i + 1
                ),
                span,
            )
        }),
        _ => Err(unexpected(values, i, function, expected, span)),
    }
}

/// The error for argument `i` of `function` when it is not `expected`: missing, or a value of
/// another kind.
fn unexpected(values: &[Value], i: usize, function: &str, expected: &str, span: &Span) -> Flow {
    match values.get(i) {
        Some(other) => type_error(
            format!(
                "{function}: argument {} must be {expected}, got {}",
                i + 1,
                other.type_label()
            ),
            span,
        ),
        None => type_error(format!("{function}: argument {} is missing", i + 1), span),
    }
}

/// mongosh's `assertArgsDefinedType(…, [true, …])`: the first `count` arguments of `method`
/// (`Collection.deleteMany`) must be given, `undefined` counting as not given.
pub(super) fn require(
    values: &[Value],
    count: usize,
    method: &str,
    span: &Span,
) -> Result<(), Flow> {
    match (0..count).find(|&i| matches!(values.get(i), None | Some(Value::Bson(Bson::Undefined)))) {
        Some(position) => Err(ShellError::new(
            ErrorKind::Shell,
            format!("[COMMON-10001] Missing required argument at position {position} ({method})"),
            span.clone(),
        )
        .into()),
        None => Ok(()),
    }
}

/// A string argument.
pub(super) fn string<'a>(
    values: &'a [Value],
    i: usize,
    function: &str,
    span: &Span,
) -> Result<&'a str, Flow> {
    arg(values, i, function, "a string", span, Bson::as_str)
}

/// A number (or a string holding one, as the shell constructors accept).
pub(super) fn number(values: &[Value], i: usize, function: &str, span: &Span) -> Result<f64, Flow> {
    arg(values, i, function, "a number", span, |b| {
        crate::engine::storage::as_f64(b).or_else(|| {
            b.as_str()
                .and_then(|s| crate::decimal::parse_decimal(s.trim()))
        })
    })
}

/// A function argument: one written in the shell or a global such as `printjson`.
pub(super) fn function(
    values: &[Value],
    i: usize,
    function: &str,
    span: &Span,
) -> Result<Value, Flow> {
    match values.get(i) {
        Some(callable @ (Value::Function(_) | Value::Builtin(_))) => Ok(callable.clone()),
        _ => Err(unexpected(values, i, function, "a function", span)),
    }
}

/// An array argument.
pub(super) fn array(
    values: &[Value],
    i: usize,
    function: &str,
    span: &Span,
) -> Result<Vec<Bson>, Flow> {
    arg(values, i, function, "an array", span, |b| {
        b.as_array().cloned()
    })
}

/// A document argument; absent or `undefined` means `{}`.
pub(super) fn document(
    values: &[Value],
    i: usize,
    function: &str,
    span: &Span,
) -> Result<Document, Flow> {
    match values.get(i) {
        None | Some(Value::Bson(Bson::Undefined)) => Ok(Document::new()),
        _ => arg(values, i, function, "a document", span, |b| {
            b.as_document().cloned()
        }),
    }
}
