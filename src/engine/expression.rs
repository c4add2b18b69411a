//! Aggregation expressions, the values that `$addFields`, `$group`, `$replaceRoot` and computed
//! `$project` fields evaluate for each document (`src/mongo/db/pipeline/expression.cpp`): field
//! paths (`"$user.name"`), `$$ROOT`/`$$CURRENT`/`$$REMOVE`, literals, objects and arrays of
//! expressions, and a small set of operators. An unknown operator is refused at parse time as
//! the server refuses it (`InvalidPipelineOperator`, 168).

use super::bson_text::{document_to_server_string, type_name};
use super::error::{ErrorCode, ServerError, ServerResult};
use super::order::compare_values;
use super::values::{as_f64, lookup, truthy};
use crate::first_use::Slot;
use bson::{Bson, Document};
use std::cmp::Ordering;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A value as written (or `$literal`).
    Constant(Bson),
    /// `"$a.b"`: a field of the current document.
    Path(String),
    /// `$$ROOT` / `$$CURRENT`: the whole document.
    Root,
    /// `$$REMOVE`: no value, so the field is left out.
    Remove,
    /// `{ k: expr, … }`.
    Object(Vec<(String, Expr)>),
    /// `[expr, …]`.
    Array(Vec<Expr>),
    /// `{ $op: [args] }`.
    Operator(&'static str, Vec<Expr>),
}

/// What reads and evaluates expressions. The browser's build fetches it with the commands part
/// (`crate::commands::on_demand` installs it here): `find`'s projection, in the first load,
/// reaches it through [`parse`] and [`evaluate`] only when it computes a field.
pub(crate) struct Expressions {
    /// [`Expr::parse`].
    pub parse: fn(&Bson) -> ServerResult<Expr>,
    /// [`Expr::value_for`].
    pub value_for: fn(&Expr, &Document) -> ServerResult<Option<Bson>>,
}

/// The code that reads and evaluates them.
pub(crate) const EXPRESSIONS: Expressions = Expressions {
    parse: Expr::parse,
    value_for: Expr::value_for,
};

thread_local! {
    static INSTALLED: Slot<Expressions> = const { Slot::new(&EXPRESSIONS) };
}

/// Makes the code available, or (`None`) takes it away again.
pub(crate) fn install(code: Option<&'static Expressions>) {
    INSTALLED.with(|slot| slot.set(code));
}

/// Whether the code is here.
pub(crate) fn is_installed() -> bool {
    INSTALLED.with(Slot::get).is_some()
}

/// The code, or the error of a command that needs it before it is here (whoever runs the
/// command marks the deployment: [`is_installed`]).
fn installed() -> ServerResult<&'static Expressions> {
    INSTALLED.with(Slot::get).ok_or_else(|| {
        ServerError::new(
            ErrorCode::InternalError,
            "the code of aggregation expressions is still loading: run it again in a moment",
        )
    })
}

/// [`Expr::parse`], once its code is here.
///
/// # Errors
/// [`Expr::parse`]'s, or `InternalError` while its code is still to fetch.
pub fn parse(value: &Bson) -> ServerResult<Expr> {
    (installed()?.parse)(value)
}

/// [`Expr::value_for`], once its code is here.
///
/// # Errors
/// [`Expr::value_for`]'s, or `InternalError` while its code is still to fetch.
pub fn evaluate(expr: &Expr, doc: &Document) -> ServerResult<Option<Bson>> {
    (installed()?.value_for)(expr, doc)
}

/// The operators Session Lab evaluates, with how many arguments each takes (`None`: any).
const OPERATORS: &[(&str, Option<usize>)] = &[
    ("$add", None),
    ("$subtract", Some(2)),
    ("$multiply", None),
    ("$concat", None),
    ("$size", Some(1)),
    ("$ifNull", None),
    ("$cond", Some(3)),
    ("$eq", Some(2)),
    ("$ne", Some(2)),
    ("$gt", Some(2)),
    ("$gte", Some(2)),
    ("$lt", Some(2)),
    ("$lte", Some(2)),
    ("$and", None),
    ("$or", None),
    ("$not", Some(1)),
];

/// The names of the operators Session Lab evaluates, `$literal` first.
pub fn operator_names() -> impl Iterator<Item = &'static str> {
    std::iter::once("$literal").chain(OPERATORS.iter().map(|(name, _)| *name))
}

impl Expr {
    /// Reads an expression.
    pub fn parse(value: &Bson) -> ServerResult<Self> {
        Ok(match value {
            Bson::String(s) if s.starts_with("$$") => match &s[2..] {
                "ROOT" | "CURRENT" => Self::Root,
                "REMOVE" => Self::Remove,
                name => {
                    let name = name.split('.').next().unwrap_or(name);
                    return Err(ServerError::new(
                        ErrorCode::Location(17276),
                        format!("Use of undefined variable: {name}"),
                    ));
                }
            },
            Bson::String(s) if s.starts_with('$') => {
                let path = &s[1..];
                if path.is_empty() {
                    return Err(ServerError::new(
                        ErrorCode::Location(16872),
                        "'$' by itself is not a valid FieldPath",
                    ));
                }
                if path.split('.').any(str::is_empty) {
                    return Err(ServerError::new(
                        ErrorCode::Location(15998),
                        "FieldPath field names may not be empty strings.",
                    ));
                }
                Self::Path(path.to_owned())
            }
            Bson::Array(items) => {
                Self::Array(items.iter().map(Self::parse).collect::<ServerResult<_>>()?)
            }
            Bson::Document(d) => Self::parse_object(d)?,
            other => Self::Constant(other.clone()),
        })
    }

    fn parse_object(d: &Document) -> ServerResult<Self> {
        let Some((first, arg)) = d.iter().next() else {
            return Ok(Self::Object(Vec::new()));
        };
        if !first.starts_with('$') {
            return Ok(Self::Object(
                d.iter()
                    .map(|(k, v)| Ok((k.clone(), Self::parse(v)?)))
                    .collect::<ServerResult<_>>()?,
            ));
        }
        if d.len() > 1 {
            return Err(ServerError::new(
                ErrorCode::Location(15983),
                format!(
                    "An object representing an expression must have exactly one field: {}",
                    document_to_server_string(d)
                ),
            ));
        }
        if first == "$literal" {
            return Ok(Self::Constant(arg.clone()));
        }
        let Some(&(name, arity)) = OPERATORS.iter().find(|(n, _)| n == first) else {
            return Err(ServerError::new(
                ErrorCode::InvalidPipelineOperator,
                format!("Unrecognized expression '{first}'"),
            ));
        };
        let args = match (name, arg) {
            ("$cond", Bson::Document(c)) => ["if", "then", "else"]
                .iter()
                .map(|k| {
                    c.get(*k)
                        .map_or(Ok(Self::Constant(Bson::Null)), Self::parse)
                })
                .collect::<ServerResult<_>>()?,
            (_, Bson::Array(items)) => {
                items.iter().map(Self::parse).collect::<ServerResult<_>>()?
            }
            _ => vec![Self::parse(arg)?],
        };
        if let Some(n) = arity.filter(|n| *n != args.len()) {
            return Err(ServerError::new(
                ErrorCode::Location(16020),
                format!(
                    "Expression {name} takes exactly {n} arguments. {} were passed in.",
                    args.len()
                ),
            ));
        }
        Ok(Self::Operator(name, args))
    }

    /// Whether this is a plain inclusion or exclusion value in a projection (a number or a
    /// boolean) rather than an expression.
    pub fn is_flag(value: &Bson) -> bool {
        as_f64(value).is_some() || matches!(value, Bson::Boolean(_))
    }

    /// The value for `doc`, or `None` when it is missing.
    pub fn value_for(&self, doc: &Document) -> ServerResult<Option<Bson>> {
        Ok(match self {
            Self::Constant(v) => Some(v.clone()),
            Self::Path(path) => lookup(doc, path).cloned(),
            Self::Root => Some(Bson::Document(doc.clone())),
            Self::Remove => None,
            Self::Object(fields) => {
                let mut out = Document::new();
                for (k, e) in fields {
                    if let Some(v) = e.value_for(doc)? {
                        out.insert(k.clone(), v);
                    }
                }
                Some(Bson::Document(out))
            }
            Self::Array(items) => Some(Bson::Array(
                items
                    .iter()
                    .map(|e| Ok(e.value_for(doc)?.unwrap_or(Bson::Null)))
                    .collect::<ServerResult<_>>()?,
            )),
            Self::Operator(name, args) => {
                let values = args
                    .iter()
                    .map(|e| e.value_for(doc))
                    .collect::<ServerResult<Vec<_>>>()?;
                Some(operate(name, values)?)
            }
        })
    }
}

/// The type name a message gives a value, `missing` for none.
fn type_of(value: Option<&Bson>) -> &'static str {
    value.map_or("missing", type_name)
}

fn operate(name: &str, values: Vec<Option<Bson>>) -> ServerResult<Bson> {
    let nullish = |v: &Option<Bson>| matches!(v, None | Some(Bson::Null | Bson::Undefined));
    let compare = |values: &[Option<Bson>]| {
        compare_values(
            values[0].as_ref().unwrap_or(&Bson::Null),
            values[1].as_ref().unwrap_or(&Bson::Null),
        )
    };
    Ok(match name {
        "$add" | "$multiply" | "$subtract" => {
            if values.iter().any(nullish) {
                return Ok(Bson::Null);
            }
            let mut total: Option<Bson> = None;
            for v in values.into_iter().flatten() {
                let Some(x) = as_f64(&v) else {
                    return Err(ServerError::new(
                        ErrorCode::Location(if name == "$multiply" { 16555 } else { 16554 }),
                        format!("{name} only supports numeric types, not {}", type_name(&v)),
                    ));
                };
                total = Some(match total {
                    None => v,
                    Some(t) => arithmetic(name, &t, &v, x),
                });
            }
            total.unwrap_or(Bson::Int32(i32::from(name == "$multiply")))
        }
        "$concat" => {
            let mut out = String::new();
            for v in &values {
                match v {
                    _ if nullish(v) => return Ok(Bson::Null),
                    Some(Bson::String(s)) => out.push_str(s),
                    other => {
                        return Err(ServerError::new(
                            ErrorCode::Location(16702),
                            format!(
                                "$concat only supports strings, not {}",
                                type_of(other.as_ref())
                            ),
                        ))
                    }
                }
            }
            Bson::String(out)
        }
        "$size" => match &values[0] {
            Some(Bson::Array(a)) => Bson::Int32(i32::try_from(a.len()).unwrap_or(i32::MAX)),
            other => {
                return Err(ServerError::new(
                    ErrorCode::Location(17124),
                    format!(
                        "The argument to $size must be an array. Type of argument: {}",
                        type_of(other.as_ref())
                    ),
                ))
            }
        },
        "$ifNull" => values
            .iter()
            .find(|v| !nullish(v))
            .cloned()
            .flatten()
            .or_else(|| values.last().cloned().flatten())
            .unwrap_or(Bson::Null),
        "$cond" => {
            let pick = if values[0].as_ref().is_some_and(truthy) {
                1
            } else {
                2
            };
            values[pick].clone().unwrap_or(Bson::Null)
        }
        "$eq" => Bson::Boolean(compare(&values).is_eq()),
        "$ne" => Bson::Boolean(compare(&values).is_ne()),
        "$gt" => Bson::Boolean(compare(&values) == Ordering::Greater),
        "$gte" => Bson::Boolean(compare(&values) != Ordering::Less),
        "$lt" => Bson::Boolean(compare(&values) == Ordering::Less),
        "$lte" => Bson::Boolean(compare(&values) != Ordering::Greater),
        "$and" => Bson::Boolean(values.iter().all(|v| v.as_ref().is_some_and(truthy))),
        "$or" => Bson::Boolean(values.iter().any(|v| v.as_ref().is_some_and(truthy))),
        // `$not`, the last of [`OPERATORS`].
        _ => Bson::Boolean(!values[0].as_ref().is_some_and(truthy)),
    })
}

/// `a + b` as `$add` and `$sum` add: an int while it fits, then a long, then a double.
pub(crate) fn add(a: &Bson, b: &Bson) -> Bson {
    arithmetic("$add", a, b, as_f64(b).unwrap_or(0.0))
}

/// `t op v` keeping integers while they fit, as the server does.
fn arithmetic(name: &str, total: &Bson, value: &Bson, number: f64) -> Bson {
    let integers = match (total, value) {
        (Bson::Int32(l), Bson::Int32(r)) => Some((i64::from(*l), i64::from(*r), true)),
        (Bson::Int32(l), Bson::Int64(r)) => Some((i64::from(*l), *r, false)),
        (Bson::Int64(l), Bson::Int32(r)) => Some((*l, i64::from(*r), false)),
        (Bson::Int64(l), Bson::Int64(r)) => Some((*l, *r, false)),
        _ => None,
    };
    if let Some((left, right, both_int)) = integers {
        let result = match name {
            "$add" => left.checked_add(right),
            "$subtract" => left.checked_sub(right),
            _ => left.checked_mul(right),
        };
        if let Some(result) = result {
            return match i32::try_from(result) {
                Ok(small) if both_int => Bson::Int32(small),
                _ => Bson::Int64(result),
            };
        }
    }
    let left = as_f64(total).unwrap_or(0.0);
    Bson::Double(match name {
        "$add" => left + number,
        "$subtract" => left - number,
        _ => left * number,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bson::doc;

    fn value_of(expr: Bson, doc: &Document) -> ServerResult<Option<Bson>> {
        Expr::parse(&expr)?.value_for(doc)
    }

    /// The names the hint for an unknown operator lists are the ones the evaluator reads.
    #[test]
    fn the_operator_names_are_the_operators_read() {
        for name in operator_names() {
            let parsed = Expr::parse(&Bson::Document(doc! { name: [1, 2] }));
            assert!(
                parsed
                    .as_ref()
                    .map_or_else(|e| e.code != ErrorCode::InvalidPipelineOperator, |_| true),
                "{name}: {parsed:?}"
            );
        }
        let unknown = Expr::parse(&Bson::Document(doc! { "$toUpper": "x" })).unwrap_err();
        assert_eq!(unknown.code, ErrorCode::InvalidPipelineOperator);
    }

    #[test]
    fn paths_operators_and_missing_values() {
        let d = doc! { "a": { "b": 2 }, "s": "x", "arr": [1, 2, 3] };
        assert_eq!(
            value_of(Bson::String("$a.b".into()), &d),
            Ok(Some(Bson::Int32(2)))
        );
        assert_eq!(value_of(Bson::String("$nope".into()), &d), Ok(None));
        assert_eq!(
            value_of(Bson::Document(doc! { "$add": ["$a.b", 3] }), &d),
            Ok(Some(Bson::Int32(5)))
        );
        assert_eq!(
            value_of(Bson::Document(doc! { "$size": "$arr" }), &d),
            Ok(Some(Bson::Int32(3)))
        );
        assert_eq!(
            value_of(Bson::Document(doc! { "$concat": ["$s", "-", "$nope"] }), &d),
            Ok(Some(Bson::Null))
        );
        assert_eq!(
            value_of(
                Bson::Document(doc! { "$cond": [{ "$gt": ["$a.b", 1] }, "big", "small"] }),
                &d
            ),
            Ok(Some(Bson::String("big".into())))
        );
    }

    #[test]
    fn refusals_carry_the_servers_codes() {
        let d = doc! {};
        let code = |e: Bson| value_of(e, &d).unwrap_err().code.code();
        assert_eq!(code(Bson::Document(doc! { "$nosuch": 1 })), 168);
        assert_eq!(code(Bson::Document(doc! { "$add": 1, "x": 2 })), 15983);
        assert_eq!(code(Bson::String("$".into())), 16872);
        assert_eq!(code(Bson::String("$$nope".into())), 17276);
        assert_eq!(code(Bson::Document(doc! { "$size": [1, 2] })), 16020);
        assert_eq!(code(Bson::Document(doc! { "$size": "$x" })), 17124);
    }
}
