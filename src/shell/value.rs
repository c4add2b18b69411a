//! Shell values: BSON values (documents, arrays, numbers, strings, …) plus the shell's own
//! objects (databases, collections, cursors, connections, sessions, background operations).
//! Shell objects refer to arenas in the [`super::Shell`] by index, so a shell clones cleanly.

use super::ast::Function;
use super::caught::Caught;
use crate::engine::operations::{ConnId, OpId};
use bson::Bson;
use std::rc::Rc;

/// A database handle: connection, name, and the explicit session it belongs to, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct DbRef {
    /// Connection.
    pub conn: ConnId,
    /// Database name.
    pub name: String,
    /// Index of the explicit client session, for `session.getDatabase()`.
    pub session: Option<usize>,
}

/// A value in the shell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Any BSON value (`undefined` is `Bson::Undefined`).
    Bson(Bson),
    /// `db`, `db.getSiblingDB(…)`, `session.getDatabase(…)`.
    Db(DbRef),
    /// `db.coll`.
    Collection(DbRef, String),
    /// A cursor (index into the cursor arena).
    Cursor(usize),
    /// A connection (`new Mongo()`, `db.getMongo()`).
    Mongo(ConnId),
    /// A client session (index into the session arena).
    Session(usize),
    /// A background operation from `lab.background(…)`.
    Operation(OpId, ConnId),
    /// The `lab` namespace.
    Lab,
    /// A built-in global function or namespace (`UUID`, `Binary`, `MinKey`, …).
    Builtin(&'static str),
    /// A method looked up on a value, waiting for its call.
    Method(Box<Value>, String),
    /// A function written in the shell.
    Function(Rc<Function>),
    /// The error a `catch` block caught.
    Error(Rc<Caught>),
}

impl Value {
    /// `undefined`.
    pub fn undefined() -> Self {
        Value::Bson(Bson::Undefined)
    }

    /// What to call the value's type in messages.
    pub fn type_label(&self) -> &'static str {
        match self {
            Value::Bson(Bson::Document(_)) => "object",
            Value::Bson(Bson::Array(_)) => "array",
            Value::Bson(Bson::String(_)) => "string",
            Value::Bson(Bson::Int32(_) | Bson::Int64(_) | Bson::Double(_)) => "number",
            Value::Bson(Bson::Boolean(_)) => "boolean",
            Value::Bson(Bson::Null) => "null",
            Value::Bson(Bson::Undefined) => "undefined",
            Value::Bson(_) => "BSON value",
            Value::Db(_) => "Database",
            Value::Collection(..) => "Collection",
            Value::Cursor(_) => "Cursor",
            Value::Mongo(_) => "Mongo",
            Value::Session(_) => "ClientSession",
            Value::Operation(..) => "Operation",
            Value::Lab => "lab",
            Value::Builtin(_) | Value::Method(..) | Value::Function(_) => "function",
            Value::Error(_) => "caught error",
        }
    }
}

/// JavaScript's truthiness (`!x`, mongosh's `options.readConcern && …`): the server's, except
/// that an empty string and `NaN` are false, and a `Long` or `Decimal128` is an object, true
/// even when it is zero.
pub(super) fn js_truthy(value: &Bson) -> bool {
    match value {
        Bson::String(text) => !text.is_empty(),
        Bson::Double(number) => !number.is_nan() && *number != 0.0,
        Bson::Int64(_) | Bson::Decimal128(_) => true,
        other => crate::engine::values::truthy(other),
    }
}

/// A count as mongosh prints one (an `int`).
pub(super) fn count(n: usize) -> Bson {
    Bson::Int32(i32::try_from(n).unwrap_or(i32::MAX))
}
