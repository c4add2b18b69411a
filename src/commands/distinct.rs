//! `distinct` (`distinct.cpp`): the distinct values of a field among the documents matching
//! `query`, elements of arrays counted one by one and a dotted path followed through arrays as a
//! filter follows it (`"items.sku"`), in BSON's canonical order (the server collects them in an
//! ordered set), as `{ values: [...], ok: 1 }`.

use super::crud::{collection_name, may_find, read};
use super::{idl, CommandSpec, Invocation, Reply};
use crate::engine::error::ServerResult;
use crate::engine::filter::path_values;
use crate::engine::order::compare_values;
use crate::engine::storage::{Filter, Namespace};
use crate::engine::Deployment;
use bson::{doc, Bson, Document};

fn distinct(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "distinct")?;
    let key = match idl::present(inv.command.get("key")) {
        Some(v) => idl::string("distinct.key", v)?,
        None => return Err(idl::missing("distinct.key")),
    };
    let filter = match idl::present(inv.command.get("query")) {
        Some(v) => Filter::parse(idl::object("distinct.query", v)?)?,
        None => Filter::parse(&Document::new())?,
    };
    let mut values: Vec<Bson> = Vec::new();
    for doc in read(dep, inv, &Namespace::new(inv.db, coll)) {
        if !filter.matches(&doc) {
            continue;
        }
        let found = path_values(&doc, key).into_iter().flatten();
        let elements = found.flat_map(|value| match value {
            Bson::Array(items) => items.iter(),
            value => std::slice::from_ref(value).iter(),
        });
        for value in elements.cloned() {
            if let Err(at) = values.binary_search_by(|v| compare_values(v, &value)) {
                values.insert(at, value);
            }
        }
    }
    Ok(Reply::Done(doc! { "values": values, "ok": 1.0 }))
}

/// The `distinct` command.
pub(crate) const COMMANDS: &[CommandSpec] = &[CommandSpec {
    name: "distinct",
    requires_auth: true,
    attaches_session: true,
    allowed_in_transaction: true,
    rejects_write_concern: false,
    authorize: may_find,
    run: distinct,
}];
