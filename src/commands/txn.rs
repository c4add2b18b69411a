//! Generic session arguments (`OperationSessionInfoFromClient`: `lsid`, `txnNumber`,
//! `autocommit`, `startTransaction`), the transaction gate every command passes through, and
//! the commands `prepareTransaction`, `commitTransaction` and `abortTransaction`.

use super::session_id::{self, SessionFromClient};
use super::{idl, no_privilege, CommandSpec, Invocation, Reply};
use crate::engine::error::{ErrorCode, ServerError, ServerResult, TRANSIENT_TRANSACTION_ERROR};
use crate::engine::ids::short;
use crate::engine::ids::Lsid;
use crate::engine::storage::merge_transaction_writes;
use crate::engine::transactions::{AbortCause, TxnRecord, TxnState};
use crate::engine::txn_table::Durable;
use crate::engine::{Deployment, EventKind};
use bson::{doc, Bson, Document};
use std::rc::Rc;

/// The generic session fields of a command.
#[derive(Debug, Default)]
pub(crate) struct SessionArgs {
    pub lsid: Option<SessionFromClient>,
    pub txn_number: Option<i64>,
    pub autocommit: Option<bool>,
    pub start_transaction: Option<bool>,
}

const CONTEXT: &str = "OperationSessionInfo";

/// The commands that end or prepare a transaction: they may run on `admin` in a transaction,
/// on a prepared one, and with a `writeConcern`.
pub(crate) const ENDS_TRANSACTION: [&str; 3] = [
    "commitTransaction",
    "abortTransaction",
    "prepareTransaction",
];

/// Parses `lsid`, `txnNumber`, `autocommit`, `startTransaction`.
pub(crate) fn parse_session_args(command: &Document) -> ServerResult<SessionArgs> {
    let mut args = SessionArgs::default();
    if let Some(value) = idl::present(command.get("lsid")) {
        let path = format!("{CONTEXT}.lsid");
        args.lsid = Some(session_id::parse(&path, idl::object(&path, value)?)?);
    }
    if let Some(value) = idl::present(command.get("txnNumber")) {
        args.txn_number = Some(idl::long(&format!("{CONTEXT}.txnNumber"), value)?);
    }
    if let Some(value) = idl::present(command.get("autocommit")) {
        args.autocommit = Some(idl::boolean(&format!("{CONTEXT}.autocommit"), value)?);
    }
    if let Some(value) = idl::present(command.get("startTransaction")) {
        args.start_transaction = Some(idl::boolean(&format!("{CONTEXT}.startTransaction"), value)?);
    }
    if args.txn_number.is_some() && args.lsid.is_none() {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            "Transaction number requires a session ID to also be specified",
        ));
    }
    if args.autocommit.is_some() && args.txn_number.is_none() {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            "'autocommit' field requires a transaction number to also be specified",
        ));
    }
    if args.autocommit == Some(true) {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            "Specifying autocommit=true is not allowed.",
        ));
    }
    if args.start_transaction.is_some() && args.autocommit.is_none() {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            "'startTransaction' field requires 'autocommit' field to also be specified",
        ));
    }
    if args.start_transaction == Some(false) {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            "Specifying startTransaction=false is not allowed.",
        ));
    }
    Ok(args)
}

fn aborted(n: i64) -> ServerError {
    ServerError::new(
        ErrorCode::NoSuchTransaction,
        format!("Transaction with {{ txnNumber: {n}, txnRetryCounter: 0 }} has been aborted."),
    )
    .with_label(TRANSIENT_TRANSACTION_ERROR)
}

fn committed(n: i64) -> ServerError {
    ServerError::new(
        ErrorCode::TransactionCommitted,
        format!("Transaction with {{ txnNumber: {n}, txnRetryCounter: 0 }} has been committed."),
    )
}

/// The commands that may carry a `txnNumber` outside a transaction (`supportsRetryableWrite`).
const RETRYABLE_WRITES: [&str; 4] = ["insert", "update", "delete", "findAndModify"];

fn not_in_transaction(message: String) -> ServerError {
    ServerError::new(ErrorCode::OperationNotSupportedInTransaction, message)
}

/// `validateSessionOptions`, for a command that carries its session: a command sent in a
/// transaction may run in one, and on its database; a `txnNumber` outside a transaction is a
/// retryable write's; a transaction does not start with `killCursors` or by ending itself.
pub(crate) fn validate_session_options(
    spec: &CommandSpec,
    db: &str,
    args: &SessionArgs,
) -> ServerResult<()> {
    let name = spec.name;
    if args.autocommit.is_some() {
        if !spec.allowed_in_transaction {
            return Err(not_in_transaction(format!(
                "Cannot run '{name}' in a multi-document transaction."
            )));
        }
        // `CommandHelpers::canUseTransactions`: not on config or local, and on admin only the
        // commands that end or prepare a transaction.
        if db == "config" || db == "local" || (db == "admin" && !ENDS_TRANSACTION.contains(&name)) {
            return Err(not_in_transaction(format!(
                "Cannot run command against the '{db}' database in a transaction"
            )));
        }
    } else if args.txn_number.is_some() && !RETRYABLE_WRITES.contains(&name) {
        return Err(ServerError::new(
            ErrorCode::NotARetryableWriteCommand,
            format!("txnNumber may only be provided for multi-document transactions and retryable write commands. autocommit:false was not provided, and {name} is not a retryable write command."),
        ));
    }
    if args.start_transaction == Some(true) {
        let refusal = match name {
            "killCursors" => {
                "Cannot run killCursors as the first operation in a multi-document transaction."
            }
            "prepareTransaction" => "Cannot start a transaction with a prepare",
            "commitTransaction" => "Cannot start a transaction with a commit",
            "abortTransaction" => "Cannot start a transaction with an abort",
            _ => return Ok(()),
        };
        return Err(not_in_transaction(refusal.to_owned()));
    }
    Ok(())
}

/// Starts or continues the transaction a command belongs to (`beginOrContinue`, once the
/// command passed [`validate_session_options`]); returns its txnNumber when the command
/// runs inside a transaction.
pub(crate) fn gate(
    dep: &mut Deployment,
    spec: &CommandSpec,
    lsid: Option<Lsid>,
    args: &SessionArgs,
) -> ServerResult<Option<i64>> {
    let (Some(lsid), Some(n), Some(false)) = (lsid, args.txn_number, args.autocommit) else {
        if let (Some(lsid), Some(n)) = (lsid, args.txn_number) {
            note_retryable_write(dep, lsid, n)?;
        }
        return Ok(None);
    };
    let active = dep.catalog.get(&lsid).map(|t| (t.txn_number, t.state));
    if args.start_transaction == Some(true) {
        match active {
            Some((m, _)) if m > n => return Err(too_old(n, lsid, m)),
            Some((m, _)) if m == n => {
                return Err(ServerError::new(
                    ErrorCode::ConflictingOperationInProgress,
                    "Only servers in a sharded cluster can start a new transaction at the active transaction number",
                ))
            }
            _ => {
                supersede(dep, lsid, n)?;
                dep.catalog.insert(lsid, TxnRecord::start(n, dep.clock, dep.parameters.txn_lifetime_ms(), dep.sessions.slot(&lsid)));
                dep.txn_metrics.started += 1;
                dep.emit(EventKind::Transaction, format!("transaction {n} started on session {}", short(&lsid)));
                return Ok(Some(n));
            }
        }
    }
    match active {
        Some((m, _)) if m > n => Err(too_old(n, lsid, m)),
        Some((m, state)) if m == n => match state {
            TxnState::InProgress => Ok(Some(n)),
            TxnState::Prepared if ENDS_TRANSACTION.contains(&spec.name) => Ok(Some(n)),
            TxnState::Prepared => Err(ServerError::new(
                ErrorCode::PreparedTransactionInProgress,
                format!(
                    "Cannot run '{}' on a transaction that is prepared",
                    spec.name
                ),
            )),
            TxnState::AbortedWithoutPrepare | TxnState::AbortedWithPrepare => Err(aborted(n)),
            TxnState::Committed if spec.name == "commitTransaction" => Ok(Some(n)),
            TxnState::Committed => Err(committed(n)),
            TxnState::None | TxnState::ExecutedRetryableWrite => Err(no_such(n, m)),
        },
        other => Err(no_such(n, other.map_or(-1, |(m, _)| m))),
    }
}

fn no_such(n: i64, active: i64) -> ServerError {
    ServerError::new(
        ErrorCode::NoSuchTransaction,
        format!("Given transaction number {n} does not match any in-progress transactions. The active transaction number is {active}"),
    )
    .with_label(TRANSIENT_TRANSACTION_ERROR)
}

fn too_old(n: i64, lsid: Lsid, active: i64) -> ServerError {
    ServerError::new(
        ErrorCode::TransactionTooOld,
        format!("Cannot start transaction {n} on session {} because a newer transaction {active} has already started.", lsid.to_server_string()),
    )
}

/// A newer txnNumber takes the session over (`_setNewTxnNumber`): refused while its transaction
/// is prepared, which nothing but a commit or an abort ends; an open one is aborted first.
fn supersede(dep: &mut Deployment, lsid: Lsid, n: i64) -> ServerResult<()> {
    let Some(txn) = dep.catalog.get_mut(&lsid) else {
        return Ok(());
    };
    match txn.state {
        TxnState::Prepared => Err(ServerError::new(
            ErrorCode::PreparedTransactionInProgress,
            "Cannot change transaction number while the session has a prepared transaction",
        )),
        TxnState::InProgress => {
            let open = txn.txn_number;
            txn.abort(AbortCause::Superseded, &mut dep.txn_metrics);
            dep.emit(
                EventKind::TransactionAborted,
                format!(
                    "transaction {open} of session {} aborted: txnNumber {n} started on the session",
                    short(&lsid)
                ),
            );
            Ok(())
        }
        _ => Ok(()),
    }
}

fn note_retryable_write(dep: &mut Deployment, lsid: Lsid, n: i64) -> ServerResult<()> {
    match dep.catalog.get(&lsid) {
        Some(t) if t.txn_number > n => Err(ServerError::new(
            ErrorCode::TransactionTooOld,
            format!("Retryable write with txnNumber {n} is prohibited on session {} because a newer retryable write with txnNumber {} has already started on this session.", lsid.to_server_string(), t.txn_number),
        )),
        Some(t) if t.txn_number == n && t.state.is_open() => Err(ServerError::new(
            ErrorCode::IllegalOperation,
            format!("Cannot run a retryable write on transaction {n} which is already in a multi-document transaction"),
        )),
        // A retry: the statements it ran stay recorded.
        Some(t) if t.txn_number == n && t.state == TxnState::ExecutedRetryableWrite => Ok(()),
        _ => {
            supersede(dep, lsid, n)?;
            let mut record = TxnRecord::start(n, dep.clock, dep.parameters.txn_lifetime_ms(), dep.sessions.slot(&lsid));
            record.state = TxnState::ExecutedRetryableWrite;
            dep.catalog.insert(lsid, record);
            Ok(())
        }
    }
}

fn in_transaction<'a>(
    catalog: &'a mut crate::collections::Map<Lsid, TxnRecord>,
    inv: &Invocation<'_>,
    name: &str,
) -> ServerResult<&'a mut TxnRecord> {
    let (Some(lsid), Some(_)) = (inv.lsid, inv.txn_number) else {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            format!("{name} must be run within a transaction"),
        ));
    };
    catalog
        .get_mut(&lsid)
        .ok_or_else(|| ServerError::new(ErrorCode::NoSuchTransaction, "no transaction"))
}

fn prepare_transaction(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let txn = in_transaction(&mut dep.catalog, inv, "prepareTransaction")?;
    // A prepared transaction answers a second prepare (a coordinator's retry) with its prepare
    // timestamp; a first prepare takes the next one.
    let ts = if let (TxnState::Prepared, Some(earlier)) = (txn.state, txn.prepare_timestamp) {
        earlier
    } else {
        let (ts, now) = (dep.next_timestamp(), dep.now());
        let txn = in_transaction(&mut dep.catalog, inv, "prepareTransaction")?;
        txn.state = TxnState::Prepared;
        dep.txn_metrics.prepared += 1;
        txn.prepare_timestamp = Some(ts);
        txn.prepared_at = Some(now);
        let n = txn.txn_number;
        if let Some(lsid) = inv.lsid {
            dep.write_txn_record(lsid, n, Durable::Prepared, Some(ts));
            dep.emit(
                EventKind::Transaction,
                format!("transaction {n} of session {} prepared", short(&lsid)),
            );
        }
        ts
    };
    Ok(Reply::Done(
        doc! { "prepareTimestamp": Bson::Timestamp(ts), "ok": 1.0 },
    ))
}

fn commit_transaction(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let commit_timestamp = match idl::present(inv.command.get("commitTimestamp")) {
        Some(Bson::Timestamp(ts)) => Some(*ts),
        Some(other) => {
            return Err(idl::wrong_type(
                "commitTransaction.commitTimestamp",
                other,
                "timestamp",
            ))
        }
        None => None,
    };
    let lsid = inv.lsid;
    let txn = in_transaction(&mut dep.catalog, inv, "commitTransaction")?;
    let invalid = |message| Err(ServerError::new(ErrorCode::InvalidOptions, message));
    match (txn.state, commit_timestamp) {
        (TxnState::Committed, _) => return Ok(Reply::Done(doc! { "ok": 1.0 })),
        (TxnState::Prepared, None) => {
            return invalid(
                "'commitTimestamp' must be given to commitTransaction for a prepared transaction",
            )
        }
        // `commitPreparedTransaction`'s checks.
        (TxnState::Prepared, Some(ts)) if (ts.time, ts.increment) == (0, 0) => {
            return invalid("'commitTimestamp' cannot be null")
        }
        (TxnState::Prepared, Some(ts))
            if txn
                .prepare_timestamp
                .is_some_and(|p| (ts.time, ts.increment) < (p.time, p.increment)) =>
        {
            return invalid("'commitTimestamp' must be greater than or equal to 'prepareTimestamp'")
        }
        (TxnState::InProgress, Some(_)) => return invalid(
            "'commitTimestamp' cannot be given to commitTransaction for an unprepared transaction.",
        ),
        _ => {}
    }
    let writes = std::mem::take(&mut txn.writes);
    let was_prepared = txn.state == TxnState::Prepared;
    txn.state = TxnState::Committed;
    let n = txn.txn_number;
    dep.txn_metrics.committed += 1;
    if was_prepared {
        dep.txn_metrics.prepared_then_committed += 1;
    }
    // A commit writes its record with its oplog entry, which a transaction that wrote nothing
    // has none of (unless it was prepared).
    if let (Some(lsid), true) = (lsid, was_prepared || !writes.is_empty()) {
        dep.write_txn_record(lsid, n, Durable::Committed, None);
    }
    for (ns, written) in writes {
        let docs = Rc::try_unwrap(written.docs).unwrap_or_else(|shared| shared.to_vec());
        let current = Rc::make_mut(dep.data.entry(ns).or_default());
        merge_transaction_writes(current, &written.base, docs);
    }
    if let Some(lsid) = lsid {
        dep.emit(
            EventKind::Transaction,
            format!("transaction {n} of session {} committed", short(&lsid)),
        );
    }
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

fn abort_transaction(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let lsid = inv.lsid;
    let txn = in_transaction(&mut dep.catalog, inv, "abortTransaction")?;
    let was_prepared = txn.state == TxnState::Prepared;
    txn.abort(AbortCause::User, &mut dep.txn_metrics);
    let n = txn.txn_number;
    if let (Some(lsid), true) = (lsid, was_prepared) {
        dep.write_txn_record(lsid, n, Durable::Aborted, None);
    }
    if let Some(lsid) = lsid {
        dep.emit(
            EventKind::TransactionAborted,
            format!(
                "transaction {n} of session {} aborted by abortTransaction",
                short(&lsid)
            ),
        );
    }
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

/// Transaction commands.
pub(crate) const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "prepareTransaction",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: true,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: prepare_transaction,
    },
    CommandSpec {
        name: "commitTransaction",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: true,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: commit_transaction,
    },
    CommandSpec {
        name: "abortTransaction",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: true,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: abort_transaction,
    },
];
