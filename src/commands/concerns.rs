//! The generic `readConcern` and `writeConcern` arguments, checked as the server checks them
//! after a command's authorization and before its session is checked out
//! (`ExecCommandDatabase::_extractReadConcern`, `validateWriteConcernForTransaction`,
//! `uassertCommandDoesNotSpecifyWriteConcern`). A failure here leaves an open transaction
//! open: the server aborts a transaction for a failed statement only once it has checked the
//! session out.
//!
//! Session Lab reads the concerns and does not act on them (one node: every level reads the
//! same data). *Derived*: a `readConcern` or `level` of another type than the server's, and the
//! fields besides `level`, are not read; `writeConcern: {}` counts as absent, as the server's
//! default-constructed write concern.

use super::txn::ENDS_TRANSACTION;
use super::{idl, CommandSpec};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use bson::{Bson, Document};

/// The read concern levels (`ReadConcernLevel`, `read_concern.idl`).
const LEVELS: [&str; 5] = ["local", "majority", "linearizable", "available", "snapshot"];
/// The levels a transaction may read at (`isReadConcernLevelAllowedInTransaction`).
const TRANSACTION_LEVELS: [&str; 3] = ["local", "majority", "snapshot"];
/// The fields that make a read concern non-empty (`ReadConcernArgs::isEmpty`).
const READ_CONCERN_FIELDS: [&str; 4] =
    ["level", "afterOpTime", "afterClusterTime", "atClusterTime"];

fn invalid(message: &str) -> ServerError {
    ServerError::new(ErrorCode::InvalidOptions, message)
}

/// The read concern level `command` names, if it names a valid one.
pub(crate) fn read_concern_level(command: &Document) -> Option<&str> {
    match idl::present(command.get("readConcern"))? {
        Bson::Document(read_concern) => read_concern
            .get_str("level")
            .ok()
            .filter(|level| LEVELS.contains(level)),
        _ => None,
    }
}

/// Checks `command`'s concerns, for a command sent in a transaction (`autocommit: false`) or
/// starting one (`startTransaction: true`) or neither.
pub(crate) fn check(
    spec: &CommandSpec,
    command: &Document,
    in_transaction: bool,
    starts_transaction: bool,
) -> ServerResult<()> {
    if let Some(Bson::Document(read_concern)) = idl::present(command.get("readConcern")) {
        let level = match read_concern.get("level") {
            Some(Bson::String(level)) if LEVELS.contains(&level.as_str()) => Some(level.as_str()),
            Some(Bson::String(level)) => {
                return Err(ServerError::new(
                    ErrorCode::BadValue,
                    format!("Enumeration value '{level}' for field 'readConcern.level' is not a valid value."),
                ))
            }
            _ => None,
        };
        if starts_transaction {
            if level.is_some_and(|level| !TRANSACTION_LEVELS.contains(&level)) {
                return Err(invalid("The readConcern level must be either 'local' (default), 'majority' or 'snapshot' in order to run in a transaction"));
            }
            if read_concern.contains_key("afterOpTime") {
                return Err(invalid(
                    "The readConcern cannot specify 'afterOpTime' in a transaction",
                ));
            }
        } else if in_transaction
            && READ_CONCERN_FIELDS
                .iter()
                .any(|f| read_concern.contains_key(f))
        {
            return Err(invalid(
                "Only the first command in a transaction may specify a readConcern",
            ));
        }
    }
    let Some(write_concern) = idl::present(command.get("writeConcern")) else {
        return Ok(());
    };
    if spec.rejects_write_concern {
        return Err(invalid("Command does not support writeConcern"));
    }
    let default = matches!(write_concern, Bson::Document(d) if d.is_empty());
    if in_transaction && !default && !ENDS_TRANSACTION.contains(&spec.name) {
        return Err(invalid(
            "writeConcern is not allowed within a multi-statement transaction",
        ));
    }
    Ok(())
}
