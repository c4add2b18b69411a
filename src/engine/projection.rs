//! Projections (`find`'s `projection`, `findAndModify`'s `fields`, `$project`, `$unset`) as the
//! server's projection parser reads them (`projection_ast`, `projection_parser.cpp`) and its
//! executor applies them: fields kept or dropped at dotted paths, a sub-object that is no
//! expression read as the paths under its field (`{ a: { b: 1 } }` is `{ "a.b": 1 }`), two
//! paths of which one is the other or leads through it refused (`Path collision at …`), and a
//! path walked through arrays into each of their documents (an inclusion drops the other
//! elements, an exclusion keeps them). `_id` stays unless `_id: 0`; `{ _id: 1 }` alone keeps
//! only `_id`. Computed fields (`{ user: "$user.name" }`) make an inclusion projection; their
//! expressions' code is fetched on first use in the browser ([`super::expression::parse`]).

use super::bson_text::value_to_server_string;
use super::error::{ErrorCode, ServerError, ServerResult};
use super::expression::{self, Expr};
use super::values::{set_path, truthy, with_id_first};
use bson::{Bson, Document};

/// A parsed projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    keep: bool,
    paths: Vec<String>,
    with_id: bool,
    /// Fields computed by expressions, in an inclusion projection.
    computed: Vec<(String, Expr)>,
}

/// What the parser has read so far.
#[derive(Default)]
struct Parsed {
    /// Whether it is an inclusion (`Some(true)`) or an exclusion projection, once a field says.
    keep: Option<bool>,
    /// Every path named, `_id` and computed fields included, for the collision check.
    named: Vec<String>,
    /// The paths kept or dropped.
    paths: Vec<String>,
    computed: Vec<(String, Expr)>,
    /// `_id: 1` at the top (`Some(true)`) or `_id: 0`.
    id: Option<bool>,
}

fn location(code: u32, message: String) -> ServerError {
    ServerError::new(ErrorCode::Location(code), message)
}

impl Parsed {
    /// Reads the fields of `spec`, at `prefix` (`""` at the top, `"a."` in `{ a: { … } }`).
    fn read(&mut self, spec: &Document, prefix: &str) -> ServerResult<()> {
        for (field, value) in spec {
            let path = format!("{prefix}{field}");
            let top_level_id = prefix.is_empty() && field == "_id";
            match value {
                Bson::Document(sub) if sub.is_empty() => {
                    return Err(location(
                        51270,
                        format!("Invalid empty sub-projection: {field}"),
                    ));
                }
                Bson::Document(sub)
                    if sub.len() == 1 && sub.keys().next().is_some_and(|k| k.starts_with('$')) =>
                {
                    if self.keep == Some(false) {
                        return Err(location(
                            31252,
                            "Cannot use expression other than $meta in exclusion projection"
                                .to_owned(),
                        ));
                    }
                    let expr = expression::parse(value)?;
                    self.add(path.clone())?;
                    self.keep = Some(true);
                    self.computed.push((path, expr));
                }
                Bson::Document(sub) => self.read(sub, &format!("{path}."))?,
                flag if Expr::is_flag(flag) => {
                    let include = truthy(flag);
                    self.add(path.clone())?;
                    if top_level_id {
                        self.id = Some(include);
                        continue;
                    }
                    match self.keep {
                        Some(true) if !include => {
                            return Err(location(
                                31254,
                                format!(
                                    "Cannot do exclusion on field {field} in inclusion projection"
                                ),
                            ))
                        }
                        Some(false) if include => {
                            return Err(location(
                                31253,
                                format!(
                                    "Cannot do inclusion on field {field} in exclusion projection"
                                ),
                            ))
                        }
                        _ => self.keep = Some(include),
                    }
                    self.paths.push(path);
                }
                literal => {
                    let expr = expression::parse(literal)?;
                    self.add(path.clone())?;
                    if self.keep == Some(false) {
                        return Err(location(
                            31310,
                            format!(
                                "Cannot use an expression {field}: {} in an exclusion projection",
                                value_to_server_string(literal)
                            ),
                        ));
                    }
                    self.keep = Some(true);
                    self.computed.push((path, expr));
                }
            }
        }
        Ok(())
    }

    /// `addNodeAtPath`: a path that is another, or leads to one, collides at itself
    /// (31250); one that leads through another collides there (31249).
    fn add(&mut self, path: String) -> ServerResult<()> {
        let under = |a: &str, b: &str| b.strip_prefix(a).is_some_and(|rest| rest.starts_with('.'));
        for earlier in &self.named {
            if *earlier == path || under(&path, earlier) {
                return Err(location(31250, format!("Path collision at {path}")));
            }
            if under(earlier, &path) {
                let remaining = path.split_once('.').map_or("", |(_, rest)| rest);
                return Err(location(
                    31249,
                    format!("Path collision at {path} remaining portion {remaining}"),
                ));
            }
        }
        self.named.push(path);
        Ok(())
    }
}

impl Projection {
    /// Reads a projection as the server's parser does.
    ///
    /// # Errors
    /// The parser's refusals: a projection that both keeps and drops fields (other than
    /// `_id`), an expression in an exclusion, an empty sub-projection, colliding paths, an
    /// expression Session Lab does not know.
    pub fn parse(spec: &Document) -> ServerResult<Self> {
        let mut parsed = Parsed::default();
        parsed.read(spec, "")?;
        // Only `_id` named (or nothing): `{ _id: 1 }` keeps `_id` alone, `{ _id: 0 }` and `{}`
        // drop what they name (the server's `computeProjectionType`).
        Ok(Self {
            keep: parsed.keep.unwrap_or(parsed.id == Some(true)),
            paths: parsed.paths,
            with_id: parsed.id != Some(false)
                && !parsed.computed.iter().any(|(field, _)| field == "_id"),
            computed: parsed.computed,
        })
    }

    /// The projected document, in the document's own field order, computed fields last.
    ///
    /// # Errors
    /// An error a computed field's expression meets.
    pub fn apply(&self, doc: &Document) -> ServerResult<Document> {
        let paths: Vec<&str> = self.paths.iter().map(String::as_str).collect();
        let mut out = if self.keep {
            keep_paths(doc, &paths)
        } else {
            drop_paths(doc, &paths)
        };
        match (self.with_id, doc.get("_id")) {
            (false, _) => {
                out.remove("_id");
            }
            (true, Some(id)) if self.keep && !out.contains_key("_id") => {
                out = with_id_first(id.clone(), out);
            }
            _ => {}
        }
        for (field, expr) in &self.computed {
            if let Some(value) = expression::evaluate(expr, doc)? {
                set_path(&mut out, field, value);
            }
        }
        Ok(out)
    }
}

/// The fields of `doc` named by `paths`, and the parts of embedded documents their dotted
/// paths name (in an array, of each document in it; its other elements are dropped).
fn keep_paths(doc: &Document, paths: &[&str]) -> Document {
    let mut out = Document::new();
    for (field, value) in doc {
        if paths.contains(&field.as_str()) {
            out.insert(field.clone(), value.clone());
            continue;
        }
        let inner = inner_paths(paths, field);
        if inner.is_empty() {
            continue;
        }
        if let Some(kept) = keep_in(value, &inner) {
            out.insert(field.clone(), kept);
        }
    }
    out
}

/// What an inclusion keeps of a value under a path that goes on: a document's fields, an
/// array's documents and arrays (each projected), nothing of anything else.
fn keep_in(value: &Bson, inner: &[&str]) -> Option<Bson> {
    match value {
        Bson::Document(embedded) => Some(Bson::Document(keep_paths(embedded, inner))),
        Bson::Array(items) => Some(Bson::Array(
            items
                .iter()
                .filter_map(|item| keep_in(item, inner))
                .collect(),
        )),
        _ => None,
    }
}

/// `doc` without the fields `paths` name (in an array, in each document in it).
fn drop_paths(doc: &Document, paths: &[&str]) -> Document {
    let mut out = Document::new();
    for (field, value) in doc {
        if paths.contains(&field.as_str()) {
            continue;
        }
        let inner = inner_paths(paths, field);
        let kept = if inner.is_empty() {
            value.clone()
        } else {
            drop_in(value, &inner)
        };
        out.insert(field.clone(), kept);
    }
    out
}

/// What an exclusion leaves of a value under a path that goes on.
fn drop_in(value: &Bson, inner: &[&str]) -> Bson {
    match value {
        Bson::Document(embedded) => Bson::Document(drop_paths(embedded, inner)),
        Bson::Array(items) => Bson::Array(items.iter().map(|item| drop_in(item, inner)).collect()),
        other => other.clone(),
    }
}

/// The rest of each dotted path that starts with `field.`.
fn inner_paths<'a>(paths: &[&'a str], field: &str) -> Vec<&'a str> {
    paths
        .iter()
        .filter_map(|path| path.strip_prefix(field)?.strip_prefix('.'))
        .collect()
}
