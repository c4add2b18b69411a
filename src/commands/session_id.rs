//! `LogicalSessionFromClient` parsing and `makeLogicalSessionId`: a client sends `{ id }`
//! (optionally `uid`, `txnNumber`, `txnUUID`); the server fills `uid` with the caller's digest
//! and accepts a foreign `uid` only with a spoof privilege, `impersonate`, or when it equals the
//! caller's own digest.

use super::idl;
use crate::engine::auth::{Action, Resource};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::ids::{ChildSession, Lsid, SessionUuid, Uid};
use crate::engine::operations::ConnId;
use crate::engine::Deployment;
use bson::{spec::BinarySubtype, Document};

/// An lsid as a client sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFromClient {
    /// `id`.
    pub id: SessionUuid,
    /// `uid`, when given.
    pub uid: Option<Uid>,
    /// `txnNumber`, when given (child sessions only).
    pub txn_number: Option<i64>,
    /// `txnUUID`, when given (a child session).
    pub txn_uuid: Option<SessionUuid>,
}

impl SessionFromClient {
    /// Whether it names an internal child session.
    pub fn is_child(&self) -> bool {
        self.txn_uuid.is_some()
    }
}

/// Parses a `LogicalSessionFromClient` struct (strict) at `path`.
pub fn parse(path: &str, doc: &Document) -> ServerResult<SessionFromClient> {
    let mut id = None;
    let mut uid = None;
    let mut txn_number = None;
    let mut txn_uuid = None;
    idl::parse_struct(
        path,
        doc,
        &["id", "uid", "txnNumber", "txnUUID"],
        &["id"],
        true,
        |field, value, path| {
            match field {
                "id" => id = Some(parse_uuid(path, value)?),
                "uid" => uid = Some(parse_sha256(path, value)?),
                "txnNumber" => txn_number = Some(idl::long(path, value)?),
                _ => txn_uuid = Some(parse_uuid(path, value)?),
            }
            Ok(())
        },
    )?;
    let id = id.ok_or_else(|| idl::missing(&format!("{path}.id")))?;
    Ok(SessionFromClient {
        id,
        uid,
        txn_number,
        txn_uuid,
    })
}

/// A UUID: `BinData` subtype 4 of exactly 16 bytes.
fn parse_uuid(path: &str, value: &bson::Bson) -> ServerResult<SessionUuid> {
    let bytes = idl::bin_data(path, value, BinarySubtype::Uuid)?;
    bytes.try_into().map(SessionUuid).map_err(|_| {
        ServerError::new(
            ErrorCode::InvalidOptions,
            format!(
                "uuid must be a 16-byte binary field with UUID (4) subtype, found {} bytes",
                bytes.len()
            ),
        )
    })
}

/// A `SHA256Block`: `BinData` subtype 0 of exactly 32 bytes.
pub fn parse_sha256(path: &str, value: &bson::Bson) -> ServerResult<Uid> {
    let bytes = idl::bin_data(path, value, BinarySubtype::Generic)?;
    let array: [u8; 32] = bytes.try_into().map_err(|_| {
        ServerError::new(
            ErrorCode::UnsupportedFormat,
            format!("Unsupported SHA256Block hash length: {}", bytes.len()),
        )
    })?;
    Ok(Uid(array))
}

/// `makeLogicalSessionId`: fills `uid`, enforcing the spoof rules. `spoof_actions` are the
/// command-specific privileges that allow a foreign uid (killSessions passes `killAnySession`).
pub fn make_lsid(
    dep: &Deployment,
    conn: ConnId,
    from_client: &SessionFromClient,
    spoof_actions: &[Action],
) -> ServerResult<Lsid> {
    if from_client.txn_number.is_some() && !from_client.is_child() {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            "Cannot specify txnNumber in lsid without specifying txnUUID",
        ));
    }
    let own = dep.caller_uid(conn);
    let uid = match from_client.uid {
        Some(uid) => {
            let allowed = uid == own
                || dep.is_authorized(conn, &Resource::Cluster, Action::Impersonate)
                || spoof_actions
                    .iter()
                    .any(|a| dep.is_authorized(conn, &Resource::Cluster, *a));
            if !allowed {
                return Err(ServerError::new(
                    ErrorCode::Unauthorized,
                    "Unauthorized to set user digest in LogicalSessionId",
                ));
            }
            uid
        }
        None => own,
    };
    Ok(Lsid {
        id: from_client.id,
        uid,
        child: from_client.txn_uuid.map(|txn_uuid| ChildSession {
            txn_number: from_client.txn_number,
            txn_uuid,
        }),
    })
}
