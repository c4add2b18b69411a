//! Functions written in the shell, the arguments of `cursor.forEach(d => printjson(d))` and
//! `cursor.map(d => d._id)`. A call binds the parameters for its duration (the variables they
//! shadow come back afterwards; other variables are the shell's own, as at the top level),
//! runs the body, and pays [`budget::STATEMENT_WORK`] per call and per statement from the
//! input's budget, so that no function can keep the page busy; calls nest at most
//! [`MAX_CALL_DEPTH`] deep.

use super::args::type_error;
use super::ast::{Function, FunctionBody};
use super::client::Flow;
use super::diagnostics::{ErrorKind, ShellError, Span};
use super::value::Value;
use super::{budget, Shell};
use std::rc::Rc;

/// How deep calls may nest (a function calling itself stops here).
pub const MAX_CALL_DEPTH: usize = 50;

impl Shell {
    /// Calls a function written in the shell with `args` (missing ones are `undefined`).
    pub(super) fn call_function(
        &mut self,
        function: &Function,
        args: Vec<Value>,
        span: &Span,
    ) -> Result<Value, Flow> {
        if self.calls >= MAX_CALL_DEPTH {
            return Err(ShellError::new(
                ErrorKind::Range,
                format!("Maximum call stack size exceeded (calls nest at most {MAX_CALL_DEPTH} deep here)"),
                span.clone(),
            )
            .into());
        }
        self.pay(budget::STATEMENT_WORK, span)?;
        let mut args = args.into_iter();
        let bindings = function
            .params
            .iter()
            .map(|name| (name.as_str(), args.next().unwrap_or_else(Value::undefined)))
            .collect();
        self.calls += 1;
        let result = self.with_variables(bindings, |shell| shell.run_body(&function.body));
        self.calls -= 1;
        result
    }

    /// Runs `body` with each name bound to its value (a call's parameters, a `catch`'s error);
    /// the variables they shadow come back afterwards, in reverse order, so a name bound twice
    /// ends as it began.
    pub(super) fn with_variables<T>(
        &mut self,
        bindings: Vec<(&str, Value)>,
        body: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let shadowed: Vec<(&str, Option<Rc<Value>>)> = bindings
            .into_iter()
            .map(|(name, value)| (name, self.vars.insert(name.to_owned(), Rc::new(value))))
            .collect();
        let result = body(self);
        for (name, before) in shadowed.into_iter().rev() {
            match before {
                Some(value) => {
                    self.vars.insert(name.to_owned(), value);
                }
                None => {
                    self.vars.shift_remove(name);
                }
            }
        }
        result
    }

    /// A body's value: its expression's, or what its `return` gives (wherever in its blocks the
    /// `return` stands), else `undefined`.
    fn run_body(&mut self, body: &FunctionBody) -> Result<Value, Flow> {
        match body {
            FunctionBody::Expr(expr) => self.evaluate(expr),
            FunctionBody::Block(statements) => match self.run_block(statements) {
                Ok(_) => Ok(Value::undefined()),
                Err(Flow::Return(value)) => Ok(value),
                Err(other) => Err(other),
            },
        }
    }

    /// Calls a callback argument: a shell function or a global such as `printjson`.
    pub(super) fn call_callback(
        &mut self,
        callback: &Value,
        args: Vec<Value>,
        method: &str,
        span: &Span,
    ) -> Result<Value, Flow> {
        match callback {
            Value::Function(function) => self.call_function(function, args, span),
            Value::Builtin(name) => self.call_global(name, args, span),
            other => Err(type_error(
                format!(
                    "{method}: expected a function, got a {}",
                    other.type_label()
                ),
                span,
            )),
        }
    }
}
