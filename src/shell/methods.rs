//! Members and methods of shell objects, as in mongosh: `db.*`, `db.<coll>.*`, cursors,
//! `Mongo` connections, client sessions (with transactions driven the Node driver's way),
//! background operations, and the `show …` commands.

use super::args::type_error;
use super::ast::Expr;
use super::client::Flow;
use super::diagnostics::Span;
use super::eval::{describe_expr, not_a_function};
use super::hints::closest;
use super::method_names::{
    CollectionMethod, CursorMethod, DbMethod, LabMethod, MongoMethod, SessionMethod,
};
use super::value::count;
use super::value::Value;
use super::Shell;
use bson::Bson;

impl Shell {
    /// A shell object's `help()`: its methods, one per line, after `prefix`.
    pub(super) fn list_methods(&mut self, prefix: &str, names: &[&str]) -> Value {
        self.printed
            .extend(names.iter().map(|name| format!("  {prefix}{name}()")));
        Value::undefined()
    }

    /// `object.name`.
    pub(super) fn member(&self, object: Value, name: &str, span: &Span) -> Result<Value, Flow> {
        Ok(match object {
            // mongosh's `session.id`: the lsid a command names the session by.
            Value::Session(index) if name == "id" => {
                Value::Bson(Bson::Document(self.sessions[index].id.lsid()))
            }
            Value::Bson(Bson::Document(d)) => d
                .get(name)
                .cloned()
                .map_or_else(Value::undefined, Value::Bson),
            Value::Bson(Bson::Array(a)) if name == "length" => Value::Bson(count(a.len())),
            Value::Bson(Bson::String(s)) if name == "length" => {
                Value::Bson(count(s.chars().count()))
            }
            Value::Bson(Bson::Undefined | Bson::Null) => {
                let what = if matches!(object, Value::Bson(Bson::Null)) {
                    "null"
                } else {
                    "undefined"
                };
                return Err(type_error(
                    format!("Cannot read properties of {what} (reading '{name}')"),
                    span,
                ));
            }
            Value::Bson(_) => Value::undefined(),
            Value::Db(db) if DbMethod::parse(name).is_some() => {
                Value::Method(Box::new(Value::Db(db)), name.to_owned())
            }
            Value::Db(db) => Value::Collection(db, name.to_owned()),
            Value::Collection(db, coll) if CollectionMethod::parse(name).is_some() => {
                Value::Method(Box::new(Value::Collection(db, coll)), name.to_owned())
            }
            Value::Collection(db, coll) => Value::Collection(db, format!("{coll}.{name}")),
            Value::Builtin(namespace @ ("Binary" | "console")) => {
                Value::Method(Box::new(Value::Builtin(namespace)), name.to_owned())
            }
            Value::Error(caught) if name == "hasErrorLabel" => {
                Value::Method(Box::new(Value::Error(caught)), name.to_owned())
            }
            Value::Error(caught) => Value::Bson(caught.field(name)),
            // The fields a background operation prints with that never change (`db.killOp(op.opid)`).
            Value::Operation(op, _) if name == "opid" => {
                Value::Bson(Bson::Int32(i32::try_from(op).unwrap_or(i32::MAX)))
            }
            Value::Operation(_, conn) if name == "connection" => {
                Value::Bson(Bson::String(format!("conn{conn}")))
            }
            other => Value::Method(Box::new(other), name.to_owned()),
        })
    }

    /// `forEach` (`undefined`) or `map` (the callback's results) of a cursor or an array: the
    /// callback runs on each set of arguments `next` gives, until it gives none.
    pub(super) fn each_or_map(
        &mut self,
        name: &str,
        values: &[Value],
        span: &Span,
        mut next: impl FnMut(&mut Self) -> Result<Option<Vec<Value>>, Flow>,
    ) -> Result<Value, Flow> {
        let callback = values.first().cloned().unwrap_or_else(Value::undefined);
        let mut mapped = Vec::new();
        while let Some(args) = next(self)? {
            let result = self.call_callback(&callback, args, name, span)?;
            if name == "map" {
                mapped.push(Self::to_bson(result, span)?);
            }
        }
        Ok(if name == "map" {
            Value::Bson(Bson::Array(mapped))
        } else {
            Value::undefined()
        })
    }

    /// `object.name(args)`.
    pub(super) fn call_method(
        &mut self,
        object: Value,
        name: &str,
        args: &[Expr],
        span: &Span,
        name_span: &Span,
        callee: &Expr,
    ) -> Result<Value, Flow> {
        let values = self.eval_args(args)?;
        let unknown = |names: &[&str]| {
            let hint = closest(name, names.iter().copied())
                .map(|close| format!("did you mean {close}?"))
                .or_else(|| super::hints::method_not_here(name));
            Err(not_a_function(&describe_expr(callee), name_span, hint))
        };
        match object {
            Value::Db(db) => match DbMethod::parse(name) {
                Some(method) => self.db_method(&db, method, &values, span),
                // `db.killAllSessions()`: a server command typed as a method.
                None => match super::hints::command_as_method(name) {
                    Some(hint) => Err(not_a_function(
                        &describe_expr(callee),
                        name_span,
                        Some(hint),
                    )),
                    None => unknown(DbMethod::NAMES),
                },
            },
            Value::Collection(db, coll) => match CollectionMethod::parse(name) {
                Some(method) => self.collection_method(&db, &coll, method, &values, span),
                None => unknown(CollectionMethod::NAMES),
            },
            Value::Cursor(index) => match CursorMethod::parse(name) {
                Some(method) => self.cursor_method(index, method, &values, span),
                None => unknown(CursorMethod::NAMES),
            },
            Value::Mongo(conn) => match MongoMethod::parse(name) {
                Some(method) => self.mongo_method(conn, method, &values, span),
                None => unknown(MongoMethod::NAMES),
            },
            Value::Session(index) => match SessionMethod::parse(name) {
                Some(method) => self.session_method(index, method, &values, span),
                None => unknown(SessionMethod::NAMES),
            },
            Value::Lab => match LabMethod::parse(name) {
                Some(method) => self.lab_method(method, &values, span),
                None => unknown(LabMethod::NAMES),
            },
            Value::Operation(op, conn) if name == "result" => Ok(self.operation_result(op, conn)),
            Value::Error(caught) if name == "hasErrorLabel" => {
                let label = super::args::string(&values, 0, name, span)?;
                Ok(Value::Bson(Bson::Boolean(caught.has_error_label(label))))
            }
            Value::Builtin("Binary") => {
                let code = self.code_on_demand(format_args!("Binary.{name}()"), span)?;
                (code.global)(self, &format!("Binary.{name}"), &values, span)
            }
            Value::Builtin("console") if super::globals::CONSOLE_METHODS.contains(&name) => {
                self.call_global("print", values, span)
            }
            Value::Builtin("console") => unknown(&super::globals::CONSOLE_METHODS),
            Value::Method(inner, method) => Err(type_error(
                format!(
                    "{}.{method}(...).{name} is not a function",
                    inner.type_label()
                ),
                name_span,
            )),
            Value::Operation(..) => unknown(&["result"]),
            // As JavaScript's, with each element and its index.
            Value::Bson(Bson::Array(items)) if matches!(name, "forEach" | "map") => {
                let mut items = items.into_iter().enumerate();
                self.each_or_map(name, &values, span, move |_| {
                    Ok(items
                        .next()
                        .map(|(i, item)| vec![Value::Bson(item), Value::Bson(count(i))]))
                })
            }
            // js-bson's: the id's first four bytes, its seconds.
            Value::Bson(Bson::ObjectId(id)) if name == "getTimestamp" => {
                Ok(Value::Bson(Bson::DateTime(id.timestamp())))
            }
            Value::Bson(Bson::Array(_) | Bson::String(_)) => Err(not_a_function(
                &describe_expr(callee),
                name_span,
                Some("Session Lab's shell gives arrays and strings length and [index], and arrays forEach and map (as a cursor has them); JavaScript's other methods are left out".to_owned()),
            )),
            _ => unknown(&[]),
        }
    }

    /// How a background operation ended (its reply), or that it is still running.
    pub(super) fn operation_result(&self, op: u32, conn: u32) -> Value {
        match self.deployment.finished_op(op) {
            Some(finished) => Value::Bson(Bson::Document(finished.reply())),
            None => Value::Bson(Bson::Document(self.operation_document(op, conn))),
        }
    }
}
