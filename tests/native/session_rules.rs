//! What the server checks of a command's session fields before running it
//! (`validateSessionOptions`) and of a `getMore` against its cursor (`pinCheck` in
//! `getmore_cmd.cpp`): a cursor is read in the session and the transaction that opened it, on
//! its namespace, and a refused `getMore` leaves the cursor open (and, as any statement that
//! fails in a transaction, aborts the transaction it was sent in). And what a prepared
//! transaction's commit must give: a timestamp no earlier than the prepare's.

use super::support::{check_error, ok, uuid, Fixture};
use bson::{doc, Bson, Document};

/// `uuid(n)`'s lsid as the server writes it in messages, with the no-auth uid in base64.
fn lsid_text(n: u8) -> String {
    let id = format!("{n:02x}").repeat(16);
    format!(
        "{}-{}-{}-{}-{} - 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= -  - ",
        &id[..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..]
    )
}

/// A deployment holding five documents in `test.c`.
fn five_documents() -> Fixture {
    let mut f = Fixture::new(false);
    ok(&f.run(
        f.admin,
        "test",
        doc! { "insert": "c", "documents": [{ "_id": 1 }, { "_id": 2 }, { "_id": 3 }, { "_id": 4 }, { "_id": 5 }] },
    ));
    f
}

/// Opens a cursor on `test.c` with `fields` (a session, a transaction), two documents a batch.
fn open_cursor(f: &mut Fixture, fields: Document) -> i64 {
    let mut find = doc! { "find": "c", "batchSize": 2 };
    find.extend(fields);
    let reply = f.run(f.admin, "test", find);
    reply.get_document("cursor").unwrap().get_i64("id").unwrap()
}

fn get_more(f: &mut Fixture, id: i64, coll: &str, fields: Document) -> Document {
    let mut command = doc! { "getMore": id, "collection": coll };
    command.extend(fields);
    f.run(f.admin, "test", command)
}

#[test]
fn a_cursor_is_read_in_the_session_that_opened_it() {
    let mut f = five_documents();
    let id = open_cursor(&mut f, doc! { "lsid": { "id": uuid(1) } });
    let reply = get_more(&mut f, id, "c", doc! { "lsid": { "id": uuid(2) } });
    check_error(
        &reply,
        50738,
        "Location50738",
        &format!(
            "Cannot run getMore on cursor {id}, which was created in session {}, in session {}",
            lsid_text(1),
            lsid_text(2)
        ),
    );
    let reply = get_more(&mut f, id, "c", doc! {});
    check_error(
        &reply,
        50737,
        "Location50737",
        &format!(
            "Cannot run getMore on cursor {id}, which was created in session {}, without an lsid",
            lsid_text(1)
        ),
    );
    let reply = get_more(&mut f, id, "d", doc! { "lsid": { "id": uuid(1) } });
    check_error(&reply, 13, "Unauthorized", "Requested getMore on namespace 'test.d', but cursor belongs to a different namespace test.c");
    // None of the refusals closed the cursor: its own session reads the rest.
    let reply = get_more(&mut f, id, "c", doc! { "lsid": { "id": uuid(1) } });
    ok(&reply);
    assert_eq!(
        reply
            .get_document("cursor")
            .unwrap()
            .get_array("nextBatch")
            .unwrap()
            .len(),
        3
    );

    let id = open_cursor(&mut f, doc! {});
    let reply = get_more(&mut f, id, "c", doc! { "lsid": { "id": uuid(2) } });
    check_error(
        &reply,
        50736,
        "Location50736",
        &format!(
            "Cannot run getMore on cursor {id}, which was not created in a session, in session {}",
            lsid_text(2)
        ),
    );
    ok(&get_more(&mut f, id, "c", doc! {}));
}

#[test]
fn a_cursor_opened_in_a_transaction_is_read_in_that_transaction() {
    let mut f = five_documents();
    let lsid = doc! { "id": uuid(3) };
    let in_txn = |n: i64| doc! { "lsid": { "id": uuid(3) }, "txnNumber": n, "autocommit": false };
    let mut start = in_txn(1);
    start.insert("startTransaction", true);
    let id = open_cursor(&mut f, start);
    let reply = get_more(&mut f, id, "c", doc! { "lsid": lsid.clone() });
    check_error(&reply, 50740, "Location50740", &format!("Cannot run getMore on cursor {id}, which was created in transaction 1, without a txnNumber"));
    ok(&get_more(&mut f, id, "c", in_txn(1)));

    let outside = open_cursor(&mut f, doc! { "lsid": lsid.clone() });
    let reply = get_more(&mut f, outside, "c", in_txn(1));
    check_error(&reply, 50739, "Location50739", &format!("Cannot run getMore on cursor {outside}, which was not created in a transaction, in transaction 1"));
    // The refusal came from the getMore itself, inside the transaction: as any failed statement
    // it aborted the transaction.
    let reply = f.run(
        f.admin,
        "admin",
        doc! { "commitTransaction": 1, "lsid": lsid.clone(), "txnNumber": 1_i64, "autocommit": false },
    );
    check_error(
        &reply,
        251,
        "NoSuchTransaction",
        "Transaction with { txnNumber: 1, txnRetryCounter: 0 } has been aborted.",
    );

    let mut start = in_txn(2);
    start.insert("startTransaction", true);
    let second = open_cursor(&mut f, start);
    let mut third = in_txn(3);
    third.insert("startTransaction", true);
    ok(&f.run(f.admin, "test", {
        let mut c = doc! { "find": "c" };
        c.extend(third);
        c
    }));
    let reply = get_more(&mut f, second, "c", in_txn(3));
    check_error(&reply, 50741, "Location50741", &format!("Cannot run getMore on cursor {second}, which was created in transaction 2, in transaction 3"));
}

#[test]
fn a_txn_number_outside_a_transaction_belongs_to_a_retryable_write() {
    let mut f = Fixture::new(false);
    let with = |mut command: Document, fields: Document| {
        command.extend(fields);
        command
    };
    let retry = doc! { "lsid": { "id": uuid(4) }, "txnNumber": 1_i64 };
    for command in [
        doc! { "find": "c" },
        doc! { "count": "c" },
        doc! { "ping": 1 },
        doc! { "commitTransaction": 1 },
    ] {
        let name = command.keys().next().unwrap().clone();
        let db = if name == "commitTransaction" {
            "admin"
        } else {
            "test"
        };
        let reply = f.run(f.admin, db, with(command, retry.clone()));
        check_error(&reply, 50768, "NotARetryableWriteCommand", &format!("txnNumber may only be provided for multi-document transactions and retryable write commands. autocommit:false was not provided, and {name} is not a retryable write command."));
    }
    ok(&f.run(
        f.admin,
        "test",
        with(
            doc! { "insert": "c", "documents": [{ "_id": 1 }] },
            retry.clone(),
        ),
    ));
    ok(&f.run(
        f.admin,
        "test",
        with(
            doc! { "update": "c", "updates": [{ "q": {}, "u": { "$set": { "a": 1 } } }] },
            doc! { "lsid": { "id": uuid(4) }, "txnNumber": 2_i64 },
        ),
    ));
}

#[test]
fn a_transaction_does_not_start_with_kill_cursors_or_by_ending_itself() {
    let mut f = Fixture::new(false);
    let start = doc! { "lsid": { "id": uuid(5) }, "txnNumber": 1_i64, "autocommit": false, "startTransaction": true };
    for (command, db, message) in [
        (
            doc! { "killCursors": "c", "cursors": [Bson::Int64(1)] },
            "test",
            "Cannot run killCursors as the first operation in a multi-document transaction.",
        ),
        (
            doc! { "prepareTransaction": 1 },
            "admin",
            "Cannot start a transaction with a prepare",
        ),
        (
            doc! { "commitTransaction": 1 },
            "admin",
            "Cannot start a transaction with a commit",
        ),
        (
            doc! { "abortTransaction": 1 },
            "admin",
            "Cannot start a transaction with an abort",
        ),
    ] {
        let mut command = command;
        command.extend(start.clone());
        check_error(
            &f.run(f.admin, db, command),
            263,
            "OperationNotSupportedInTransaction",
            message,
        );
    }
}

#[test]
fn a_prepared_transaction_keeps_its_prepare_timestamp_and_commits_at_or_after_it() {
    let mut f = Fixture::new(false);
    let txn = |mut command: Document| {
        command.extend(doc! { "lsid": { "id": uuid(6) }, "txnNumber": 1_i64, "autocommit": false });
        command
    };
    let mut first = txn(doc! { "insert": "c", "documents": [{ "_id": 1 }] });
    first.insert("startTransaction", true);
    ok(&f.run(f.admin, "test", first));
    let prepared = f.run(f.admin, "admin", txn(doc! { "prepareTransaction": 1 }));
    let at = prepared.get_timestamp("prepareTimestamp").unwrap();
    // A second prepare (a coordinator's retry) answers the same timestamp.
    let again = f.run(f.admin, "admin", txn(doc! { "prepareTransaction": 1 }));
    assert_eq!(again.get_timestamp("prepareTimestamp").unwrap(), at);
    let commit_at = |ts: Bson| {
        let mut commit = txn(doc! { "commitTransaction": 1 });
        commit.insert("commitTimestamp", ts);
        commit
    };
    let refusals = [
        (commit_at(Bson::Int32(5)), 14, "TypeMismatch", "BSON field 'commitTransaction.commitTimestamp' is the wrong type 'int', expected type 'timestamp'"),
        (commit_at(Bson::Timestamp(bson::Timestamp { time: 0, increment: 0 })), 72, "InvalidOptions", "'commitTimestamp' cannot be null"),
        (commit_at(Bson::Timestamp(bson::Timestamp { time: at.time - 1, increment: 9 })), 72, "InvalidOptions", "'commitTimestamp' must be greater than or equal to 'prepareTimestamp'"),
    ];
    for (command, code, name, message) in refusals {
        check_error(&f.run(f.admin, "admin", command), code, name, message);
    }
    // None of them aborted it: a prepared transaction only ends by its coordinator's word.
    ok(&f.run(f.admin, "admin", commit_at(Bson::Timestamp(at))));
    let found = f.run(f.admin, "test", doc! { "find": "c" });
    assert_eq!(
        found
            .get_document("cursor")
            .unwrap()
            .get_array("firstBatch")
            .unwrap()
            .len(),
        1
    );
}
