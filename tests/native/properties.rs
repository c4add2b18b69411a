//! Property tests: kill invariants over random deployments, and the parser/runner never
//! panicking on arbitrary input. The big fuzz run (a million inputs) is
//! `PROPTEST_CASES=1000000 cargo test --release --test native properties::`.

use super::mixed_deployment::{mixed_deployment, Activity};
use bson::{doc, Document};
use proptest::prelude::*;
use sessionlab::engine::kill::Fate;
use sessionlab::engine::operations::ConnId;
use sessionlab::engine::transactions::TxnState;
use sessionlab::engine::{Deployment, DeploymentOptions};

const USERS: [(&str, &str); 3] = [
    ("appReader", "db1"),
    ("reportWriter", "db2"),
    ("auditor", "db3"),
];

fn activity() -> impl Strategy<Value = Activity> {
    prop_oneof![
        Just(Activity::Idle),
        Just(Activity::Transaction),
        Just(Activity::Prepared),
        Just(Activity::Cursor),
        Just(Activity::Operation)
    ]
}

/// A deployment with auth on, the three users, and sessions doing the given activities.
fn deployment(sessions: &[(usize, Activity)]) -> (Deployment, ConnId) {
    mixed_deployment(&USERS, sessions.iter().copied())
}

fn prepared_sessions(dep: &Deployment) -> Vec<String> {
    dep.session_views()
        .into_iter()
        .filter(|s| matches!(s.txn, Some((_, TxnState::Prepared))))
        .map(|s| s.id)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_pattern_for_one_user_never_touches_another_users_sessions(
        sessions in prop::collection::vec((0..3usize, activity()), 1..8),
        target in 0..3usize,
    ) {
        let (mut dep, admin) = deployment(&sessions);
        let before = dep.session_views();
        let (user, db) = USERS[target];
        let outcome = dep.run_command(admin, "admin", &doc! { "killAllSessions": [{ "user": user, "db": db }] });
        let report = outcome.report.unwrap();
        let after = dep.session_views();
        let target_name = format!("{user}@{db}");
        for verdict in &report.verdicts() {
            if verdict.user.as_deref() != Some(target_name.as_str()) {
                prop_assert_eq!(verdict.fate, Fate::Survived);
                prop_assert!(verdict.effects.operations_interrupted.is_empty() && verdict.effects.cursors_closed.is_empty() && verdict.effects.transaction_aborted.is_none());
                let b = before.iter().find(|s| s.id == verdict.id).unwrap();
                let a = after.iter().find(|s| s.id == verdict.id).unwrap();
                prop_assert_eq!(b, a);
            }
        }
    }

    #[test]
    fn killing_twice_is_the_same_as_killing_once(sessions in prop::collection::vec((0..3usize, activity()), 1..8), everything in any::<bool>()) {
        let command = if everything { doc! { "killAllSessions": [] } } else { doc! { "killAllSessions": [{ "user": "appReader", "db": "db1" }] } };
        let (mut dep, admin) = deployment(&sessions);
        dep.run_command(admin, "admin", &command);
        let once = dep.board();
        let second = dep.run_command(admin, "admin", &command).report.unwrap();
        prop_assert_eq!(once, dep.board());
        prop_assert!(second.verdicts().iter().all(|v| v.effects.operations_interrupted.is_empty() && v.effects.cursors_closed.is_empty() && v.effects.transaction_aborted.is_none()));
    }

    #[test]
    fn a_kill_never_aborts_a_prepared_transaction(sessions in prop::collection::vec((0..3usize, activity()), 1..8), which in 0..4usize) {
        let (mut dep, admin) = deployment(&sessions);
        let prepared = prepared_sessions(&dep);
        let command = match which {
            0 => doc! { "killAllSessions": [] },
            1 => doc! { "killSessions": [] },
            2 => doc! { "killAllSessionsByPattern": [] },
            _ => doc! { "killAllSessions": [{ "user": "reportWriter", "db": "db2" }] },
        };
        dep.run_command(admin, "admin", &command);
        prop_assert_eq!(prepared, prepared_sessions(&dep));
    }

    #[test]
    fn the_same_script_gives_the_same_transcript(seed in any::<u64>()) {
        let script = sessionlab::scenarios::SCENARIOS[1].script;
        let run = || {
            let mut shell = sessionlab::shell::Shell::new(DeploymentOptions { seed, ..DeploymentOptions::default() });
            shell.execute(1, script).iter().map(sessionlab::shell::Record::transcript).collect::<String>()
        };
        prop_assert_eq!(run(), run());
    }
}

/// Inputs built from shell-ish fragments reach deeper into the parser than random bytes.
fn shellish() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("db".to_owned()),
        Just(".".to_owned()),
        Just("runCommand".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just("killAllSessions".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("\n".to_owned()),
        Just(";".to_owned()),
        Just("const x =".to_owned()),
        Just("-".to_owned()),
        Just("1e".to_owned()),
        Just("UUID(".to_owned()),
        Just("lab.advance(".to_owned()),
        Just("/*".to_owned()),
        Just("//".to_owned()),
        Just("“".to_owned()),
        Just("new ".to_owned()),
        Just("use ".to_owned()),
        "[a-z]{1,6}",
        "[0-9]{1,4}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_parser_never_panics(source in shellish()) {
        let _ = sessionlab::shell::parser::parse_program(&source);
        let _ = sessionlab::shell::highlight::highlight(&source);
    }

    #[test]
    fn the_parser_never_panics_on_any_string(source in any::<String>()) {
        let _ = sessionlab::shell::parser::parse_program(&source);
    }

    #[test]
    fn running_any_input_never_panics(source in shellish()) {
        let mut shell = sessionlab::shell::Shell::default();
        let records = shell.execute(1, &source);
        for record in &records {
            let _ = record.transcript();
            let _ = record.json();
        }
        let _ = shell.complete(1, &source, source.len());
    }

    #[test]
    fn command_decoders_never_panic(name in prop::sample::select(sessionlab::commands::command_names()), value in any_bson()) {
        let mut dep = Deployment::default();
        let conn = dep.open_connection();
        let mut command = Document::new();
        command.insert(name, value.clone());
        command.insert("x", value);
        let _ = dep.run_command(conn, "admin", &command);
    }
}

fn any_bson() -> impl Strategy<Value = bson::Bson> {
    use bson::Bson;
    let leaf = prop_oneof![
        Just(Bson::Null),
        any::<bool>().prop_map(Bson::Boolean),
        any::<i32>().prop_map(Bson::Int32),
        any::<i64>().prop_map(Bson::Int64),
        any::<f64>().prop_map(Bson::Double),
        "[a-z.$]{0,8}".prop_map(Bson::String),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(|bytes| Bson::Binary(bson::Binary {
            subtype: bson::spec::BinarySubtype::Generic,
            bytes
        })),
        prop::collection::vec(any::<u8>(), 16..17).prop_map(|bytes| Bson::Binary(bson::Binary {
            subtype: bson::spec::BinarySubtype::Uuid,
            bytes
        })),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Bson::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "id",
                        "uid",
                        "user",
                        "db",
                        "lsid",
                        "users",
                        "roles",
                        "role",
                        "txnUUID",
                        "txnNumber",
                        "allUsers",
                        "x"
                    ]),
                    inner
                ),
                0..5
            )
            .prop_map(|fields| Bson::Document(
                fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}
