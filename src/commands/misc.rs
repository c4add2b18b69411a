//! Small commands every shell sends: `ping`, `hello` (`isMaster`) and `buildInfo`.

use super::{no_privilege, CommandSpec, Invocation, Reply};

use crate::engine::error::ServerResult;

use crate::engine::Deployment;
use bson::doc;

fn ping(_: &mut Deployment, _: &Invocation<'_>) -> ServerResult<Reply> {
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

/// `hello`, or `isMaster` under its legacy names, which call the primary `ismaster`
/// (`hello.cpp`'s `useLegacyResponseFields`): a one-member replica set's primary, as transactions
/// need. Choice: the fields a primary answers that describe the replica set's own state
/// (`topologyVersion`, `setVersion`, `electionId`, `lastWrite`) are left out.
fn hello(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let legacy = inv
        .command
        .keys()
        .next()
        .is_some_and(|name| name != "hello");
    Ok(Reply::Done(doc! {
        "hosts": ["localhost:27017"],
        "setName": "rs0",
        if legacy { "ismaster" } else { "isWritablePrimary" }: true,
        "secondary": false,
        "primary": "localhost:27017",
        "me": "localhost:27017",
        "maxBsonObjectSize": 16_777_216,
        "maxMessageSizeBytes": 48_000_000,
        "maxWriteBatchSize": 100_000,
        "localTime": bson::DateTime::from_millis(dep.now()),
        "logicalSessionTimeoutMinutes": 30,
        // `appendNumber`: an int while it fits.
        "connectionId": i32::try_from(inv.conn).unwrap_or(i32::MAX),
        "minWireVersion": 0,
        "maxWireVersion": 25,
        "readOnly": false,
        "ok": 1.0,
    }))
}

fn build_info(_: &mut Deployment, _: &Invocation<'_>) -> ServerResult<Reply> {
    Ok(Reply::Done(
        doc! { "version": "8.0.0", "gitVersion": "sessionlab", "modules": [], "ok": 1.0 },
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
];
