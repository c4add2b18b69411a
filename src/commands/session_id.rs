//! `LogicalSessionFromClient` parsing and `makeLogicalSessionId`: a client sends `{ id }`
//! (optionally `uid`, `txnNumber`, `txnUUID`); the server fills `uid` with the caller's digest
//! and accepts a foreign `uid` only with a spoof privilege, `impersonate`, or when it equals the
//! caller's own digest.

use super::idl;
use super::idl_fields::{self, FieldType, FieldValue};
use crate::engine::auth::{Action, Resource};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::ids::{ChildSession, Lsid, SessionUuid, Uid};
use crate::engine::operations::ConnId;
use crate::engine::Deployment;
use bson::Document;

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
    idl_fields::parse_struct(doc, path, &LSID_FIELDS, &["id"], |field, value| {
        match (field, value) {
            ("id", FieldValue::Bytes(bytes)) => id = Some(session_uuid(bytes)?),
            ("uid", FieldValue::Bytes(bytes)) => uid = Some(sha256_block(bytes)?),
            (_, FieldValue::Long(n)) => txn_number = Some(n),
            (_, FieldValue::Bytes(bytes)) => txn_uuid = Some(session_uuid(bytes)?),
            _ => {}
        }
        Ok(())
    })?;
    let id = id.ok_or_else(|| idl::missing(&format!("{path}.id")))?;
    Ok(SessionFromClient {
        id,
        uid,
        txn_number,
        txn_uuid,
    })
}

/// A `LogicalSessionId`'s and a `LogicalSessionFromClient`'s fields.
pub const LSID_FIELDS: [(&str, FieldType); 4] = [
    ("id", FieldType::Uuid),
    ("uid", FieldType::Sha256),
    ("txnNumber", FieldType::Long),
    ("txnUUID", FieldType::Uuid),
];

/// A UUID's bytes: exactly 16.
fn session_uuid(bytes: &[u8]) -> ServerResult<SessionUuid> {
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

/// A `SHA256Block`'s bytes: exactly 32.
pub fn sha256_block(bytes: &[u8]) -> ServerResult<Uid> {
    let array: [u8; 32] = bytes.try_into().map_err(|_| {
        ServerError::new(
            ErrorCode::UnsupportedFormat,
            format!("Unsupported SHA256Block hash length: {}", bytes.len()),
        )
    })?;
    Ok(Uid(array))
}

/// A `{ <name_field>: string, db: string }` struct (strict; `name_field` is `user` or `role`):
/// the name and the database.
pub fn parse_user_name(
    path: &str,
    doc: &Document,
    name_field: &str,
) -> ServerResult<(String, String)> {
    let mut name = String::new();
    let mut db = String::new();
    let fields = [(name_field, FieldType::String), ("db", FieldType::String)];
    idl_fields::parse_struct(doc, path, &fields, &[name_field, "db"], |field, value| {
        if let FieldValue::String(text) = value {
            if field == "db" {
                text.clone_into(&mut db);
            } else {
                text.clone_into(&mut name);
            }
        }
        Ok(())
    })?;
    Ok((name, db))
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
