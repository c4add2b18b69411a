//! Read and write concerns as the server checks them for transactions: the levels a
//! transaction may read at, only its first statement naming one, no write concern on its
//! statements, and a level the server does not know; each refused before the transaction is
//! touched, so an open transaction stays open and committable.

use super::support::{check_error, ok, uuid, Fixture};
use bson::{doc, Document};

/// A statement of transaction 1 on the session `uuid(9)`.
fn statement(mut command: Document, start: bool) -> Document {
    command.insert("lsid", doc! { "id": uuid(9) });
    command.insert("txnNumber", 1_i64);
    command.insert("autocommit", false);
    if start {
        command.insert("startTransaction", true);
    }
    command
}

fn count(f: &mut Fixture) -> usize {
    let reply = f.run(f.admin, "shop", doc! { "find": "items" });
    reply
        .get_document("cursor")
        .and_then(|c| c.get_array("firstBatch"))
        .map_or(0, Vec::len)
}

#[test]
fn a_transaction_reads_at_local_majority_or_snapshot_only() {
    for level in ["linearizable", "available"] {
        let mut f = Fixture::new(false);
        let reply = f.run(
            f.admin,
            "shop",
            statement(doc! { "insert": "items", "documents": [{ "_id": 1 }], "readConcern": { "level": level } }, true),
        );
        check_error(&reply, 72, "InvalidOptions", "The readConcern level must be either 'local' (default), 'majority' or 'snapshot' in order to run in a transaction");
        // The transaction never started: its next statement finds none.
        let reply = f.run(
            f.admin,
            "shop",
            statement(
                doc! { "insert": "items", "documents": [{ "_id": 2 }] },
                false,
            ),
        );
        check_error(&reply, 251, "NoSuchTransaction", "Given transaction number 1 does not match any in-progress transactions. The active transaction number is -1");
        assert_eq!(count(&mut f), 0);
    }
    for level in ["local", "majority", "snapshot"] {
        let mut f = Fixture::new(false);
        ok(&f.run(
            f.admin,
            "shop",
            statement(doc! { "insert": "items", "documents": [{ "_id": 1 }], "readConcern": { "level": level } }, true),
        ));
    }
}

#[test]
fn a_later_statement_with_a_concern_is_refused_and_the_transaction_stays_open() {
    let mut f = Fixture::new(false);
    ok(&f.run(
        f.admin,
        "shop",
        statement(
            doc! { "insert": "items", "documents": [{ "_id": 1 }] },
            true,
        ),
    ));
    let reply = f.run(
        f.admin,
        "shop",
        statement(
            doc! { "find": "items", "readConcern": { "level": "snapshot" } },
            false,
        ),
    );
    check_error(
        &reply,
        72,
        "InvalidOptions",
        "Only the first command in a transaction may specify a readConcern",
    );
    let reply = f.run(
        f.admin,
        "shop",
        statement(
            doc! { "insert": "items", "documents": [{ "_id": 2 }], "writeConcern": { "w": 1 } },
            false,
        ),
    );
    check_error(
        &reply,
        72,
        "InvalidOptions",
        "writeConcern is not allowed within a multi-statement transaction",
    );
    // An empty read or write concern is the default one, which every statement may carry.
    ok(&f.run(
        f.admin,
        "shop",
        statement(doc! { "insert": "items", "documents": [{ "_id": 3 }], "readConcern": {}, "writeConcern": {} }, false),
    ));
    // Neither refusal aborted the transaction: it commits, with a write concern.
    ok(&f.run(
        f.admin,
        "admin",
        statement(
            doc! { "commitTransaction": 1, "writeConcern": { "w": "majority" } },
            false,
        ),
    ));
    assert_eq!(count(&mut f), 2);
}

#[test]
fn an_unknown_level_is_refused_in_or_out_of_a_transaction() {
    let mut f = Fixture::new(false);
    let unknown = "Enumeration value 'strong' for field 'readConcern.level' is not a valid value.";
    let reply = f.run(
        f.admin,
        "shop",
        doc! { "find": "items", "readConcern": { "level": "strong" } },
    );
    check_error(&reply, 2, "BadValue", unknown);
    let reply = f.run(
        f.admin,
        "shop",
        statement(
            doc! { "find": "items", "readConcern": { "level": "strong" } },
            true,
        ),
    );
    check_error(&reply, 2, "BadValue", unknown);
    // Outside a transaction any known level is accepted.
    for level in ["local", "majority", "linearizable", "available", "snapshot"] {
        ok(&f.run(
            f.admin,
            "shop",
            doc! { "find": "items", "readConcern": { "level": level } },
        ));
    }
    // A write concern outside a transaction is the command's own business.
    ok(&f.run(
        f.admin,
        "shop",
        doc! { "insert": "items", "documents": [{ "_id": 1 }], "writeConcern": { "w": 1 } },
    ));
}
