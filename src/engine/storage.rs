//! Simple in-memory collections: enough documents to open cursors and see writes. Filters are
//! [`super::filter`]'s, updates [`super::update`]'s.

use super::error::{ErrorCode, ServerError, ServerResult};
use super::expression::Expr;
pub use super::filter::Filter;
pub(crate) use super::values::lookup;
pub use super::values::{as_f64, truthy};
use crate::collections::Map;
use bson::{Bson, Document};
use std::rc::Rc;

/// A namespace `db.collection`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Namespace {
    /// Database name.
    pub db: String,
    /// Collection name.
    pub coll: String,
}

impl Namespace {
    /// `db.coll`.
    pub fn new(db: &str, coll: &str) -> Self {
        Self {
            db: db.to_owned(),
            coll: coll.to_owned(),
        }
    }

    /// The full name.
    pub fn full(&self) -> String {
        format!("{}.{}", self.db, self.coll)
    }
}

/// All user collections of the deployment, in namespace order. A collection is shared between
/// timeline snapshots (`Rc`) until a write changes it, so a step copies only what it writes.
pub type Collections = Map<Namespace, Rc<Vec<Document>>>;

/// The identity of a document under the `_id` index: its `_id` value's BSON bytes (the type
/// included, as the collection's uniqueness check always compared it).
pub fn id_key(doc: &Document) -> Vec<u8> {
    // `to_vec`, the encoder the app already carries (another writer type would be a second
    // copy of it in the WebAssembly); encoding to memory cannot fail.
    doc.get("_id")
        .and_then(|id| bson::doc! { "": id.clone() }.to_vec().ok())
        .unwrap_or_default()
}

/// The `_id` keys of documents with their positions, to check many inserts at once without a
/// scan per document. (One map type for every `_id` look-up: each generic instance costs
/// kilobytes of WebAssembly.)
pub fn id_index(docs: &[Document]) -> Map<Vec<u8>, usize> {
    docs.iter()
        .enumerate()
        .map(|(i, d)| (id_key(d), i))
        .collect()
}

/// Applies what a transaction changed in its copy of a collection (relative to the copy it
/// started from, `base`) to the collection as it is now: documents it deleted are removed,
/// documents it inserted or changed are written, and everything else, including writes that
/// others committed meanwhile, stays as it is.
pub fn merge_transaction_writes(
    current: &mut Vec<Document>,
    base: &[Document],
    txn: Vec<Document>,
) {
    let before = id_index(base);
    let kept = id_index(&txn);
    current.retain(|d| {
        let key = id_key(d);
        !before.contains_key(&key) || kept.contains_key(&key)
    });
    let mut position = id_index(current);
    for doc in txn {
        let key = id_key(&doc);
        if before.get(&key).is_some_and(|&i| base[i] == doc) {
            continue;
        }
        if let Some(&i) = position.get(&key) {
            current[i] = doc;
        } else {
            position.insert(key, current.len());
            current.push(doc);
        }
    }
}

/// A parsed projection (`find`'s `projection`, `$project`): the fields to keep, or the
/// fields to drop; dotted paths reach into embedded documents, and `_id` stays unless `_id: 0`
/// (`{ _id: 1 }` alone keeps only `_id`).
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    keep: bool,
    paths: Vec<String>,
    with_id: bool,
    /// Fields computed by expressions (`{ user: "$user.name" }`), in an inclusion projection.
    computed: Vec<(String, Expr)>,
}

impl Projection {
    /// Reads a projection, refusing one that both keeps and drops fields (other than `_id`) as
    /// the server does.
    pub fn parse(spec: &Document) -> ServerResult<Self> {
        let with_id = spec.get("_id").is_none_or(truthy);
        let mut keep: Option<bool> = None;
        let mut paths = Vec::new();
        let mut computed = Vec::new();
        for (field, value) in spec {
            if !Expr::is_flag(value) {
                if keep == Some(false) {
                    return Err(ServerError::new(
                        ErrorCode::Location(31310),
                        "Cannot use expression other than $meta in exclusion projection",
                    ));
                }
                keep = Some(true);
                computed.push((field.clone(), Expr::parse(value)?));
                continue;
            }
            if field == "_id" {
                continue;
            }
            let this = truthy(value);
            match keep {
                Some(k) if k != this => {
                    let (code, message) = if k {
                        (
                            ErrorCode::Location(31254),
                            format!("Cannot do exclusion on field {field} in inclusion projection"),
                        )
                    } else {
                        (
                            ErrorCode::Location(31253),
                            format!("Cannot do inclusion on field {field} in exclusion projection"),
                        )
                    };
                    return Err(ServerError::new(code, message));
                }
                _ => keep = Some(this),
            }
            paths.push(field.clone());
        }
        // Only `_id` named (or nothing): `{ _id: 1 }` keeps `_id` alone, `{ _id: 0 }` and `{}`
        // drop what they name (the server's `computeProjectionType`).
        let id_included = spec
            .get("_id")
            .is_some_and(|id| Expr::is_flag(id) && truthy(id));
        Ok(Self {
            keep: keep.unwrap_or(id_included),
            paths,
            with_id: with_id && !computed.iter().any(|(f, _)| f == "_id"),
            computed,
        })
    }

    /// The projected document, in the document's own field order, computed fields last.
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
                let mut with_id = Document::new();
                with_id.insert("_id", id.clone());
                with_id.extend(out);
                out = with_id;
            }
            _ => {}
        }
        for (field, expr) in &self.computed {
            if let Some(value) = expr.value_for(doc)? {
                out.insert(field.clone(), value);
            }
        }
        Ok(out)
    }
}

/// The fields of `doc` named by `paths`, and the parts of embedded documents their dotted
/// paths name.
fn keep_paths(doc: &Document, paths: &[&str]) -> Document {
    let mut out = Document::new();
    for (field, value) in doc {
        if paths.contains(&field.as_str()) {
            out.insert(field.clone(), value.clone());
            continue;
        }
        let inner = inner_paths(paths, field);
        if let (false, Bson::Document(embedded)) = (inner.is_empty(), value) {
            out.insert(field.clone(), keep_paths(embedded, &inner));
        }
    }
    out
}

/// `doc` without the fields `paths` name.
fn drop_paths(doc: &Document, paths: &[&str]) -> Document {
    let mut out = Document::new();
    for (field, value) in doc {
        if paths.contains(&field.as_str()) {
            continue;
        }
        let inner = inner_paths(paths, field);
        match value {
            Bson::Document(embedded) if !inner.is_empty() => {
                out.insert(field.clone(), drop_paths(embedded, &inner));
            }
            _ => {
                out.insert(field.clone(), value.clone());
            }
        }
    }
    out
}

/// The rest of each dotted path that starts with `field.`.
fn inner_paths<'a>(paths: &[&'a str], field: &str) -> Vec<&'a str> {
    paths
        .iter()
        .filter_map(|path| path.strip_prefix(field)?.strip_prefix('.'))
        .collect()
}

/// How many values `value` holds, itself included (every document, array and element),
/// counted only up to `cap` so that sizing a huge value costs no more than the cap.
pub fn node_count(value: &Bson, cap: usize) -> usize {
    match value {
        Bson::Document(doc) => document_node_count(doc, cap),
        Bson::Array(items) => container_node_count(items.iter(), cap),
        _ => 1,
    }
}

/// [`node_count`] of a document.
pub fn document_node_count(doc: &Document, cap: usize) -> usize {
    container_node_count(doc.values(), cap)
}

/// A container and its children, up to `cap`.
fn container_node_count<'a>(children: impl Iterator<Item = &'a Bson>, cap: usize) -> usize {
    let mut nodes = 1;
    for child in children {
        if nodes >= cap {
            break;
        }
        nodes += node_count(child, cap - nodes);
    }
    nodes.min(cap)
}
