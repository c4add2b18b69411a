//! Evaluation of statements and expressions, and how a statement's value is shown (a cursor
//! shows its first 20 documents and `Type "it" for more`).

use super::ast::{Expr, ExprKind, Stmt, StmtKind};
use super::caught::Caught;
use super::client::Flow;
use super::diagnostics::{ErrorKind, LineIndex, ShellError, Span};
use super::printer::{format_bson, format_number, format_shown, format_with, quote, Inspect};
use super::record::{Outcome, Record};
use super::value::{DbRef, Value};
use super::{budget, Shell};
use crate::engine::storage::node_count;
use bson::{Bson, Document};
use std::rc::Rc;

/// Documents a cursor shows per page (mongosh's `shellBatchSize`).
pub(super) const SHELL_BATCH_SIZE: usize = 20;

impl Shell {
    /// Runs one top-level statement of the input `whole` indexes.
    pub(super) fn run_statement(&mut self, whole: &LineIndex<'_>, stmt: &Stmt) -> Record {
        self.deployment.charge(budget::STATEMENT_WORK);
        self.printed.clear();
        self.events.clear();
        self.report = None;
        self.hints.clear();
        self.sent.clear();
        self.background = 0;
        let source = whole.source()[stmt.span.clone()].to_owned();
        let line = whole.line_column(stmt.span.start).0;
        let result = self
            .check_work(&stmt.span)
            .and_then(|()| self.exec_statement(stmt))
            .and_then(|value| match value {
                Some(value) => self.show(value, &stmt.span),
                None => Ok(Outcome::Silent),
            });
        let mut record = match result {
            Ok(outcome) => Record::new(self.console, source, line, outcome),
            Err(Flow::Shell(error)) => {
                Record::shell_error(self.console, whole, &source, line, error)
            }
            Err(Flow::Fail(failure)) => {
                Record::new(self.console, source, line, Outcome::Error(failure))
            }
            // (`return` is parsed in function bodies only, which catch it.)
            Err(Flow::Background(value) | Flow::Return(value)) => {
                let outcome = self.show(value, &stmt.span).unwrap_or(Outcome::Silent);
                Record::new(self.console, source, line, outcome)
            }
        };
        record.printed = std::mem::take(&mut self.printed);
        record.events = std::mem::take(&mut self.events);
        record.report = self.report.take();
        record.hints = std::mem::take(&mut self.hints);
        record.commands = std::mem::take(&mut self.sent);
        limit_output(&mut record);
        // Named once for the events and the verdicts (the names cost a pass over the variables);
        // only a kill's record keeps them.
        let mentions_sessions = record.events.iter().any(|e| e.message.contains("session "));
        if record.report.is_some() || mentions_sessions {
            let names = self.session_names();
            names.name_in(&mut record.events);
            if record.report.is_some() {
                record.session_names = names;
            }
        }
        if std::mem::take(&mut self.reset_requested) {
            *self = Shell::new(self.deployment.options());
            record
                .printed
                .push("Session Lab reset: a fresh deployment, no users, one connection".to_owned());
        }
        record
    }

    pub(super) fn exec_statement(&mut self, stmt: &Stmt) -> Result<Option<Value>, Flow> {
        match &stmt.kind {
            StmtKind::Declare(name, expr) => {
                let value = self.evaluate(expr)?;
                self.vars.insert(name.clone(), Rc::new(value));
                Ok(None)
            }
            // An assignment is an expression whose value the REPL prints, as mongosh prints
            // `x = 5` (a cursor is iterated, as `c = db.c.find()` is); a declaration prints
            // nothing.
            StmtKind::Assign(target, expr) => {
                let value = self.evaluate(expr)?;
                self.assign(target, value.clone())?;
                Ok(Some(value))
            }
            StmtKind::Expr(expr) => self.evaluate(expr).map(Some),
            StmtKind::Use(name) => self.use_database(name, &stmt.span).map(Some),
            StmtKind::Show(what) => {
                let code = self.code_on_demand(format_args!("show {what}"), &stmt.span)?;
                (code.show)(self, what, &stmt.span).map(Some)
            }
            // mongosh's `it` says "no cursor" when there is none or it has nothing left.
            StmtKind::It => {
                let left = match self.last_cursor {
                    Some(index) => self.cursor_has_next(index, &stmt.span)?.then_some(index),
                    None => None,
                };
                Ok(Some(match left {
                    Some(index) => Value::Cursor(index),
                    None => self.printed_value(Value::Bson(Bson::String("no cursor".into()))),
                }))
            }
            StmtKind::Help => {
                self.printed
                    .extend(super::lab::SHELL_HELP.lines().map(str::to_owned));
                Ok(None)
            }
            // The parser accepts `return` only in a function body, whose call catches it.
            StmtKind::Return(value) => {
                let value = match value {
                    Some(expr) => self.evaluate(expr)?,
                    None => Value::undefined(),
                };
                Err(Flow::Return(value))
            }
            StmtKind::Throw(expr) => match self.evaluate(expr)? {
                Value::Error(caught) => Err(match Caught::clone(&caught) {
                    Caught::Shell(error) => Flow::Shell(error),
                    Caught::Fail(failure) => Flow::Fail(failure),
                }),
                other => Err(ShellError::new(
                    ErrorKind::Type,
                    format!(
                        "the shell throws only an error, not a {}",
                        other.type_label()
                    ),
                    stmt.span.clone(),
                )
                .with_hint("throw new Error(\"…\"), or the catch block's error: catch (error) { … throw error }")
                .into()),
            },
            StmtKind::Try {
                block,
                catch,
                finally,
            } => {
                // A server's, the driver's or the shell's error is caught; not a `return`, nor
                // the end of the input's work budget, which no script may go past.
                let outcome = match (self.run_block(block), catch) {
                    (Err(Flow::Shell(error)), Some((name, handler))) if !self.over_budget() => {
                        self.run_catch(name.as_deref(), Caught::Shell(error), handler)
                    }
                    (Err(Flow::Fail(failure)), Some((name, handler))) if !self.over_budget() => {
                        self.run_catch(name.as_deref(), Caught::Fail(failure), handler)
                    }
                    (outcome, _) => outcome,
                };
                if let Some(finally) = finally {
                    self.run_block(finally)?;
                }
                outcome
            }
        }
    }

    /// Runs a block's statements: its value is the last one a statement had (a REPL shows a
    /// block's completion value), and the first failure ends it.
    pub(super) fn run_block(&mut self, statements: &[Stmt]) -> Result<Option<Value>, Flow> {
        let mut last = None;
        for statement in statements {
            self.pay(budget::STATEMENT_WORK, &statement.span)?;
            if let Some(value) = self.exec_statement(statement)? {
                last = Some(value);
            }
        }
        Ok(last)
    }

    /// A `catch` block, with its error bound to its name, if it has one.
    fn run_catch(
        &mut self,
        name: Option<&str>,
        caught: Caught,
        handler: &[Stmt],
    ) -> Result<Option<Value>, Flow> {
        let bindings = name
            .map(|name| (name, Value::Error(Rc::new(caught))))
            .into_iter()
            .collect();
        self.with_variables(bindings, |shell| shell.run_block(handler))
    }

    /// Prints a string without quotes (as mongosh does for messages) and yields nothing.
    fn printed_value(&mut self, value: Value) -> Value {
        if let Value::Bson(Bson::String(s)) = &value {
            self.printed.push(s.clone());
            return Value::undefined();
        }
        value
    }

    fn assign(&mut self, target: &Expr, value: Value) -> Result<(), Flow> {
        match &target.kind {
            // mongosh runs sloppy JavaScript: assigning a name never declared declares it, as
            // the manual's `session = db.getMongo().startSession()` does.
            ExprKind::Ident(name) if name == "db" => self.assign_db(value, &target.span),
            ExprKind::Ident(name) => {
                self.vars.insert(name.clone(), Rc::new(value));
                Ok(())
            }
            ExprKind::Member(object, field, _) => {
                self.assign_field(object, Bson::String(field.clone()), value, &target.span)
            }
            ExprKind::Index(object, index) => {
                let index = self.eval_bson(index)?;
                self.assign_field(object, index, value, &target.span)
            }
            _ => Err(ShellError::syntax("invalid assignment target", target.span.clone()).into()),
        }
    }

    /// `use <name>`: mongosh's `already on db test` when it is the database in use, else
    /// `switched to db …`; it switches on the connection of the `db` in use
    /// (`currentDb._mongo.use`), without its session.
    fn use_database(&mut self, name: &str, span: &Span) -> Result<Value, Flow> {
        if name.is_empty() || name.contains(['.', ' ', '/', '\\', '"', '$']) {
            return Err(ShellError::new(
                ErrorKind::Shell,
                format!("invalid database name: {name}"),
                span.clone(),
            )
            .into());
        }
        let (conn, in_use) = match self.vars.get("db").map(|db| &**db) {
            Some(Value::Db(db)) => (db.conn, db.name.clone()),
            _ => (self.console, self.current_db(self.console).to_owned()),
        };
        let verb = if in_use == name {
            "already on"
        } else {
            "switched to"
        };
        self.set_db_in_use(DbRef {
            conn,
            name: name.to_owned(),
            session: None,
        });
        let message = Value::Bson(Bson::String(format!("{verb} db {name}")));
        Ok(self.printed_value(message))
    }

    /// Makes `db` the database in use: a database of the console's connection without a session
    /// is its current database (the console's header names it); another (a session's, another
    /// connection's) stands for `db` until `use` or another assignment.
    fn set_db_in_use(&mut self, db: DbRef) {
        if db.conn == self.console && db.session.is_none() {
            self.vars.shift_remove("db");
            self.current_db.insert(self.console, db.name);
        } else {
            self.vars.insert("db".to_owned(), Rc::new(Value::Db(db)));
        }
    }

    /// `db = …`, as mongosh's setter for its `db` global takes it: a database only
    /// (`[COMMON-10002]` otherwise), which becomes the one in use.
    fn assign_db(&mut self, value: Value, span: &Span) -> Result<(), Flow> {
        let Value::Db(db) = value else {
            return Err(ShellError::new(
                ErrorKind::Shell,
                "[COMMON-10002] Cannot reassign 'db' to non-Database type",
                span.clone(),
            )
            .into());
        };
        self.set_db_in_use(db);
        Ok(())
    }

    fn assign_field(
        &mut self,
        object: &Expr,
        key: Bson,
        value: Value,
        span: &Span,
    ) -> Result<(), Flow> {
        let ExprKind::Ident(name) = &object.kind else {
            return Err(ShellError::new(
                ErrorKind::Type,
                "only fields of variables can be assigned",
                span.clone(),
            )
            .into());
        };
        let value = Self::to_bson(value, span)?;
        let Some(Value::Bson(container)) = self.vars.get_mut(name).map(Rc::make_mut) else {
            return Err(ShellError::new(
                ErrorKind::Type,
                format!("cannot set a field on {name}"),
                span.clone(),
            )
            .into());
        };
        match (&mut *container, key) {
            (Bson::Document(d), Bson::String(k)) => {
                d.insert(k, value);
            }
            (Bson::Array(a), Bson::Int32(i)) if usize::try_from(i).is_ok_and(|i| i < a.len()) => {
                a[usize::try_from(i).unwrap_or(0)] = value;
            }
            _ => {
                return Err(
                    ShellError::new(ErrorKind::Type, "cannot set that field", span.clone()).into(),
                )
            }
        }
        if let Err(error) = budget::check_value(container, span) {
            // The assignment is taken back, so the variable stays within the limits.
            self.vars.insert(name.clone(), Rc::new(Value::undefined()));
            return Err(error.into());
        }
        Ok(())
    }

    pub(super) fn evaluate(&mut self, expr: &Expr) -> Result<Value, Flow> {
        Ok(match &expr.kind {
            ExprKind::Number(n) => Value::Bson(number_to_bson(*n)),
            ExprKind::Str(s) => Value::Bson(Bson::String(s.clone())),
            ExprKind::Bool(b) => Value::Bson(Bson::Boolean(*b)),
            ExprKind::Null => Value::Bson(Bson::Null),
            ExprKind::Undefined => Value::undefined(),
            ExprKind::Ident(name) => self.lookup(name, &expr.span)?,
            ExprKind::Object(fields) => {
                let mut doc = Document::new();
                for (key, value) in fields {
                    let value = self.eval_bson(value)?;
                    doc.insert(key.clone(), value);
                }
                let value = Bson::Document(doc);
                budget::check_value(&value, &expr.span)?;
                Value::Bson(value)
            }
            ExprKind::Array(items) => {
                let items = items
                    .iter()
                    .map(|i| self.eval_bson(i))
                    .collect::<Result<Vec<_>, _>>()?;
                let value = Bson::Array(items);
                budget::check_value(&value, &expr.span)?;
                Value::Bson(value)
            }
            ExprKind::Member(object, name, name_span) => {
                let object = self.evaluate(object)?;
                self.member(object, name, name_span)?
            }
            ExprKind::Index(object, index) => {
                let object = self.evaluate(object)?;
                let index = self.eval_bson(index)?;
                match (&object, &index) {
                    (Value::Bson(Bson::Array(items)), Bson::Int32(i)) => items
                        .get(usize::try_from(*i).unwrap_or(usize::MAX))
                        .cloned()
                        .map_or_else(Value::undefined, Value::Bson),
                    // A character, counted as `length` counts them.
                    (Value::Bson(Bson::String(text)), Bson::Int32(i)) => text
                        .chars()
                        .nth(usize::try_from(*i).unwrap_or(usize::MAX))
                        .map_or_else(Value::undefined, |c| Value::Bson(Bson::String(c.into()))),
                    (_, Bson::String(key)) => self.member(object, key, &expr.span)?,
                    _ => Value::undefined(),
                }
            }
            // `new X(...)` and `X(...)` do the same in the shell (`new Mongo()`, `new Date()`).
            ExprKind::Call(callee, args) | ExprKind::New(callee, args) => {
                self.call(callee, args, &expr.span)?
            }
            // JavaScript negates a number: `-NumberInt(-2147483648)` is 2147483648 and `-0` is
            // negative zero, both doubles.
            ExprKind::Neg(inner) => match self.eval_bson(inner)? {
                Bson::Int32(i) => Value::Bson(
                    i.checked_neg()
                        .filter(|negated| *negated != 0)
                        .map_or(Bson::Double(-f64::from(i)), Bson::Int32),
                ),
                #[allow(
                    clippy::cast_precision_loss,
                    reason = "only i64::MIN, as JavaScript would"
                )]
                Bson::Int64(i) => Value::Bson(
                    i.checked_neg()
                        .map_or(Bson::Double(-(i as f64)), Bson::Int64),
                ),
                Bson::Double(d) => Value::Bson(Bson::Double(-d)),
                other => {
                    return Err(ShellError::new(
                        ErrorKind::Type,
                        format!("cannot negate {}", format_bson(&other)),
                        expr.span.clone(),
                    )
                    .into())
                }
            },
            ExprKind::Not(inner) => {
                let value = self.eval_bson(inner)?;
                Value::Bson(Bson::Boolean(!super::value::js_truthy(&value)))
            }
            ExprKind::Function(function) => Value::Function(Rc::clone(function)),
        })
    }

    /// Evaluates to a BSON value (shell objects are not BSON).
    pub(super) fn eval_bson(&mut self, expr: &Expr) -> Result<Bson, Flow> {
        let value = self.evaluate(expr)?;
        Self::to_bson(value, &expr.span)
    }

    pub(super) fn to_bson(value: Value, span: &Span) -> Result<Bson, Flow> {
        match value {
            Value::Bson(b) => Ok(b),
            Value::Builtin("MinKey") => Ok(Bson::MinKey),
            Value::Builtin("MaxKey") => Ok(Bson::MaxKey),
            Value::Db(db) => Ok(Bson::String(db.name)),
            // The driver's `ClientSession.toBSON()` throws, so that a session is never sent.
            Value::Session(_) => Err(ShellError::new(
                ErrorKind::Runtime,
                "ClientSession cannot be serialized to BSON.",
                span.clone(),
            )
            .with_hint("a command names a session by its lsid: session.id (or session.getSessionId()), { id: UUID(…) }")
            .into()),
            other => Err(ShellError::new(
                ErrorKind::Type,
                format!("a {} cannot be used as a BSON value", other.type_label()),
                span.clone(),
            )
            .into()),
        }
    }

    fn lookup(&mut self, name: &str, span: &Span) -> Result<Value, Flow> {
        if let Some(value) = self.vars.get(name).map(Rc::clone) {
            // Reading a variable copies its value: a large one is paid for before it is copied.
            if let Value::Bson(bson) = &*value {
                self.pay(node_count(bson, self.size_cap()), span)?;
            }
            return Ok(Value::clone(&value));
        }
        Ok(match name {
            "db" => Value::Db(DbRef {
                conn: self.console,
                name: self.current_db(self.console).to_owned(),
                session: None,
            }),
            "lab" => Value::Lab,
            _ if super::globals::GLOBALS.contains(&name) => Value::Builtin(
                super::globals::GLOBALS
                    .iter()
                    .find(|g| **g == name)
                    .copied()
                    .unwrap_or(""),
            ),
            _ => {
                let mut error = ShellError::new(
                    ErrorKind::Reference,
                    format!("{name} is not defined"),
                    span.clone(),
                );
                let names: Vec<String> = self
                    .vars
                    .keys()
                    .cloned()
                    .chain(["db", "lab"].map(String::from))
                    .chain(super::globals::GLOBALS.iter().map(|g| (*g).to_owned()))
                    .collect();
                if let Some(hint) = super::hints::javascript_builtin(name)
                    .or_else(|| super::hints::mongosh_global(name))
                    .or_else(|| {
                        super::hints::closest(name, names.iter().map(String::as_str))
                            .map(|best| format!("did you mean {best}?"))
                    })
                {
                    error = error.with_hint(hint);
                }
                return Err(error.into());
            }
        })
    }

    fn call(&mut self, callee: &Expr, args: &[Expr], span: &Span) -> Result<Value, Flow> {
        if let ExprKind::Member(object, name, name_span) = &callee.kind {
            let object = self.evaluate(object)?;
            if matches!(object, Value::Lab) && name == "background" {
                return self.background(args, span);
            }
            self.call_method(object, name, args, span, name_span, callee)
        } else {
            let callee_value = self.evaluate(callee)?;
            match callee_value {
                Value::Builtin(name) => {
                    let values = self.eval_args(args)?;
                    self.call_global(name, values, span)
                }
                Value::Method(object, name) => {
                    self.call_method(*object, &name, args, span, &callee.span, callee)
                }
                Value::Function(function) => {
                    let values = self.eval_args(args)?;
                    self.call_function(&function, values, span)
                }
                _ => Err(not_a_function(&describe_expr(callee), &callee.span, None)),
            }
        }
    }

    pub(super) fn eval_args(&mut self, args: &[Expr]) -> Result<Vec<Value>, Flow> {
        args.iter().map(|a| self.evaluate(a)).collect()
    }

    /// `lab.background(expr)` (or a function of no arguments, called at once): the first
    /// operation that would keep running is returned as a handle instead of waited for.
    fn background(&mut self, args: &[Expr], span: &Span) -> Result<Value, Flow> {
        let [arg] = args else {
            return Err(ShellError::new(ErrorKind::Type, "lab.background takes one expression, e.g. lab.background(db.adminCommand({ sleep: 1, secs: 600 }))", span.clone()).into());
        };
        self.background += 1;
        // `lab.background(() => …)`, as JavaScript would pass work to run later: the function is
        // called at once, in the background.
        let result = match self.evaluate(arg) {
            Ok(Value::Function(function)) => self.call_function(&function, Vec::new(), span),
            other => other,
        };
        self.background -= 1;
        match result {
            Err(Flow::Background(op)) => Ok(op),
            Ok(value) => {
                self.printed
                    .push("(nothing kept running: the expression finished at once)".to_owned());
                Ok(value)
            }
            Err(other) => Err(other),
        }
    }

    /// The outcome shown for a statement's value: the mongosh text and the value as BSON
    /// (rendered as relaxed Extended JSON only when a record is asked for its JSON).
    pub(super) fn show(&mut self, value: Value, span: &Span) -> Result<Outcome, Flow> {
        let text_only = |text: String, value: String| Outcome::Value {
            text,
            value: Bson::String(value),
        };
        Ok(match value {
            Value::Bson(Bson::Undefined) => Outcome::Silent,
            Value::Bson(b) => Outcome::Value {
                text: format_shown(&b, Inspect::VALUE, false),
                value: b,
            },
            Value::Cursor(index) => {
                self.last_cursor = Some(index);
                let mut docs = Vec::new();
                while docs.len() < SHELL_BATCH_SIZE {
                    match self.cursor_next(index, span)? {
                        Some(d) => docs.push(Bson::Document(d)),
                        None => break,
                    }
                }
                let more = self.cursor_has_next(index, span)?;
                // A cursor with no documents prints nothing, as in mongosh (`formatCursor`).
                let empty = docs.is_empty();
                let array = Bson::Array(docs);
                let mut text = if empty {
                    String::new()
                } else {
                    format_with(&array, Inspect::CURSOR)
                };
                if more {
                    text.push_str("\nType \"it\" for more");
                }
                Outcome::Value { text, value: array }
            }
            Value::Db(db) => text_only(db.name.clone(), db.name),
            Value::Collection(db, name) => {
                text_only(format!("{}.{name}", db.name), format!("{}.{name}", db.name))
            }
            Value::Mongo(conn) => text_only(format!("Mongo('conn{conn}')"), format!("conn{conn}")),
            // mongosh prints a session as its id (`Session[asPrintable]`).
            Value::Session(index) => {
                let value = Bson::Document(self.sessions[index].id.lsid());
                Outcome::Value {
                    text: format_bson(&value),
                    value,
                }
            }
            Value::Operation(op, conn) => {
                let doc = Bson::Document(self.operation_document(op, conn));
                Outcome::Value {
                    text: format_bson(&doc),
                    value: doc,
                }
            }
            Value::Lab => text_only(
                "lab: Session Lab's helpers; type lab.help()".into(),
                "lab".into(),
            ),
            Value::Builtin(name) => text_only(format!("[Function: {name}]"), name.to_owned()),
            Value::Method(_, name) => text_only(format!("[Function: {name}]"), name),
            Value::Function(_) => text_only("[Function (anonymous)]".into(), "function".into()),
            Value::Error(caught) => {
                let text = caught.text();
                text_only(text.clone(), text)
            }
        })
    }

    /// Describes a background operation: running, finished, or interrupted with its reply.
    pub(super) fn operation_document(&self, op: u32, conn: u32) -> Document {
        let mut doc = bson::doc! { "opid": i32::try_from(op).unwrap_or(i32::MAX), "connection": format!("conn{conn}") };
        if let Some(end) = self.deployment.op_end(op) {
            doc.insert("state", "running");
            doc.insert("endsAt", bson::DateTime::from_millis(end));
        } else if let Some(finished) = self.deployment.finished_op(op) {
            doc.insert(
                "state",
                if finished.killed.is_some() {
                    "interrupted"
                } else {
                    "finished"
                },
            );
            if let Some((_, cause)) = &finished.killed {
                doc.insert("cause", cause.to_string());
            }
            doc.insert("reply", finished.reply());
        }
        doc
    }
}

/// Keeps a statement's record within [`budget::STATEMENT_OUTPUT_BYTES`] of text and
/// [`budget::STATEMENT_EVENTS`] events, saying what was left out.
fn limit_output(record: &mut Record) {
    let used = budget::cut_lines(&mut record.printed, budget::STATEMENT_OUTPUT_BYTES);
    if let Outcome::Value { text, .. } = &mut record.outcome {
        budget::cut_text(text, budget::STATEMENT_OUTPUT_BYTES.saturating_sub(used));
    }
    if record.events.len() > budget::STATEMENT_EVENTS {
        let dropped = record.events.split_off(budget::STATEMENT_EVENTS - 1);
        let last = &dropped[dropped.len() - 1];
        record.events.push(crate::engine::Event {
            at: last.at,
            kind: last.kind,
            message: format!(
                "… and {} more event(s), the last: {}",
                dropped.len() - 1,
                last.message
            ),
        });
    }
}

/// mongosh's number rule (js-bson's `serializeNumber`): a number whose value is an integer that
/// fits in 32 bits is an `int` however it was written (`1.0` and `1e3` too, as JavaScript has
/// one kind of number), anything else a `double`.
pub(super) fn number_to_bson(n: f64) -> Bson {
    // Negative zero (`-0`) has no integer form: it stays a double, as js-bson sends it.
    let negative_zero = n == 0.0 && n.is_sign_negative();
    if !negative_zero && n.fract() == 0.0 && n >= f64::from(i32::MIN) && n <= f64::from(i32::MAX) {
        #[allow(clippy::cast_possible_truncation, reason = "range checked above")]
        return Bson::Int32(n as i32);
    }
    Bson::Double(n)
}

/// `TypeError: <what> is not a function`, with a hint when there is one (a close name, a
/// command or a mongosh method Session Lab lacks).
pub(super) fn not_a_function(what: &str, span: &Span, hint: Option<String>) -> Flow {
    let mut error = ShellError::new(
        ErrorKind::Type,
        format!("{what} is not a function"),
        span.clone(),
    );
    if let Some(hint) = hint {
        error = error.with_hint(hint);
    }
    error.into()
}

/// A short text for an expression, for messages (`db.runcommand`).
pub(super) fn describe_expr(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Ident(name) => name.clone(),
        ExprKind::Member(object, name, _) => format!("{}.{name}", describe_expr(object)),
        ExprKind::Call(callee, _) => format!("{}(...)", describe_expr(callee)),
        ExprKind::Str(s) => quote(s),
        ExprKind::Number(n) => format_number(*n),
        ExprKind::Undefined => "undefined".to_owned(),
        ExprKind::Null => "null".to_owned(),
        // V8's word for a value with no name of its own (`new Date().x()`).
        _ => "(intermediate value)".to_owned(),
    }
}
