//! The deployment the kill invariants are checked on and the kill benchmark measures: access
//! control on, a root admin, users with `readWrite` each logged in on a connection of its own
//! with a two-document collection `c`, and sessions each doing one thing (idle, a transaction in
//! progress, a prepared transaction, an open cursor, a running operation).
//!
//! The property tests use it as a module; `benches/kill.rs` and the browser's benchmark
//! (`tests/web_bench.rs`) include the same file by path, so all build exactly the same mix.

use bson::{doc, Document};
use sessionlab::engine::operations::ConnId;
use sessionlab::engine::{Deployment, DeploymentOptions};

/// What a session does before the kill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Used once (a `ping`), nothing open.
    Idle,
    /// A transaction in progress (a read inside it).
    Transaction,
    /// A prepared transaction.
    Prepared,
    /// A cursor with a document left to fetch.
    Cursor,
    /// A `sleep` running for an hour of logical time, on a connection of its own.
    Operation,
}

/// Builds the deployment: `owners` are `(user, db)` pairs (`admin`@`admin` gets `root`, every
/// other user `readWrite`), and each `(owner index, activity)` of `sessions` is one session.
/// Returns it with a connection logged in as admin@admin (root), which owns no session.
pub fn mixed_deployment(
    owners: &[(&str, &str)],
    sessions: impl IntoIterator<Item = (usize, Activity)>,
) -> (Deployment, ConnId) {
    let mut dep = Deployment::new(DeploymentOptions::default());
    let admin = dep.open_connection();
    dep.run_command(
        admin,
        "admin",
        &doc! { "createUser": "admin", "pwd": "pw", "roles": ["root"] },
    );
    for &(user, db) in owners.iter().filter(|o| **o != ("admin", "admin")) {
        dep.run_command(
            admin,
            db,
            &doc! { "createUser": user, "pwd": "pw", "roles": ["readWrite"] },
        );
    }
    dep.set_auth(true);
    log_in(&mut dep, admin, ("admin", "admin"));
    let conns: Vec<ConnId> = owners
        .iter()
        .map(|&owner| open_connection_as(&mut dep, owner))
        .collect();
    for (&conn, &(_, db)) in conns.iter().zip(owners) {
        dep.run_command(
            conn,
            db,
            &doc! { "insert": "c", "documents": [{ "x": 1 }, { "x": 2 }] },
        );
    }
    for (owner, activity) in sessions {
        let (conn, db) = (conns[owner], owners[owner].1);
        let lsid = doc! { "id": dep.new_session_uuid().to_bson() };
        let in_transaction = |mut command: Document, start: bool| {
            command.insert("lsid", lsid.clone());
            command.insert("txnNumber", 1_i64);
            if start {
                command.insert("startTransaction", true);
            }
            command.insert("autocommit", false);
            command
        };
        match activity {
            Activity::Idle => {
                dep.run_command(conn, db, &doc! { "ping": 1, "lsid": lsid.clone() });
            }
            Activity::Transaction | Activity::Prepared => {
                dep.run_command(conn, db, &in_transaction(doc! { "find": "c" }, true));
                if activity == Activity::Prepared {
                    dep.run_command(
                        conn,
                        "admin",
                        &in_transaction(doc! { "prepareTransaction": 1 }, false),
                    );
                }
            }
            Activity::Cursor => {
                dep.run_command(
                    conn,
                    db,
                    &doc! { "find": "c", "batchSize": 1, "lsid": lsid.clone() },
                );
            }
            Activity::Operation => {
                // A running operation keeps its connection busy, so it gets one of its own.
                let other = open_connection_as(&mut dep, owners[owner]);
                dep.run_command(
                    other,
                    "admin",
                    &doc! { "sleep": 1, "secs": 3600, "lsid": lsid.clone() },
                );
            }
        }
    }
    (dep, admin)
}

/// Authenticates `conn` as `user`@`db` (every user's password is "pw").
fn log_in(dep: &mut Deployment, conn: ConnId, (user, db): (&str, &str)) {
    dep.run_command(
        conn,
        db,
        &doc! { "authenticate": 1, "user": user, "pwd": "pw" },
    );
}

/// A new connection logged in as `owner`.
fn open_connection_as(dep: &mut Deployment, owner: (&str, &str)) -> ConnId {
    let conn = dep.open_connection();
    log_in(dep, conn, owner);
    conn
}

/// The users of the kill benchmark.
pub const BENCH_USERS: [(&str, &str); 5] = [
    ("appReader", "db1"),
    ("reportWriter", "db2"),
    ("auditor", "db3"),
    ("loader", "db4"),
    ("admin", "admin"),
];

/// The kill benchmark's deployment: `n` sessions over [`BENCH_USERS`], 60% idle, 10% each a
/// running operation, an open cursor, a transaction in progress and a prepared transaction.
#[allow(
    dead_code,
    reason = "the benchmarks' mix; the property tests build their own"
)]
pub fn benchmark_deployment(n: usize) -> (Deployment, ConnId) {
    let activity = |i: usize| match i % 10 {
        0 => Activity::Operation,
        1 => Activity::Cursor,
        2 => Activity::Transaction,
        3 => Activity::Prepared,
        _ => Activity::Idle,
    };
    mixed_deployment(
        &BENCH_USERS,
        (0..n).map(|i| (i % BENCH_USERS.len(), activity(i))),
    )
}

/// The kill benchmark's commands: an empty array, and three of the five users.
#[allow(dead_code, reason = "the benchmarks' commands")]
pub fn benchmark_commands() -> [(&'static str, Document); 2] {
    [
        ("empty", doc! { "killAllSessions": [] }),
        (
            "3 users",
            doc! { "killAllSessions": [{ "user": "appReader", "db": "db1" }, { "user": "reportWriter", "db": "db2" }, { "user": "auditor", "db": "db3" }] },
        ),
    ]
}
