//! Every error row of the spec's tables (`shared/spec/mongodb-sessions.md` §4–12), with code,
//! codeName and errmsg exact.

use super::support::{bin0, check_error, ok, uuid, Fixture};
use bson::{doc, Bson, Document};

/// `(auth on?, who runs it, database, command, code, codeName, errmsg)`.
type Row = (
    bool,
    fn(&Fixture) -> u32,
    &'static str,
    Document,
    i32,
    &'static str,
    &'static str,
);

fn admin(f: &Fixture) -> u32 {
    f.admin
}
fn app(f: &Fixture) -> u32 {
    f.app
}
fn anonymous(f: &Fixture) -> u32 {
    f.anonymous
}

fn check_rows(rows: Vec<Row>) {
    for (auth, who, db, command, code, name, errmsg) in rows {
        let mut f = Fixture::new(auth);
        let conn = who(&f);
        let reply = f.run(conn, db, command.clone());
        assert_eq!(
            (
                reply.get_i32("code").unwrap_or(-1),
                reply.get_str("codeName").unwrap_or("?"),
                reply.get_str("errmsg").unwrap_or("?")
            ),
            (code, name, errmsg),
            "command {command}"
        );
        assert_eq!(reply.get_f64("ok").ok(), Some(0.0));
    }
}

#[test]
fn kill_sessions_error_rows() {
    const C: &str = "KillSessionsCmd.killSessions";
    let _ = C;
    check_rows(vec![
        (false, admin, "admin", doc! { "killSessions": "x" }, 14, "TypeMismatch", "BSON field 'KillSessionsCmd.killSessions' is the wrong type 'string', expected type 'array'"),
        (false, admin, "admin", doc! { "killSessions": Bson::Null }, 40414, "IDLFailedToParse", "BSON field 'KillSessionsCmd.killSessions' is missing but a required field"),
        (false, admin, "admin", doc! { "killSessions": ["abc"] }, 14, "TypeMismatch", "BSON field 'KillSessionsCmd.killSessions.0' is the wrong type 'string', expected type 'object'"),
        (false, admin, "admin", doc! { "killSessions": [{}] }, 40414, "IDLFailedToParse", "BSON field 'KillSessionsCmd.killSessions.id' is missing but a required field"),
        (false, admin, "admin", doc! { "killSessions": [{ "id": "x" }] }, 14, "TypeMismatch", "BSON field 'KillSessionsCmd.killSessions.id' is the wrong type 'string', expected type 'binData'"),
        (false, admin, "admin", doc! { "killSessions": [{ "id": bin0(16) }] }, 14, "TypeMismatch", "BSON field 'KillSessionsCmd.killSessions.id' is the wrong binData type 'general', expected type 'UUID'"),
        (false, admin, "admin", doc! { "killSessions": [{ "id": uuid(1), "foo": 1 }] }, 40415, "IDLUnknownField", "BSON field 'KillSessionsCmd.killSessions.foo' is an unknown field."),
        (true, app, "admin", doc! { "killSessions": [{ "id": uuid(1), "uid": bin0(32) }] }, 13, "Unauthorized", "Unauthorized to set user digest in LogicalSessionId"),
        (false, admin, "admin", doc! { "killSessions": [{ "id": uuid(1), "uid": bin0(16) }] }, 12, "UnsupportedFormat", "Unsupported SHA256Block hash length: 16"),
        (false, admin, "admin", doc! { "killSessions": [{ "id": uuid(1), "txnNumber": 1_i64 }] }, 72, "InvalidOptions", "Cannot specify txnNumber in lsid without specifying txnUUID"),
        (false, admin, "admin", doc! { "killSessions": [{ "id": uuid(1), "txnUUID": uuid(2) }] }, 72, "InvalidOptions", "Cannot kill a child session"),
        (true, anonymous, "admin", doc! { "killSessions": [] }, 13, "Unauthorized", "Command killSessions requires authentication"),
    ]);
}

#[test]
fn kill_all_sessions_error_rows() {
    check_rows(vec![
        (false, admin, "admin", doc! { "killAllSessions": "x" }, 14, "TypeMismatch", "BSON field 'KillAllSessionsCmd.killAllSessions' is the wrong type 'string', expected type 'array'"),
        (false, admin, "admin", doc! { "killAllSessions": 1.5 }, 14, "TypeMismatch", "BSON field 'KillAllSessionsCmd.killAllSessions' is the wrong type 'double', expected type 'array'"),
        (false, admin, "admin", doc! { "killAllSessions": 1 }, 14, "TypeMismatch", "BSON field 'KillAllSessionsCmd.killAllSessions' is the wrong type 'int', expected type 'array'"),
        (false, admin, "admin", doc! { "killAllSessions": {} }, 14, "TypeMismatch", "BSON field 'KillAllSessionsCmd.killAllSessions' is the wrong type 'object', expected type 'array'"),
        (false, admin, "admin", doc! { "killAllSessions": Bson::Null }, 40414, "IDLFailedToParse", "BSON field 'KillAllSessionsCmd.killAllSessions' is missing but a required field"),
        (false, admin, "admin", doc! { "killAllSessions": ["bob"] }, 14, "TypeMismatch", "BSON field 'KillAllSessionsCmd.killAllSessions.0' is the wrong type 'string', expected type 'object'"),
        (false, admin, "admin", doc! { "killAllSessions": [{ "user": "u" }] }, 40414, "IDLFailedToParse", "BSON field 'KillAllSessionsCmd.killAllSessions.db' is missing but a required field"),
        (false, admin, "admin", doc! { "killAllSessions": [{ "db": "d" }] }, 40414, "IDLFailedToParse", "BSON field 'KillAllSessionsCmd.killAllSessions.user' is missing but a required field"),
        (false, admin, "admin", doc! { "killAllSessions": [{}] }, 40414, "IDLFailedToParse", "BSON field 'KillAllSessionsCmd.killAllSessions.db' is missing but a required field"),
        (false, admin, "admin", doc! { "killAllSessions": [{ "user": "u", "db": "d", "x": 1 }] }, 40415, "IDLUnknownField", "BSON field 'KillAllSessionsCmd.killAllSessions.x' is an unknown field."),
        (false, admin, "admin", doc! { "killAllSessions": [{ "user": 1, "db": "d" }] }, 14, "TypeMismatch", "BSON field 'KillAllSessionsCmd.killAllSessions.user' is the wrong type 'int', expected type 'string'"),
        (false, admin, "admin", doc! { "killAllSessions": [{ "user": "u", "db": "a.b" }] }, 73, "InvalidNamespace", "'.' is an invalid character in a db name: a.b"),
        (true, app, "admin", doc! { "killAllSessions": [] }, 13, "Unauthorized", "not authorized on admin to execute command { killAllSessions: [], $db: \"admin\" }"),
        (true, anonymous, "admin", doc! { "killAllSessions": [] }, 13, "Unauthorized", "Command killAllSessions requires authentication"),
        (false, admin, "admin", doc! { "killAllSessions": [], "writeConcern": { "w": 1 } }, 72, "InvalidOptions", "Command does not support writeConcern"),
    ]);
}

#[test]
fn kill_all_sessions_by_pattern_error_rows() {
    check_rows(vec![
        (false, admin, "admin", doc! { "killAllSessionsByPattern": "x" }, 14, "TypeMismatch", "BSON field 'KillAllSessionsByPatternCmd.killAllSessionsByPattern' is the wrong type 'string', expected type 'array'"),
        (false, admin, "admin", doc! { "killAllSessionsByPattern": [{ "foo": 1 }] }, 40415, "IDLUnknownField", "BSON field 'KillAllSessionsByPatternCmd.killAllSessionsByPattern.foo' is an unknown field."),
        (false, admin, "admin", doc! { "killAllSessionsByPattern": [{ "lsid": { "id": uuid(1) } }] }, 40414, "IDLFailedToParse", "BSON field 'KillAllSessionsByPatternCmd.killAllSessionsByPattern.lsid.uid' is missing but a required field"),
        (false, admin, "admin", doc! { "killAllSessionsByPattern": [{ "lsid": { "id": uuid(1), "uid": bin0(32), "txnUUID": uuid(2) } }] }, 72, "InvalidOptions", "Cannot kill a child session"),
        (false, admin, "admin", doc! { "killAllSessionsByPattern": [{ "uid": uuid(1) }] }, 14, "TypeMismatch", "BSON field 'KillAllSessionsByPatternCmd.killAllSessionsByPattern.uid' is the wrong binData type 'UUID', expected type 'general'"),
        (false, admin, "admin", doc! { "killAllSessionsByPattern": [{ "uid": bin0(16) }] }, 12, "UnsupportedFormat", "Unsupported SHA256Block hash length: 16"),
        (false, admin, "admin", doc! { "killAllSessionsByPattern": [{ "users": {} }] }, 14, "TypeMismatch", "BSON field 'KillAllSessionsByPatternCmd.killAllSessionsByPattern.users' is the wrong type 'object', expected type 'array'"),
        (false, admin, "admin", doc! { "killAllSessionsByPattern": [{ "roles": [{ "role": "r" }] }] }, 40414, "IDLFailedToParse", "BSON field 'KillAllSessionsByPatternCmd.killAllSessionsByPattern.roles.db' is missing but a required field"),
        (true, admin, "admin", doc! { "killAllSessionsByPattern": [{ "users": [] }] }, 13, "Unauthorized", "Not authorized to impersonate in killAllSessionsByPattern"),
        (true, app, "admin", doc! { "killAllSessionsByPattern": [] }, 13, "Unauthorized", "not authorized on admin to execute command { killAllSessionsByPattern: [], $db: \"admin\" }"),
    ]);
}

#[test]
fn session_lifecycle_error_rows() {
    check_rows(vec![
        (false, admin, "admin", doc! { "endSessions": [{ "id": uuid(1), "txnUUID": uuid(2) }] }, 72, "InvalidOptions", "Cannot specify a child session id 01010101-0101-0101-0101-010101010101 - 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= -  - 02020202-0202-0202-0202-020202020202"),
        (true, app, "admin", doc! { "endSessions": [{ "id": uuid(1), "uid": bin0(32) }] }, 13, "Unauthorized", "Unauthorized to set user digest in LogicalSessionId"),
        (false, admin, "admin", doc! { "endSessions": [], "comment": "x", "foo": 1 }, 40415, "IDLUnknownField", "BSON field 'endSessions.foo' is an unknown field."),
        (false, admin, "admin", doc! { "refreshSessions": [{ "id": uuid(1) }], "ttl": 5 }, 40415, "IDLUnknownField", "BSON field 'refreshSessions.ttl' is an unknown field."),
        (true, anonymous, "admin", doc! { "startSession": 1 }, 13, "Unauthorized", "Command startSession requires authentication"),
        (false, admin, "test", doc! { "ping": 1, "lsid": { "id": uuid(1), "txnNumber": 1_i64 } }, 72, "InvalidOptions", "Cannot specify txnNumber in lsid without specifying txnUUID"),
        (false, admin, "test", doc! { "find": "c", "lsid": { "id": uuid(1) }, "txnNumber": 1 }, 14, "TypeMismatch", "BSON field 'OperationSessionInfo.txnNumber' is the wrong type 'int', expected type 'long'"),
    ]);
}

#[test]
fn max_sessions_gives_too_many_logical_sessions() {
    use sessionlab::engine::{Deployment, DeploymentOptions};
    let mut dep = Deployment::new(DeploymentOptions {
        max_sessions: 1,
        ..DeploymentOptions::default()
    });
    let conn = dep.open_connection();
    ok(&dep
        .run_command(conn, "admin", &doc! { "startSession": 1 })
        .reply);
    let reply = dep
        .run_command(conn, "admin", &doc! { "startSession": 1 })
        .reply;
    assert_eq!(reply.get_i32("code").ok(), Some(261));
    assert_eq!(
        reply.get_str("codeName").ok(),
        Some("TooManyLogicalSessions")
    );
    // The lsid as the server's `operator<<` writes it: the id, the uid in base64 (the empty
    // digest: access control is off), and an empty txnNumber and txnUUID.
    let message = reply.get_str("errmsg").unwrap();
    let (id, rest) = message
        .strip_prefix("Unable to add session ID ")
        .and_then(|m| m.split_once(' '))
        .unwrap_or_else(|| panic!("{message}"));
    assert_eq!(id.len(), 36, "{message}");
    assert_eq!(
        rest,
        "- 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= -  -  into the cache because the number of active sessions is too high"
    );
    let reply = dep
        .run_command(
            conn,
            "admin",
            &doc! { "refreshSessions": [{ "id": uuid(9) }] },
        )
        .reply;
    assert_eq!(reply.get_i32("code").ok(), Some(261));
}

#[test]
fn list_sessions_error_rows() {
    let agg = |stage: &str, spec: Bson| doc! { "aggregate": 1, "pipeline": [{ stage: spec }], "cursor": {} };
    let sessions = |spec: Bson| doc! { "aggregate": "system.sessions", "pipeline": [{ "$listSessions": spec }], "cursor": {} };
    check_rows(vec![
        (false, admin, "admin", agg("$listLocalSessions", Bson::Int32(1)), 14, "TypeMismatch", "$listLocalSessions options must be specified in an object, but found: int"),
        (false, admin, "config", sessions(Bson::String("x".into())), 14, "TypeMismatch", "$listSessions options must be specified in an object, but found: string"),
        (false, admin, "config", sessions(Bson::Document(doc! { "foo": 1 })), 40415, "IDLUnknownField", "BSON field '$listSessions.foo' is an unknown field."),
        (false, admin, "config", sessions(Bson::Document(doc! { "allUsers": 1 })), 14, "TypeMismatch", "BSON field '$listSessions.allUsers' is the wrong type 'int', expected type 'bool'"),
        (false, admin, "config", sessions(Bson::Document(doc! { "users": [{ "user": "u" }] })), 40414, "IDLFailedToParse", "BSON field '$listSessions.users.db' is missing but a required field"),
        (false, admin, "admin", agg("$listLocalSessions", Bson::Document(doc! { "users": [{ "user": "u", "db": 1 }] })), 14, "TypeMismatch", "BSON field '$listLocalSessions.users.db' is the wrong type 'int', expected type 'string'"),
        (false, admin, "admin", agg("$listLocalSessions", Bson::Document(doc! { "users": [{ "user": "u", "db": "d", "role": "r" }] })), 40415, "IDLUnknownField", "BSON field '$listLocalSessions.users.role' is an unknown field."),
        (false, admin, "admin", agg("$listLocalSessions", Bson::Document(doc! { "allUsers": true, "users": [{ "user": "u", "db": "d" }] })), 12, "UnsupportedFormat", "$listLocalSessions may not specify {allUsers:true} and {users:[...]} at the same time"),
        (false, admin, "admin", agg("$listSessions", Bson::Document(doc! {})), 73, "InvalidNamespace", "$listSessions may only be run against config.system.sessions"),
        (false, admin, "admin", doc! { "aggregate": "c", "pipeline": [{ "$listLocalSessions": {} }], "cursor": {} }, 73, "InvalidNamespace", "$listLocalSessions must be run against the database with {aggregate: 1}, not a collection"),
        (true, app, "admin", agg("$listLocalSessions", Bson::Document(doc! { "allUsers": true })), 13, "Unauthorized", "not authorized on admin to execute command { aggregate: 1, pipeline: [ { $listLocalSessions: { allUsers: true } } ], cursor: {}, $db: \"admin\" }"),
        (true, anonymous, "admin", agg("$listLocalSessions", Bson::Document(doc! {})), 13, "Unauthorized", "Command aggregate requires authentication"),
        (false, admin, "admin", doc! { "aggregate": 1, "pipeline": [{ "$match": {} }, { "$listLocalSessions": {} }], "cursor": {} }, 40602, "Location40602", "$listLocalSessions is only valid as the first stage in a pipeline."),
    ]);
}

/// Beyond the spec's tables, read in the server's source: the commands whose `adminOnly()` is
/// true (`txn_cmds.cpp`, `txn_two_phase_commit_cmds.cpp`, `current_op_common.h`, `kill_op.cpp`,
/// `test_commands.cpp`) are refused on any other database before the caller's login is
/// looked at (`checkAuthorizationImplPreParse`), and the refusal leaves a transaction as it was.
/// `refreshLogicalSessionCacheNow` runs on any database and needs no login.
#[test]
fn admin_only_commands_are_refused_on_other_databases() {
    let commands = [
        ("test", doc! { "commitTransaction": 1 }),
        ("db1", doc! { "abortTransaction": 1 }),
        ("test", doc! { "prepareTransaction": 1 }),
        ("test", doc! { "currentOp": 1 }),
        ("test", doc! { "killOp": 1, "op": 1 }),
        ("test", doc! { "sleep": 1, "secs": 1 }),
    ];
    for (auth, who) in [(false, admin as fn(&Fixture) -> u32), (true, anonymous)] {
        for (db, command) in &commands {
            let name = command.keys().next().unwrap();
            let mut f = Fixture::new(auth);
            let reply = f.run(who(&f), db, command.clone());
            let errmsg = format!("{name} may only be run against the admin database.");
            check_error(&reply, 13, "Unauthorized", &errmsg);
        }
    }
    let mut f = Fixture::new(true);
    let reply = f.run(f.anonymous, "admin", doc! { "currentOp": 1 });
    check_error(
        &reply,
        13,
        "Unauthorized",
        "Command currentOp requires authentication",
    );
    ok(&f.run(
        f.anonymous,
        "test",
        doc! { "refreshLogicalSessionCacheNow": 1 },
    ));
}

/// A commit sent to another database is refused before it reaches the transaction, which
/// commits when the commit is sent to `admin`.
#[test]
fn a_commit_refused_on_another_database_leaves_the_transaction_open() {
    let mut f = Fixture::new(false);
    let lsid = doc! { "id": uuid(6) };
    ok(&f.run(f.admin, "test", doc! { "insert": "c", "documents": [{ "x": 1 }], "lsid": lsid.clone(), "txnNumber": 1_i64, "startTransaction": true, "autocommit": false }));
    let commit =
        doc! { "commitTransaction": 1, "lsid": lsid, "txnNumber": 1_i64, "autocommit": false };
    let reply = f.run(f.admin, "test", commit.clone());
    let errmsg = "commitTransaction may only be run against the admin database.";
    check_error(&reply, 13, "Unauthorized", errmsg);
    assert!(reply.get("errorLabels").is_none(), "{reply}");
    ok(&f.run(f.admin, "admin", commit));
    let found = f.run(
        f.admin,
        "test",
        doc! { "find": "c", "projection": { "_id": 0 } },
    );
    let batch = found
        .get_document("cursor")
        .unwrap()
        .get_array("firstBatch");
    assert_eq!(batch.unwrap(), &vec![Bson::Document(doc! { "x": 1 })]);
}

#[test]
fn transactions_after_a_kill_get_no_such_transaction_with_the_transient_label() {
    let mut f = Fixture::new(false);
    let lsid = doc! { "id": uuid(5) };
    ok(&f.run(f.admin, "test", doc! { "insert": "c", "documents": [{ "x": 1 }], "lsid": lsid.clone(), "txnNumber": 1_i64, "startTransaction": true, "autocommit": false }));
    ok(&f.run(f.admin, "admin", doc! { "killAllSessions": [] }));
    let reply = f.run(f.admin, "admin", doc! { "commitTransaction": 1, "lsid": lsid.clone(), "txnNumber": 1_i64, "autocommit": false });
    check_error(
        &reply,
        251,
        "NoSuchTransaction",
        "Transaction with { txnNumber: 1, txnRetryCounter: 0 } has been aborted.",
    );
    assert_eq!(
        reply.get_array("errorLabels").unwrap(),
        &vec![Bson::String("TransientTransactionError".into())]
    );
    let reply = f.run(f.admin, "test", doc! { "insert": "c", "documents": [{ "x": 2 }], "lsid": lsid.clone(), "txnNumber": 1_i64, "startTransaction": true, "autocommit": false });
    check_error(&reply, 117, "ConflictingOperationInProgress", "Only servers in a sharded cluster can start a new transaction at the active transaction number");
    ok(&f.run(f.admin, "test", doc! { "insert": "c", "documents": [{ "x": 3 }], "lsid": lsid, "txnNumber": 2_i64, "startTransaction": true, "autocommit": false }));
}

#[test]
fn killed_cursor_gives_cursor_not_found_and_killed_operation_is_interrupted() {
    let mut f = Fixture::new(false);
    ok(&f.run(
        f.admin,
        "test",
        doc! { "insert": "c", "documents": [{ "x": 1 }, { "x": 2 }, { "x": 3 }] },
    ));
    let reply = f.run(
        f.admin,
        "test",
        doc! { "find": "c", "batchSize": 1, "lsid": { "id": uuid(3) } },
    );
    let cursor_id = reply.get_document("cursor").unwrap().get_i64("id").unwrap();
    let op = f
        .dep
        .run_command(
            f.app,
            "admin",
            &doc! { "sleep": 1, "secs": 60, "lsid": { "id": uuid(4) } },
        )
        .pending
        .expect("sleep keeps running");
    ok(&f.run(f.admin, "admin", doc! { "killAllSessions": [] }));
    let reply = f.run(
        f.admin,
        "test",
        doc! { "getMore": cursor_id, "collection": "c", "lsid": { "id": uuid(3) } },
    );
    check_error(
        &reply,
        43,
        "CursorNotFound",
        &format!("cursor id {cursor_id} not found"),
    );
    check_error(
        &f.dep.finished_op(op).unwrap().reply(),
        11601,
        "Interrupted",
        "operation was interrupted",
    );
}
