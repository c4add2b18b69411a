//! The syntax tree of the shell language: statements and expressions with their spans.

use super::diagnostics::Span;
use std::rc::Rc;

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What.
    pub kind: ExprKind,
    /// Where.
    pub span: Span,
}

/// Expression kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number (JavaScript's: a double, `1.0` and `1` the same).
    Number(f64),
    /// A string.
    Str(String),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// A variable or global.
    Ident(String),
    /// `{ key: value, … }`, keys in order.
    Object(Vec<(String, Expr)>),
    /// `[ a, b ]`.
    Array(Vec<Expr>),
    /// `object.name`.
    Member(Box<Expr>, String, Span),
    /// `object[index]`.
    Index(Box<Expr>, Box<Expr>),
    /// `callee(args)`.
    Call(Box<Expr>, Vec<Expr>),
    /// `new callee(args)`.
    New(Box<Expr>, Vec<Expr>),
    /// `-x`.
    Neg(Box<Expr>),
    /// `!x`.
    Not(Box<Expr>),
    /// `d => …`, `(a, b) => { … }`, `function (d) { … }`.
    Function(Rc<Function>),
}

/// A function written in the shell (an argument such as `cursor.forEach(d => printjson(d))`).
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// Parameter names.
    pub params: Vec<String>,
    /// What it runs.
    pub body: FunctionBody,
}

/// A function's body.
#[derive(Debug, Clone, PartialEq)]
pub enum FunctionBody {
    /// `d => expr`: its value is returned.
    Expr(Expr),
    /// `{ statements }`: `return` gives the value, else `undefined`.
    Block(Vec<Stmt>),
}

/// A statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// What.
    pub kind: StmtKind,
    /// The whole statement's span (its text is the record's `source`).
    pub span: Span,
}

/// Statement kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `const|let|var name = value`.
    Declare(String, Expr),
    /// `target = value`.
    Assign(Expr, Expr),
    /// An expression whose value is printed.
    Expr(Expr),
    /// `use <db>`.
    Use(String),
    /// `show <what>`.
    Show(String),
    /// `it`: more of the last cursor.
    It,
    /// `help`.
    Help,
    /// `return [value]`, in a function body.
    Return(Option<Expr>),
    /// `try { … } catch (name) { … } finally { … }`: `catch`, its name and `finally` optional
    /// (one of the two clauses is there).
    Try {
        /// The guarded statements.
        block: Vec<Stmt>,
        /// `catch`'s parameter (if named) and statements.
        catch: Option<(Option<String>, Vec<Stmt>)>,
        /// `finally`'s statements.
        finally: Option<Vec<Stmt>>,
    },
    /// `throw value`.
    Throw(Expr),
}
