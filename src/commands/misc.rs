//! Small commands every shell sends: `ping`, `hello` (`isMaster`), `buildInfo`,
//! `listDatabases` and `listCollections`.

use super::{no_privilege, CommandSpec, Invocation, Reply};
use crate::engine::auth::{Action, Resource};
use crate::engine::error::ServerResult;
use crate::engine::operations::ConnId;
use crate::engine::Deployment;
use bson::{doc, Bson, Document};

fn ping(_: &mut Deployment, _: &Invocation<'_>) -> ServerResult<Reply> {
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

fn hello(dep: &mut Deployment, _: &Invocation<'_>) -> ServerResult<Reply> {
    Ok(Reply::Done(doc! {
        "isWritablePrimary": true,
        "hosts": ["localhost:27017"],
        "setName": "rs0",
        "primary": "localhost:27017",
        "me": "localhost:27017",
        "maxWireVersion": 25,
        "logicalSessionTimeoutMinutes": 30,
        "localTime": bson::DateTime::from_millis(dep.now()),
        "ok": 1.0,
    }))
}

fn build_info(_: &mut Deployment, _: &Invocation<'_>) -> ServerResult<Reply> {
    Ok(Reply::Done(
        doc! { "version": "8.0.0", "gitVersion": "sessionlab", "modules": [], "ok": 1.0 },
    ))
}

fn may_list_databases(dep: &Deployment, conn: ConnId, _: &str, _: &Document) -> ServerResult<()> {
    // Without the privilege, the server lists only databases the user has privileges on;
    // Session Lab keeps it simple and lists them all when authenticated.
    let _ = dep.is_authorized(conn, &Resource::Cluster, Action::ListDatabases);
    Ok(())
}

fn list_databases(dep: &mut Deployment, _: &Invocation<'_>) -> ServerResult<Reply> {
    let mut names: Vec<String> = dep
        .data
        .keys()
        .map(|ns| ns.db.clone())
        .chain(["admin", "config", "local"].map(String::from))
        .collect();
    names.sort();
    names.dedup();
    let databases: Vec<Bson> = names
        .into_iter()
        .map(|name| Bson::Document(doc! { "name": name, "sizeOnDisk": 8192_i64, "empty": false }))
        .collect();
    Ok(Reply::Done(
        doc! { "databases": databases, "totalSize": 8192_i64, "ok": 1.0 },
    ))
}

fn list_collections(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let batch: Vec<Bson> = dep
        .data
        .keys()
        .filter(|ns| ns.db == inv.db)
        .map(|ns| Bson::Document(doc! { "name": ns.coll.clone(), "type": "collection" }))
        .collect();
    Ok(Reply::Done(
        doc! { "cursor": { "id": 0_i64, "ns": format!("{}.$cmd.listCollections", inv.db), "firstBatch": batch }, "ok": 1.0 },
    ))
}

/// Housekeeping commands.
pub(crate) const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "ping",
        requires_auth: false,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: ping,
    },
    CommandSpec {
        name: "hello",
        requires_auth: false,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: hello,
    },
    CommandSpec {
        name: "buildInfo",
        requires_auth: false,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: build_info,
    },
    CommandSpec {
        name: "listDatabases",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: may_list_databases,
        run: list_databases,
    },
    CommandSpec {
        name: "listCollections",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: list_collections,
    },
];
