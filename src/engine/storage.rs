//! Simple in-memory collections: enough documents to open cursors and see writes. Filters are
//! [`super::filter`]'s, projections [`super::projection`]'s, updates [`super::update`]'s.

pub use super::filter::Filter;
pub use super::projection::Projection;
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
