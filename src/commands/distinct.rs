//! `distinct` (`distinct.cpp`, strict as `distinct_command.idl` is): the distinct values of a
//! field among the documents matching `query`, elements of arrays counted one by one and a dotted path followed through arrays as a
//! filter follows it (`"items.sku"`), in BSON's canonical order (the server collects them in an
//! ordered set), as `{ values: [...], ok: 1 }`.

use super::crud::{collection_name, may_find, read};
use super::idl_fields::{self, FieldType, FieldValue};
use super::{idl, CommandSpec, Invocation, Reply};
use crate::engine::error::ServerResult;
use crate::engine::filter::path_values;
use crate::engine::order::compare_values;
use crate::engine::storage::{Filter, Namespace};
use crate::engine::Deployment;
use bson::{doc, Bson, Document};

/// The fields of `distinct_command.idl` (a strict command) with their types; `hint` since 7.1
/// (SERVER-14227), after the IDL of the spec's sources.
const DISTINCT_FIELDS: &[(&str, FieldType)] = &[
    ("key", FieldType::String),
    ("query", FieldType::Object),
    ("collation", FieldType::Object),
    ("hint", FieldType::Hint),
    ("mirrored", FieldType::OptionalBool),
];

fn distinct(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "distinct")?;
    let (mut key, mut query) = (None, None);
    idl_fields::parse_command(inv.command, "distinct", DISTINCT_FIELDS, |field, value| {
        match (field, value) {
            ("key", FieldValue::String(k)) => key = Some(k),
            ("query", FieldValue::Object(d)) => query = Some(d),
            _ => {}
        }
        Ok(())
    })?;
    let key = key.ok_or_else(|| idl::missing("distinct.key"))?;
    let filter = Filter::parse(query.unwrap_or(&Document::new()))?;
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
