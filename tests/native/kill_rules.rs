//! The rules users rely on: the seed page's two examples, and each surprising rule the spec
//! lists (killed sessions stay listed and usable; prepared transactions are never aborted;
//! `killSessions: []` kills everything with access control off and only your own with it on;
//! users/roles patterns kill everything; uid wins over lsid).

use super::support::{check_error, ok, uuid, Fixture};
use bson::{doc, Bson, Document};
use sessionlab::engine::ids::Uid;
use sessionlab::engine::kill::{Fate, KillReport, Reason};
use sessionlab::engine::transactions::TxnState;
use sessionlab::engine::SessionState;

/// Gives each fixture user a session with a transaction in progress; returns the lsid docs.
fn busy_sessions(f: &mut Fixture) -> Vec<(u32, Document)> {
    let mut out = Vec::new();
    for (i, conn) in [f.app, f.report, f.audit, f.admin].into_iter().enumerate() {
        let lsid = doc! { "id": uuid(u8::try_from(i).unwrap() + 10) };
        // Not on admin: a transaction may not run commands there (263).
        let db = ["db1", "db2", "db3", "test"][i];
        let reply = f.run(conn, db, doc! { "find": "c", "lsid": lsid.clone(), "txnNumber": 1_i64, "startTransaction": true, "autocommit": false });
        ok(&reply);
        out.push((conn, lsid));
    }
    out
}

fn kill(f: &mut Fixture, who: fn(&Fixture) -> u32, command: Document) -> KillReport {
    let conn = who(f);
    let outcome = f.dep.run_command(conn, "admin", &command);
    ok(&outcome.reply);
    outcome.report.expect("a kill command yields a report")
}

fn fate_of(report: &KillReport, user: &str) -> Fate {
    report
        .verdicts()
        .iter()
        .find(|v| v.user.as_deref() == Some(user))
        .unwrap_or_else(|| panic!("no verdict for {user}"))
        .fate
}

#[test]
fn seed_example_kill_all_sessions_for_all_users() {
    let mut f = Fixture::new(true);
    busy_sessions(&mut f);
    let report = kill(&mut f, |f| f.admin, doc! { "killAllSessions": [] });
    assert!(report
        .verdicts()
        .iter()
        .all(|v| v.fate == Fate::Killed && v.reason == Reason::MatchedEverything));
    assert!(report
        .verdicts()
        .iter()
        .all(|v| v.effects.transaction_aborted == Some(1)));
    assert_eq!(report.verdicts().len(), 4);
}

#[test]
fn seed_example_kill_all_sessions_for_specific_users() {
    let mut f = Fixture::new(true);
    busy_sessions(&mut f);
    let report = kill(
        &mut f,
        |f| f.admin,
        doc! { "killAllSessions": [{ "user": "appReader", "db": "db1" }, { "user": "reportWriter", "db": "db2" }] },
    );
    assert_eq!(fate_of(&report, "appReader@db1"), Fate::Killed);
    assert_eq!(fate_of(&report, "reportWriter@db2"), Fate::Killed);
    assert_eq!(fate_of(&report, "auditor@db3"), Fate::Survived);
    assert_eq!(fate_of(&report, "admin@admin"), Fate::Survived);
    let verdicts = report.verdicts();
    let survivor = verdicts
        .iter()
        .find(|v| v.user.as_deref() == Some("auditor@db3"))
        .unwrap();
    assert_eq!(survivor.reason, Reason::OtherOwner);
    assert_eq!(survivor.explanation, "Survived: owned by auditor@db3, and the command targeted only appReader@db1, reportWriter@db2.");
    let killed = verdicts
        .iter()
        .find(|v| v.user.as_deref() == Some("appReader@db1"))
        .unwrap();
    assert_eq!(
        killed.explanation,
        "Killed because its owner appReader@db1 is named in the command: transaction 1 aborted."
    );
}

#[test]
fn uid_of_app_reader_is_the_spec_value() {
    assert_eq!(
        Uid::of_user("appReader", "db1").to_hex(),
        "abba1cd972f9676d50c90776b50fc0e8618b2c609b8ab801b8bad512466452b4"
    );
    assert_eq!(
        Uid::of_user("reportWriter", "db2").to_hex(),
        "25718749cc69fc2b457b63acd9c5fc5e981306074c8d0e41e84b868e3b70779b"
    );
    assert_eq!(
        Uid::no_auth().to_hex(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        Uid::of_user("simple", "admin").to_hex(),
        "31626d39063bb9955f1f285992ea059210662c3837a1328603507e0e9f54ce35"
    );
    assert_eq!(Uid::of_user("", ""), Uid::no_auth());
}

#[test]
fn the_server_puts_the_spec_uid_in_the_lsid() {
    let mut f = Fixture::new(true);
    ok(&f.run(f.app, "db1", doc! { "ping": 1, "lsid": { "id": uuid(1) } }));
    let reply = f.run(
        f.app,
        "admin",
        doc! { "aggregate": 1, "pipeline": [{ "$listLocalSessions": {} }], "cursor": {} },
    );
    let batch = reply
        .get_document("cursor")
        .unwrap()
        .get_array("firstBatch")
        .unwrap();
    let record = batch[0].as_document().unwrap();
    let uid = record
        .get_document("_id")
        .unwrap()
        .get_binary_generic("uid")
        .unwrap();
    assert_eq!(
        uid.as_slice(),
        Uid::of_user("appReader", "db1").0.as_slice()
    );
    assert_eq!(record.get_str("user").unwrap(), "appReader@db1");
}

#[test]
fn a_killed_session_stays_listed_and_usable() {
    let mut f = Fixture::new(true);
    let sessions = busy_sessions(&mut f);
    kill(&mut f, |f| f.admin, doc! { "killAllSessions": [] });
    let reply = f.run(f.admin, "admin", doc! { "aggregate": 1, "pipeline": [{ "$listLocalSessions": { "allUsers": true } }], "cursor": {} });
    assert_eq!(
        reply
            .get_document("cursor")
            .unwrap()
            .get_array("firstBatch")
            .unwrap()
            .len(),
        4,
        "all killed sessions are still listed"
    );
    let (conn, lsid) = sessions[0].clone();
    ok(&f.run(conn, "db1", doc! { "find": "c", "lsid": lsid.clone() }));
    ok(&f.run(conn, "db1", doc! { "find": "c", "lsid": lsid, "txnNumber": 2_i64, "startTransaction": true, "autocommit": false }));
}

#[test]
fn a_prepared_transaction_is_never_aborted_but_its_cursor_still_closes() {
    let mut f = Fixture::new(false);
    ok(&f.run(
        f.admin,
        "test",
        doc! { "insert": "c", "documents": [{ "x": 1 }, { "x": 2 }] },
    ));
    let lsid = doc! { "id": uuid(8) };
    let txn = |extra: Document| {
        let mut d = extra;
        d.insert("lsid", lsid.clone());
        d.insert("txnNumber", 1_i64);
        d.insert("autocommit", false);
        d
    };
    let mut first = txn(doc! { "find": "c", "batchSize": 1 });
    first.insert("startTransaction", true);
    let reply = f.run(f.admin, "test", first);
    assert_ne!(
        reply.get_document("cursor").unwrap().get_i64("id").unwrap(),
        0
    );
    let prepared = f.run(f.admin, "admin", txn(doc! { "prepareTransaction": 1 }));
    ok(&prepared);
    let report = kill(&mut f, |f| f.admin, doc! { "killAllSessions": [] });
    let verdict = &report.verdicts()[0];
    assert_eq!(
        (verdict.fate, verdict.reason),
        (Fate::Survived, Reason::PreparedTransactionKept)
    );
    assert_eq!(verdict.effects.prepared_transaction_kept, Some(1));
    assert_eq!(verdict.effects.transaction_aborted, None);
    assert_eq!(
        verdict.effects.cursors_closed.len(),
        1,
        "phase C is not filtered by transaction state"
    );
    let view = f.dep.session_views().into_iter().next().unwrap();
    assert_eq!(view.txn, Some((1, TxnState::Prepared)));
    assert_eq!(view.state, SessionState::TransactionPrepared);
    // The coordinator commits it, at a timestamp no earlier than the prepare's.
    let prepare_timestamp = prepared.get_timestamp("prepareTimestamp").unwrap();
    let mut commit = txn(doc! { "commitTransaction": 1 });
    let earlier = bson::Timestamp {
        increment: prepare_timestamp.increment - 1,
        ..prepare_timestamp
    };
    commit.insert("commitTimestamp", Bson::Timestamp(earlier));
    check_error(
        &f.run(f.admin, "admin", commit.clone()),
        72,
        "InvalidOptions",
        "'commitTimestamp' must be greater than or equal to 'prepareTimestamp'",
    );
    commit.insert("commitTimestamp", Bson::Timestamp(prepare_timestamp));
    ok(&f.run(f.admin, "admin", commit));
}

#[test]
fn kill_sessions_empty_kills_everything_with_auth_off_and_only_your_own_with_auth_on() {
    let mut f = Fixture::new(false);
    busy_sessions(&mut f);
    let report = kill(&mut f, |f| f.app, doc! { "killSessions": [] });
    assert!(
        report.verdicts().iter().all(|v| v.fate == Fate::Killed),
        "auth off: every session"
    );

    let mut f = Fixture::new(true);
    busy_sessions(&mut f);
    let report = kill(&mut f, |f| f.app, doc! { "killSessions": [] });
    assert_eq!(fate_of(&report, "appReader@db1"), Fate::Killed);
    for other in ["reportWriter@db2", "auditor@db3", "admin@admin"] {
        assert_eq!(fate_of(&report, other), Fate::Survived, "{other}");
    }
}

#[test]
fn users_and_roles_patterns_never_narrow_the_kill() {
    let mut f = Fixture::new(false);
    busy_sessions(&mut f);
    let report = kill(
        &mut f,
        |f| f.admin,
        doc! { "killAllSessionsByPattern": [{ "users": [{ "user": "appReader", "db": "db1" }] }] },
    );
    assert!(
        report.verdicts().iter().all(|v| v.fate == Fate::Killed),
        "a users-only pattern kills everything"
    );
    let mut f = Fixture::new(false);
    busy_sessions(&mut f);
    let report = kill(
        &mut f,
        |f| f.admin,
        doc! { "killAllSessionsByPattern": [{ "roles": [{ "role": "readWrite", "db": "db1" }] }] },
    );
    assert!(
        report.verdicts().iter().all(|v| v.fate == Fate::Killed),
        "a roles-only pattern kills everything"
    );
}

#[test]
fn uid_wins_over_lsid_in_a_pattern() {
    let mut f = Fixture::new(true);
    let sessions = busy_sessions(&mut f);
    let app_uid = Uid::of_user("appReader", "db1").to_bson();
    let report_lsid = doc! { "id": sessions[1].1.get("id").unwrap().clone(), "uid": Uid::of_user("reportWriter", "db2").to_bson() };
    let report = kill(
        &mut f,
        |f| f.admin,
        doc! { "killAllSessionsByPattern": [{ "lsid": report_lsid, "uid": app_uid }] },
    );
    assert_eq!(fate_of(&report, "appReader@db1"), Fate::Killed);
    assert_eq!(
        fate_of(&report, "reportWriter@db2"),
        Fate::Survived,
        "the lsid is ignored when uid is present"
    );
}

#[test]
fn kill_all_sessions_with_a_null_element_kills_everything() {
    let mut f = Fixture::new(false);
    busy_sessions(&mut f);
    let report = kill(
        &mut f,
        |f| f.admin,
        doc! { "killAllSessions": [Bson::Null] },
    );
    assert!(report.verdicts().iter().all(|v| v.fate == Fate::Killed));
}

#[test]
fn end_sessions_takes_effect_at_the_next_refresh() {
    let mut f = Fixture::new(false);
    ok(&f.run(
        f.admin,
        "test",
        doc! { "ping": 1, "lsid": { "id": uuid(1) } },
    ));
    ok(&f.run(
        f.admin,
        "admin",
        doc! { "endSessions": [{ "id": uuid(1) }] },
    ));
    let list = |f: &mut Fixture| {
        f.run(f.admin, "admin", doc! { "aggregate": 1, "pipeline": [{ "$listLocalSessions": { "allUsers": true } }], "cursor": {} }).get_document("cursor").unwrap().get_array("firstBatch").unwrap().len()
    };
    assert_eq!(list(&mut f), 1, "still listed until the refresh");
    f.dep.advance(5 * 60 * 1000);
    assert_eq!(list(&mut f), 0);
    assert_eq!(f.dep.session_views()[0].state, SessionState::Ended);
}

#[test]
fn the_cache_refresh_moves_sessions_to_the_sessions_collection() {
    let mut f = Fixture::new(true);
    ok(&f.run(f.app, "db1", doc! { "ping": 1, "lsid": { "id": uuid(1) } }));
    let list_sessions = |f: &mut Fixture| {
        f.run(f.admin, "config", doc! { "aggregate": "system.sessions", "pipeline": [{ "$listSessions": { "allUsers": true } }], "cursor": {} }).get_document("cursor").unwrap().get_array("firstBatch").unwrap().clone()
    };
    assert!(list_sessions(&mut f).is_empty(), "nothing flushed yet");
    ok(&f.run(
        f.admin,
        "admin",
        doc! { "refreshLogicalSessionCacheNow": 1 },
    ));
    let listed = list_sessions(&mut f);
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0]
            .as_document()
            .unwrap()
            .get_document("user")
            .unwrap()
            .get_str("name")
            .unwrap(),
        "appReader@db1"
    );
    f.dep.advance(31 * 60 * 1000);
    assert!(
        list_sessions(&mut f).is_empty(),
        "expired after 30 idle minutes"
    );
}

#[test]
fn transactions_abort_after_the_lifetime_limit() {
    let mut f = Fixture::new(false);
    ok(&f.run(f.admin, "test", doc! { "find": "c", "lsid": { "id": uuid(1) }, "txnNumber": 1_i64, "startTransaction": true, "autocommit": false }));
    f.dep.advance(59_000);
    assert_eq!(
        f.dep.session_views()[0].txn,
        Some((1, TxnState::InProgress))
    );
    f.dep.advance(1_000);
    assert_eq!(
        f.dep.session_views()[0].txn,
        Some((1, TxnState::AbortedWithoutPrepare))
    );
}

#[test]
fn kill_op_interrupts_and_current_op_lists_the_lsid() {
    let mut f = Fixture::new(false);
    let op = f
        .dep
        .run_command(
            f.app,
            "admin",
            &doc! { "sleep": 1, "secs": 60, "lsid": { "id": uuid(2) } },
        )
        .pending
        .unwrap();
    let reply = f.run(f.admin, "admin", doc! { "currentOp": 1 });
    let inprog = reply.get_array("inprog").unwrap();
    assert_eq!(inprog.len(), 1);
    assert!(inprog[0]
        .as_document()
        .unwrap()
        .get_document("lsid")
        .is_ok());
    ok(&f.run(
        f.admin,
        "admin",
        doc! { "killOp": 1, "op": i32::try_from(op).unwrap() },
    ));
    assert!(f.dep.finished_op(op).unwrap().killed.is_some());
}

#[test]
fn verdicts_in_json_carry_the_stable_codes() {
    let mut shell = sessionlab::shell::Shell::default();
    let records = shell.execute(
        1,
        "db.runCommand({ startSession: 1 })\ndb.runCommand({ killSessions: [] })",
    );
    let kill = &records[1];
    let report = kill.report.as_ref().expect("a report");
    let json = kill.json();
    let verdicts = json["verdicts"].as_array().expect("verdicts");
    assert_eq!(verdicts.len(), report.len());
    for (json, verdict) in verdicts.iter().zip(report.verdicts()) {
        assert_eq!(json["reason"], verdict.reason.code());
        assert_eq!(json["fate"], verdict.fate.code());
        assert_eq!(json["id"], verdict.id.as_str());
    }
    assert!(verdicts.iter().all(|v| v["reason"] == "matched_everything"));
}

/// Starts a transaction on an internal child session of `parent` (`txnUUID` `child`).
fn child_transaction(f: &mut Fixture, conn: u32, parent: u8, child: u8) -> Document {
    let lsid = doc! { "id": uuid(parent), "txnUUID": uuid(child) };
    let reply = f.run(conn, "db1", doc! { "insert": "c", "documents": [{ "x": 1 }], "lsid": lsid.clone(), "txnNumber": 0_i64, "startTransaction": true, "autocommit": false });
    ok(&reply);
    lsid
}

/// Whether the child's transaction still commits (it does unless a kill aborted it).
fn commits(f: &mut Fixture, conn: u32, lsid: &Document) -> bool {
    let reply = f.run(conn, "admin", doc! { "commitTransaction": 1, "lsid": lsid.clone(), "txnNumber": 0_i64, "autocommit": false });
    reply
        .get_f64("ok")
        .is_ok_and(|ok| (ok - 1.0).abs() < f64::EPSILON)
}

#[test]
fn killing_a_parent_session_its_uid_or_its_user_kills_its_children() {
    let no_auth = Uid::no_auth().to_bson();
    let mut f = Fixture::new(false);
    let own = f.admin;
    let parent_pattern = doc! { "lsid": { "id": uuid(1), "uid": no_auth.clone() } };
    for (round, (command, parent_dies)) in [
        (doc! { "killSessions": [{ "id": uuid(1) }] }, true),
        (doc! { "killAllSessionsByPattern": [parent_pattern] }, true),
        (
            doc! { "killAllSessionsByPattern": [{ "uid": no_auth.clone() }] },
            true,
        ),
        (doc! { "killSessions": [{ "id": uuid(3) }] }, false),
    ]
    .into_iter()
    .enumerate()
    {
        // Fresh children each round: a child's txnNumber 0 cannot start twice.
        let base = 50 + 3 * u8::try_from(round).unwrap();
        let first = child_transaction(&mut f, own, 1, base);
        let second = child_transaction(&mut f, own, 1, base + 1);
        let other = child_transaction(&mut f, own, 2, base + 2);
        let report = kill(&mut f, |f| f.admin, command.clone());
        assert_eq!(commits(&mut f, own, &first), !parent_dies, "{command}");
        assert_eq!(commits(&mut f, own, &second), !parent_dies, "{command}");
        let kills_everyone = command.contains_key("killAllSessionsByPattern")
            && command.get_array("killAllSessionsByPattern").unwrap()[0]
                .as_document()
                .unwrap()
                .contains_key("uid");
        assert_eq!(commits(&mut f, own, &other), !kills_everyone, "{command}");
        // The verdicts name parents only; a child's aborted transaction is the parent's effect.
        assert!(report.verdicts().iter().all(|v| v.lsid.child.is_none()));
    }

    // With access control on, by user: only cluster members may use internal sessions.
    let mut f = Fixture::new(true);
    let sys = {
        let reply = f.run(
            f.admin,
            "admin",
            doc! { "createUser": "sys", "pwd": "pw", "roles": ["__system"] },
        );
        ok(&reply);
        let conn = f.dep.open_connection();
        ok(&f.run(
            conn,
            "admin",
            doc! { "authenticate": 1, "user": "sys", "pwd": "pw" },
        ));
        conn
    };
    let child = child_transaction(&mut f, sys, 7, 70);
    let report = kill(
        &mut f,
        |f| f.admin,
        doc! { "killAllSessions": [{ "user": "sys", "db": "admin" }] },
    );
    assert!(!commits(&mut f, sys, &child));
    assert_eq!(fate_of(&report, "sys@admin"), Fate::Killed);
}

/// `(entry, decided_by)` of one user's verdict.
fn decided(report: &KillReport, user: &str) -> (Option<usize>, String) {
    let verdicts = report.verdicts();
    let verdict = verdicts
        .iter()
        .find(|v| v.user.as_deref() == Some(user))
        .unwrap_or_else(|| panic!("no verdict for {user}"));
    (verdict.entry, verdict.decided_by.clone())
}

#[test]
fn each_verdict_names_the_command_entry_that_decided_it() {
    let mut f = Fixture::new(true);
    let sessions = busy_sessions(&mut f);
    // An entry that matches nobody, then two users, then the first user again: a session is
    // decided by the first entry that targets its owner.
    let report = kill(
        &mut f,
        |f| f.admin,
        doc! { "killAllSessions": [
            { "user": "nobody", "db": "db9" },
            { "user": "appReader", "db": "db1" },
            { "user": "reportWriter", "db": "db2" },
            { "user": "appReader", "db": "db1" },
        ] },
    );
    assert_eq!(
        decided(&report, "appReader@db1"),
        (
            Some(1),
            r#"killAllSessions[1] { user: "appReader", db: "db1" }"#.to_owned()
        )
    );
    assert_eq!(
        decided(&report, "reportWriter@db2").1,
        r#"killAllSessions[2] { user: "reportWriter", db: "db2" }"#
    );
    assert_eq!(
        decided(&report, "auditor@db3"),
        (None, "no entry names auditor@db3".to_owned())
    );
    assert_eq!(
        report.entry_texts()[0],
        r#"{ user: "nobody", db: "db9" }"#,
        "every entry is kept, also one that matched nothing"
    );

    // Listed ids: the entry that listed the session.
    let listed = doc! { "id": sessions[2].1.get("id").unwrap().clone() };
    let by_id = kill(
        &mut f,
        |f| f.audit,
        doc! { "killSessions": [{ "id": uuid(99) }, listed] },
    );
    assert_eq!(decided(&by_id, "auditor@db3").0, Some(1));
    assert!(decided(&by_id, "auditor@db3")
        .1
        .starts_with("killSessions[1] { id: UUID("));
    assert_eq!(decided(&by_id, "appReader@db1").1, "no entry lists its id");

    // An empty array decides through no entry.
    let all = kill(&mut f, |f| f.admin, doc! { "killAllSessions": [] });
    assert_eq!(
        decided(&all, "auditor@db3"),
        (None, "killAllSessions: [] (every session)".to_owned())
    );
    let own = kill(&mut f, |f| f.app, doc! { "killSessions": [] });
    assert_eq!(
        decided(&own, "appReader@db1").1,
        "killSessions: [] (the caller's own sessions)"
    );
    assert_eq!(
        decided(&own, "reportWriter@db2").1,
        "no entry matches its owner, reportWriter@db2"
    );

    // A pattern's uid: its entry. A pattern with neither lsid nor uid matches every session
    // and discards the rest: it decides every verdict.
    let uid = Uid::of_user("reportWriter", "db2").to_bson();
    let by_pattern_uid = kill(
        &mut f,
        |f| f.admin,
        doc! { "killAllSessionsByPattern": [{ "uid": Uid::of_user("auditor", "db3").to_bson() }, { "uid": uid.clone() }] },
    );
    assert_eq!(decided(&by_pattern_uid, "reportWriter@db2").0, Some(1));
    let everything = kill(
        &mut f,
        |f| f.admin,
        doc! { "killAllSessionsByPattern": [{ "uid": uid }, {}] },
    );
    assert_eq!(
        decided(&everything, "appReader@db1"),
        (Some(1), "killAllSessionsByPattern[1] {}".to_owned())
    );
}
