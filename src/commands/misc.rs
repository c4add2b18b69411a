//! Small commands every shell sends: `ping`, `hello` (`isMaster`) and `buildInfo`.

use super::{no_privilege, CommandSpec, Invocation, Reply};

use crate::engine::error::ServerResult;

use crate::engine::Deployment;
use bson::doc;

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
