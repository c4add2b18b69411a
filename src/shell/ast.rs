//! The syntax tree of the shell language: statements and expressions with their spans.

use super::diagnostics::Span;

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
    /// A number, and whether it was written as an integer.
    Number(f64, bool),
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
}
