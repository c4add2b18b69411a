//! Recursive-descent parser for the shell language, with a nesting-depth limit and an input
//! size limit so that no input can exhaust the stack. Statements end at `;`, a line break or
//! the end of input; an expression continues across lines while brackets are open or the next
//! line starts with `.` (method chains).

use super::ast::{Expr, ExprKind, Function, FunctionBody, Stmt, StmtKind};
use super::diagnostics::{ShellError, Span};
use super::lexer::{tokenize, Token, TokenKind};
use std::rc::Rc;

/// Deepest nesting of brackets and calls accepted.
pub const MAX_DEPTH: usize = 64;
/// Largest input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 32 * 1024;

/// Parses a whole script.
pub fn parse_program(source: &str) -> Result<Vec<Stmt>, ShellError> {
    if source.len() > MAX_INPUT_BYTES {
        return Err(ShellError::syntax(
            format!(
                "input is {} bytes; the limit is {MAX_INPUT_BYTES}",
                source.len()
            ),
            0..0,
        )
        .with_hint("split the script into smaller pieces"));
    }
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
        functions: 0,
        source,
    };
    let mut statements = Vec::new();
    loop {
        while parser.eat_punct(';') {}
        if parser.at_eof() {
            break;
        }
        let stmt = parser.statement()?;
        if !matches!(stmt.kind, StmtKind::Try { .. }) {
            parser.end_of_statement()?;
        }
        statements.push(stmt);
    }
    Ok(statements)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    /// How many function bodies the parser is in (`return` is valid only there).
    functions: usize,
    source: &'a str,
}

/// The value a word stands for: JavaScript's literals, and its global numbers as mongosh prints
/// them back (`NaN`, `Infinity`).
fn word_literal(word: &str) -> Option<ExprKind> {
    Some(match word {
        "true" => ExprKind::Bool(true),
        "false" => ExprKind::Bool(false),
        "null" => ExprKind::Null,
        "undefined" => ExprKind::Undefined,
        "NaN" => ExprKind::Number(f64::NAN),
        "Infinity" => ExprKind::Number(f64::INFINITY),
        _ => return None,
    })
}

/// Words that cannot name a variable or a parameter.
pub(crate) const RESERVED: [&str; 13] = [
    "const",
    "let",
    "var",
    "new",
    "true",
    "false",
    "null",
    "undefined",
    "function",
    "try",
    "catch",
    "finally",
    "throw",
];

impl Parser<'_> {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn peek_at(&self, n: usize) -> &Token {
        &self.tokens[(self.pos + n).min(self.tokens.len() - 1)]
    }

    fn bump(&mut self) -> Token {
        let token = self.peek().clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        token
    }

    fn at_eof(&self) -> bool {
        self.peek().kind == TokenKind::Eof
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek().kind == TokenKind::Punct(c)
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.is_punct(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn prev_end(&self) -> usize {
        self.tokens[self.pos.saturating_sub(1)].span.end
    }

    /// The name the next token must be (`what` says which, as `a property name after '.'`):
    /// the name and where it stands.
    fn identifier(&mut self, what: &str) -> Result<(String, Span), ShellError> {
        let token = self.bump();
        match token.kind {
            TokenKind::Ident(name) => Ok((name, token.span)),
            _ => Err(ShellError::syntax(
                format!("expected {what}, found {}", Self::describe(&token)),
                token.span,
            )),
        }
    }

    fn describe(token: &Token) -> String {
        match &token.kind {
            TokenKind::Ident(name) => format!("'{name}'"),
            TokenKind::Number(..) => "a number".to_owned(),
            TokenKind::Str(_) => "a string".to_owned(),
            TokenKind::Punct(c) => format!("'{c}'"),
            TokenKind::Arrow => "'=>'".to_owned(),
            TokenKind::Operator(op) => format!("'{op}'"),
            TokenKind::Eof => "the end of input".to_owned(),
        }
    }

    fn expect_punct(&mut self, c: char, what: &str) -> Result<Span, ShellError> {
        if self.is_punct(c) {
            return Ok(self.bump().span);
        }
        let token = self.peek().clone();
        if let Some(error) = unsupported_operator(&token) {
            return Err(error);
        }
        Err(ShellError::syntax(
            format!("expected '{c}' {what}, found {}", Self::describe(&token)),
            token.span,
        ))
    }

    fn enter(&mut self, span: Span) -> Result<(), ShellError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ShellError::syntax(
                format!("nesting is deeper than {MAX_DEPTH} levels"),
                span,
            )
            .with_hint("flatten the expression"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn end_of_statement(&mut self) -> Result<(), ShellError> {
        if self.eat_punct(';') || self.at_eof() || self.peek().newline_before {
            return Ok(());
        }
        let token = self.peek().clone();
        if let Some(error) = unsupported_operator(&token) {
            return Err(error);
        }
        Err(ShellError::syntax(
            format!(
                "expected the end of the statement, found {}",
                Self::describe(&token)
            ),
            token.span,
        )
        .with_hint("separate statements with a line break or ';'"))
    }

    fn statement(&mut self) -> Result<Stmt, ShellError> {
        let start = self.peek().span.start;
        let kind = match self.peek().kind.clone() {
            TokenKind::Ident(word) if matches!(word.as_str(), "const" | "let" | "var") => {
                self.declaration(&word)?
            }
            TokenKind::Ident(word)
                if (word == "use" || word == "show")
                    && matches!(self.peek_at(1).kind, TokenKind::Ident(_))
                    && !self.peek_at(1).newline_before =>
            {
                self.bump();
                let arg_token = self.bump();
                // A database name may contain characters the lexer splits on (e.g. `use my-db`):
                // take the raw text up to the end of the line or a ';'.
                let rest = &self.source[arg_token.span.start..];
                let raw_end = rest.find(['\n', ';']).map_or(rest.len(), |i| i);
                let raw = rest[..raw_end].trim().to_owned();
                while !self.at_eof()
                    && !self.peek().newline_before
                    && self.peek().span.start < arg_token.span.start + raw_end
                    && !self.is_punct(';')
                {
                    self.bump();
                }
                if word == "use" {
                    StmtKind::Use(raw)
                } else {
                    StmtKind::Show(raw)
                }
            }
            // `function name(…) { … }` declares `name`, as in JavaScript.
            TokenKind::Ident(word)
                if word == "function" && matches!(self.peek_at(1).kind, TokenKind::Ident(_)) =>
            {
                let TokenKind::Ident(name) = self.peek_at(1).kind.clone() else {
                    unreachable!("checked by the guard")
                };
                StmtKind::Declare(name, self.expression()?)
            }
            TokenKind::Ident(word) if word == "return" && self.functions > 0 => {
                self.bump();
                let ends = self.at_eof()
                    || self.peek().newline_before
                    || self.is_punct(';')
                    || self.is_punct('}');
                StmtKind::Return(if ends { None } else { Some(self.expression()?) })
            }
            TokenKind::Ident(word) if word == "try" => self.try_statement()?,
            TokenKind::Ident(word) if word == "throw" => {
                self.bump();
                StmtKind::Throw(self.expression()?)
            }
            TokenKind::Ident(word)
                if (word == "it" || word == "help") && self.statement_ends_after(1) =>
            {
                self.bump();
                if word == "it" {
                    StmtKind::It
                } else {
                    StmtKind::Help
                }
            }
            _ => {
                let expr = self.expression()?;
                if self.is_punct('=') {
                    let eq = self.bump();
                    if !matches!(
                        expr.kind,
                        ExprKind::Ident(_) | ExprKind::Member(..) | ExprKind::Index(..)
                    ) {
                        return Err(ShellError::syntax(
                            "invalid assignment target",
                            expr.span.start..eq.span.end,
                        ));
                    }
                    let value = self.expression()?;
                    StmtKind::Assign(expr, value)
                } else {
                    StmtKind::Expr(expr)
                }
            }
        };
        Ok(Stmt {
            kind,
            span: start..self.prev_end(),
        })
    }

    /// `const|let|var name = value`, its keyword `word` next.
    fn declaration(&mut self, word: &str) -> Result<StmtKind, ShellError> {
        self.bump();
        let (name, span) = self.identifier(&format!("a variable name after '{word}'"))?;
        if RESERVED.contains(&name.as_str()) {
            return Err(ShellError::syntax(
                format!("'{name}' is a reserved word and cannot be a variable name"),
                span,
            ));
        }
        self.expect_punct('=', &format!("after 'const {name}'"))?;
        Ok(StmtKind::Declare(name, self.expression()?))
    }

    fn statement_ends_after(&self, n: usize) -> bool {
        let next = self.peek_at(n);
        next.kind == TokenKind::Eof || next.newline_before || next.kind == TokenKind::Punct(';')
    }

    fn expression(&mut self) -> Result<Expr, ShellError> {
        let start = self.peek().span.clone();
        self.enter(start.clone())?;
        let result = self.unary();
        self.leave();
        result
    }

    fn unary(&mut self) -> Result<Expr, ShellError> {
        let start = self.peek().span.start;
        if self.eat_punct('-') {
            let inner = self.expression()?;
            let span = start..inner.span.end;
            return Ok(match inner.kind {
                ExprKind::Number(n) => Expr {
                    kind: ExprKind::Number(-n),
                    span,
                },
                _ => Expr {
                    kind: ExprKind::Neg(Box::new(inner)),
                    span,
                },
            });
        }
        if self.eat_punct('+') {
            return self.expression();
        }
        // `await` of a value is the value: every call here has finished when it returns (mongosh
        // awaits what a statement gives, so there too `await` changes nothing a user sees).
        if matches!(&self.peek().kind, TokenKind::Ident(word) if word == "await") {
            self.bump();
            return self.expression();
        }
        if self.eat_punct('!') {
            let inner = self.expression()?;
            let span = start..inner.span.end;
            return Ok(Expr {
                kind: ExprKind::Not(Box::new(inner)),
                span,
            });
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Expr, ShellError> {
        let mut expr = self.primary()?;
        loop {
            if self.is_punct('.') {
                self.bump();
                let (name, name_span) = self.identifier("a property name after '.'")?;
                let span = expr.span.start..name_span.end;
                expr = Expr {
                    kind: ExprKind::Member(Box::new(expr), name, name_span),
                    span,
                };
            } else if self.is_punct('[') && !self.peek().newline_before {
                let open = self.bump();
                self.enter(open.span.clone())?;
                let index = self.expression()?;
                let close = self.expect_punct(']', "to close the index")?;
                self.leave();
                let span = expr.span.start..close.end;
                expr = Expr {
                    kind: ExprKind::Index(Box::new(expr), Box::new(index)),
                    span,
                };
            } else if self.is_punct('(') && !self.peek().newline_before {
                let (args, end) = self.arguments()?;
                let span = expr.span.start..end;
                expr = Expr {
                    kind: ExprKind::Call(Box::new(expr), args),
                    span,
                };
            } else {
                return Ok(expr);
            }
        }
    }

    fn arguments(&mut self) -> Result<(Vec<Expr>, usize), ShellError> {
        let open = self.bump();
        self.enter(open.span.clone())?;
        let mut args = Vec::new();
        while !self.is_punct(')') {
            if self.at_eof() {
                return Err(ShellError::syntax(
                    "unclosed '(': expected ')' before the end of input",
                    open.span,
                )
                .with_hint("add the missing ')'"));
            }
            args.push(self.expression()?);
            if !self.eat_punct(',') && !self.is_punct(')') {
                let token = self.peek().clone();
                return Err(Self::missing_separator(
                    &token,
                    ')',
                    "arguments",
                    &open.span,
                ));
            }
        }
        let close = self.bump();
        self.leave();
        Ok((args, close.span.end))
    }

    fn missing_separator(token: &Token, close: char, what: &str, open: &Span) -> ShellError {
        if token.kind == TokenKind::Eof {
            let opener = match close {
                ')' => '(',
                ']' => '[',
                _ => '{',
            };
            return ShellError::syntax(
                format!("unclosed '{opener}': expected '{close}' before the end of input"),
                open.clone(),
            )
            .with_hint(format!("add the missing '{close}'"));
        }
        let closers = [')', ']', '}'];
        if let TokenKind::Punct(c) = token.kind {
            if closers.contains(&c) && c != close {
                return ShellError::syntax(
                    format!("mismatched bracket: expected ',' or '{close}', found '{c}'"),
                    token.span.clone(),
                )
                .with_hint(format!(
                    "the brackets are unbalanced: this '{c}' closes nothing open here"
                ));
            }
        }
        if let Some(error) = unsupported_operator(token) {
            return error;
        }
        ShellError::syntax(
            format!(
                "expected ',' or '{close}' between {what}, found {}",
                Self::describe(token)
            ),
            token.span.clone(),
        )
        .with_hint("is a comma missing before this?")
    }

    fn primary(&mut self) -> Result<Expr, ShellError> {
        let token = self.bump();
        let span = token.span.clone();
        let kind = match token.kind {
            TokenKind::Number(n) => ExprKind::Number(n),
            TokenKind::Str(s) => ExprKind::Str(s),
            TokenKind::Ident(name) => match name.as_str() {
                "new" => return self.new_expression(span.start),
                "function" => {
                    if matches!(self.peek().kind, TokenKind::Ident(_)) {
                        self.bump();
                    }
                    let open = self.expect_punct('(', "after 'function'")?;
                    let params = self.parameters(open)?;
                    if !self.is_punct('{') {
                        let token = self.peek().clone();
                        return Err(ShellError::syntax(
                            format!(
                                "expected '{{' to start the function body, found {}",
                                Self::describe(&token)
                            ),
                            token.span,
                        ));
                    }
                    return self.function_body(span.start, params);
                }
                _ if self.peek().kind == TokenKind::Arrow && !RESERVED.contains(&name.as_str()) => {
                    self.bump();
                    return self.function_body(span.start, vec![name]);
                }
                "return" => {
                    return Err(ShellError::syntax("Illegal return statement", span)
                        .with_hint("'return' is valid only inside a function body, such as d => { return d._id }"));
                }
                // An `async` function is a function: its calls finish before they return.
                "async" => {
                    let function = self.primary()?;
                    if !matches!(function.kind, ExprKind::Function(_)) {
                        return Err(not_supported(
                            "'async' before anything but a function",
                            span,
                        ));
                    }
                    return Ok(function);
                }
                "for" | "while" | "if" => {
                    return Err(not_supported(&format!("'{name}'"), span));
                }
                "typeof" => {
                    return Err(not_supported(&format!("the operator '{name}'"), span));
                }
                _ => word_literal(&name).unwrap_or(ExprKind::Ident(name)),
            },
            TokenKind::Punct('{') => return self.object(span),
            TokenKind::Punct('[') => return self.array(span),
            TokenKind::Punct('(') => {
                if self.arrow_parameters_follow() {
                    let params = self.parameters(span.clone())?;
                    self.bump();
                    return self.function_body(span.start, params);
                }
                self.enter(span.clone())?;
                let inner = self.expression()?;
                let close = self.expect_punct(')', "to close the parenthesis")?;
                self.leave();
                return Ok(Expr {
                    kind: inner.kind,
                    span: span.start..close.end,
                });
            }
            TokenKind::Arrow => {
                return Err(
                    ShellError::syntax("'=>' must follow a function's parameters", span).with_hint(
                        "write a function as d => expression, or (a, b) => { statements }",
                    ),
                );
            }
            TokenKind::Operator(op) => return Err(operator_not_supported(op, span, true)),
            TokenKind::Eof => {
                return Err(ShellError::syntax(
                    "unexpected end of input: expected a value",
                    span,
                ))
            }
            other @ TokenKind::Punct(_) => {
                let described = Self::describe(&Token {
                    kind: other,
                    span: span.clone(),
                    newline_before: false,
                });
                return Err(ShellError::syntax(
                    format!("expected a value, found {described}"),
                    span,
                ));
            }
        };
        Ok(Expr { kind, span })
    }

    /// Whether the tokens after a `(` are an arrow function's parameters: `) =>` or
    /// `name, name) =>`.
    fn arrow_parameters_follow(&self) -> bool {
        let mut n = 0;
        loop {
            match &self.peek_at(n).kind {
                TokenKind::Punct(')') => return self.peek_at(n + 1).kind == TokenKind::Arrow,
                TokenKind::Ident(_) => n += 1,
                _ => return false,
            }
            match &self.peek_at(n).kind {
                TokenKind::Punct(',') => n += 1,
                TokenKind::Punct(')') => {}
                _ => return false,
            }
        }
    }

    /// Parameter names up to the closing `)` (the `(` at `open` already read).
    fn parameters(&mut self, open: Span) -> Result<Vec<String>, ShellError> {
        let mut params = Vec::new();
        while !self.eat_punct(')') {
            let token = self.bump();
            match token.kind {
                TokenKind::Ident(name) if !RESERVED.contains(&name.as_str()) => params.push(name),
                _ => {
                    return Err(ShellError::syntax(
                        format!(
                            "expected a parameter name, found {}",
                            Self::describe(&token)
                        ),
                        token.span,
                    ))
                }
            }
            if !self.is_punct(')') {
                self.expect_punct(',', "between parameters")?;
            }
            if self.at_eof() {
                return Err(ShellError::syntax("unclosed '(' of the parameters", open));
            }
        }
        Ok(params)
    }

    /// The statements of a block after its `{`, up to its `}`; `what` names the block in the
    /// message for a missing `}`.
    fn block(&mut self, open: Span, what: &str) -> Result<Vec<Stmt>, ShellError> {
        let mut statements = Vec::new();
        loop {
            while self.eat_punct(';') {}
            if self.eat_punct('}') {
                return Ok(statements);
            }
            if self.at_eof() {
                return Err(ShellError::syntax(format!("unclosed '{{' of {what}"), open));
            }
            let statement = self.statement()?;
            let ends = self.is_punct(';') || self.is_punct('}') || self.peek().newline_before;
            if !ends && !matches!(statement.kind, StmtKind::Try { .. }) {
                self.end_of_statement()?;
            }
            statements.push(statement);
        }
    }

    /// A block that must open here: `{ … }`.
    fn required_block(&mut self, what: &str) -> Result<Vec<Stmt>, ShellError> {
        let open = self.expect_punct('{', &format!("to open {what}"))?;
        self.enter(open.clone())?;
        let block = self.block(open, what);
        self.leave();
        block
    }

    /// `try { … } catch (name) { … } finally { … }`.
    fn try_statement(&mut self) -> Result<StmtKind, ShellError> {
        let keyword = self.bump().span;
        let block = self.required_block("the try block")?;
        let mut catch = None;
        if matches!(&self.peek().kind, TokenKind::Ident(w) if w == "catch") {
            self.bump();
            let mut name = None;
            if self.eat_punct('(') {
                let token = self.bump();
                match token.kind {
                    TokenKind::Ident(n) if !RESERVED.contains(&n.as_str()) => name = Some(n),
                    _ => {
                        return Err(ShellError::syntax(
                            format!(
                                "expected the error's name, found {}",
                                Self::describe(&token)
                            ),
                            token.span,
                        ))
                    }
                }
                self.expect_punct(')', "after the error's name")?;
            }
            catch = Some((name, self.required_block("the catch block")?));
        }
        let mut finally = None;
        if matches!(&self.peek().kind, TokenKind::Ident(w) if w == "finally") {
            self.bump();
            finally = Some(self.required_block("the finally block")?);
        }
        if catch.is_none() && finally.is_none() {
            return Err(ShellError::syntax(
                "missing catch or finally after try",
                keyword,
            ));
        }
        Ok(StmtKind::Try {
            block,
            catch,
            finally,
        })
    }

    /// A function's body after its parameters (and `=>`): a block or one expression.
    fn function_body(&mut self, start: usize, params: Vec<String>) -> Result<Expr, ShellError> {
        let open = self.peek().span.clone();
        self.enter(open.clone())?;
        self.functions += 1;
        let body = if self.eat_punct('{') {
            FunctionBody::Block(self.block(open, "the function body")?)
        } else {
            FunctionBody::Expr(self.expression()?)
        };
        self.functions -= 1;
        self.leave();
        Ok(Expr {
            kind: ExprKind::Function(Rc::new(Function { params, body })),
            span: start..self.prev_end(),
        })
    }

    fn new_expression(&mut self, start: usize) -> Result<Expr, ShellError> {
        let (name, span) = self.identifier("a constructor name after 'new'")?;
        let mut callee = Expr {
            kind: ExprKind::Ident(name),
            span,
        };
        while self.is_punct('.') {
            self.bump();
            let member = self.bump();
            let TokenKind::Ident(m) = member.kind else {
                return Err(ShellError::syntax(
                    "expected a property name after '.'",
                    member.span,
                ));
            };
            let span = callee.span.start..member.span.end;
            callee = Expr {
                kind: ExprKind::Member(Box::new(callee), m, member.span),
                span,
            };
        }
        let (args, end) = if self.is_punct('(') {
            self.arguments()?
        } else {
            (Vec::new(), self.prev_end())
        };
        Ok(Expr {
            kind: ExprKind::New(Box::new(callee), args),
            span: start..end,
        })
    }

    fn object(&mut self, open: Span) -> Result<Expr, ShellError> {
        self.enter(open.clone())?;
        let mut fields: Vec<(String, Expr)> = Vec::new();
        while !self.is_punct('}') {
            let key_token = self.bump();
            let key = match key_token.kind {
                TokenKind::Ident(name) => name,
                TokenKind::Str(s) => s,
                TokenKind::Number(n) => format_number_key(n),
                TokenKind::Operator(op) => {
                    return Err(operator_not_supported(op, key_token.span, true))
                }
                TokenKind::Eof => {
                    return Err(ShellError::syntax(
                        "unclosed '{': expected '}' before the end of input",
                        open,
                    )
                    .with_hint("add the missing '}'"));
                }
                other => {
                    let described = Self::describe(&Token {
                        kind: other,
                        span: key_token.span.clone(),
                        newline_before: false,
                    });
                    return Err(ShellError::syntax(
                        format!("expected a field name, found {described}"),
                        key_token.span,
                    ));
                }
            };
            if !self.is_punct(':') {
                let token = self.peek().clone();
                // `{ a }` shorthand is JavaScript; support it as in mongosh.
                if matches!(token.kind, TokenKind::Punct(',' | '}')) {
                    let value = Expr {
                        kind: ExprKind::Ident(key.clone()),
                        span: key_token.span.clone(),
                    };
                    push_field(&mut fields, key, value);
                    if !self.eat_punct(',') && !self.is_punct('}') {
                        return Err(Self::missing_separator(&token, '}', "fields", &open));
                    }
                    continue;
                }
                return Err(ShellError::syntax(
                    format!(
                        "expected ':' after the field name '{key}', found {}",
                        Self::describe(&token)
                    ),
                    token.span,
                ));
            }
            self.bump();
            let value = self.expression()?;
            push_field(&mut fields, key, value);
            if !self.eat_punct(',') && !self.is_punct('}') {
                let token = self.peek().clone();
                return Err(Self::missing_separator(&token, '}', "fields", &open));
            }
        }
        let close = self.bump();
        self.leave();
        Ok(Expr {
            kind: ExprKind::Object(fields),
            span: open.start..close.span.end,
        })
    }

    fn array(&mut self, open: Span) -> Result<Expr, ShellError> {
        self.enter(open.clone())?;
        let mut items = Vec::new();
        while !self.is_punct(']') {
            if self.at_eof() {
                return Err(ShellError::syntax(
                    "unclosed '[': expected ']' before the end of input",
                    open,
                )
                .with_hint("add the missing ']'"));
            }
            items.push(self.expression()?);
            if !self.eat_punct(',') && !self.is_punct(']') {
                let token = self.peek().clone();
                return Err(Self::missing_separator(&token, ']', "elements", &open));
            }
        }
        let close = self.bump();
        self.leave();
        Ok(Expr {
            kind: ExprKind::Array(items),
            span: open.start..close.span.end,
        })
    }
}

/// A construct of JavaScript the shell does not run, named and positioned.
fn not_supported(what: &str, span: Span) -> ShellError {
    ShellError::syntax(format!("{what} is not supported by Session Lab's shell"), span).with_hint(
        "the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ===",
    )
}

/// The error for an operator where the parser expected a separator or the end of a statement
/// (`1 + 2`, `x * 2`, `a === b`, `i++`); `None` for a token that is not an operator. `+` and `-`
/// are punctuation (a sign before a value) and operators only between values.
fn unsupported_operator(token: &Token) -> Option<ShellError> {
    match token.kind {
        TokenKind::Operator(op) => Some(operator_not_supported(op, token.span.clone(), false)),
        TokenKind::Punct(sign @ ('+' | '-')) => Some(not_supported(
            &format!("the operator '{sign}'"),
            token.span.clone(),
        )),
        TokenKind::Ident(ref word) if matches!(word.as_str(), "instanceof" | "in") => Some(
            not_supported(&format!("the operator '{word}'"), token.span.clone()),
        ),
        _ => None,
    }
}

/// [`not_supported`] for an operator token, named as a reader of JavaScript would name it
/// (`value_expected`: where a value starts, as in `~x`, `/re/`, a template literal, a spread).
fn operator_not_supported(op: &str, span: Span, value_expected: bool) -> ShellError {
    let regex = op == "/" && value_expected;
    let what = match op {
        "`" => "a template literal (`…`)".to_owned(),
        "..." => "the spread syntax ('...')".to_owned(),
        _ if regex => "a regular expression literal (/…/)".to_owned(),
        op => format!("the operator '{op}'"),
    };
    let error = not_supported(&what, span);
    if regex {
        // Mostly a filter pasted from mongosh (`{ name: /^a/ }`): say what filters take.
        return error.with_hint("Session Lab's filters have no regular expressions ($regex): match the whole value, { name: \"ann\" }, or a prefix as a range, { name: { $gte: \"a\", $lt: \"b\" } }");
    }
    error
}

/// JavaScript object semantics: a repeated key keeps its first position and takes the last
/// value (so a duplicate field can never reach the server from the shell).
fn push_field(fields: &mut Vec<(String, Expr)>, key: String, value: Expr) {
    if let Some(existing) = fields.iter_mut().find(|(k, _)| *k == key) {
        existing.1 = value;
    } else {
        fields.push((key, value));
    }
}

/// A number used as an object key becomes `String(n)` in JavaScript (`{ 1e21: 1 }` has the
/// key `1e+21`).
fn format_number_key(n: f64) -> String {
    crate::decimal::javascript_text(n)
}
