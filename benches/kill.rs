//! Benchmarks of the kill machinery (criterion, native release): `killAllSessions` with an
//! empty array and with 3 users over 1k, 10k and 100k sessions in a realistic mix (idle, running
//! operation, open cursor, in-progress and prepared transactions). Each iteration kills a fresh
//! clone of the deployment, so the clone is measured separately. Also prints the memory an
//! idle session costs. Run: `cargo bench --bench kill`.

use bson::{doc, Document};
use criterion::{criterion_main, BatchSize, Criterion};
use sessionlab::engine::{Deployment, DeploymentOptions};
use std::hint::black_box;

const USERS: [(&str, &str); 5] = [
    ("appReader", "db1"),
    ("reportWriter", "db2"),
    ("auditor", "db3"),
    ("loader", "db4"),
    ("admin", "admin"),
];

/// A deployment with `n` sessions over five users: 60% idle, 10% each running operation,
/// open cursor, transaction in progress and prepared transaction.
fn deployment(n: usize) -> (Deployment, u32) {
    let mut dep = Deployment::new(DeploymentOptions::default());
    let admin = dep.open_connection();
    for (user, db) in USERS {
        let role = if user == "admin" { "root" } else { "readWrite" };
        dep.run_command(
            admin,
            db,
            &doc! { "createUser": user, "pwd": "pw", "roles": [role] },
        );
    }
    dep.set_auth(true);
    let conns: Vec<u32> = USERS
        .iter()
        .map(|(user, db)| {
            let conn = dep.open_connection();
            dep.run_command(
                conn,
                db,
                &doc! { "authenticate": 1, "user": *user, "pwd": "pw" },
            );
            conn
        })
        .collect();
    for (i, conn) in conns.iter().enumerate() {
        dep.run_command(
            *conn,
            USERS[i].1,
            &doc! { "insert": "c", "documents": [{ "x": 1 }, { "x": 2 }] },
        );
    }
    dep.run_command(
        admin,
        "admin",
        &doc! { "authenticate": 1, "user": "admin", "pwd": "pw" },
    );
    for i in 0..n {
        let owner = i % USERS.len();
        let (conn, db) = (conns[owner], USERS[owner].1);
        let lsid = doc! { "id": dep.new_session_uuid().to_bson() };
        let txn = |mut d: Document, start: bool| {
            d.insert("lsid", lsid.clone());
            d.insert("txnNumber", 1_i64);
            if start {
                d.insert("startTransaction", true);
            }
            d.insert("autocommit", false);
            d
        };
        match i % 10 {
            0 => {
                // A running operation needs its own connection.
                let other = dep.open_connection();
                dep.run_command(
                    other,
                    db,
                    &doc! { "authenticate": 1, "user": USERS[owner].0, "pwd": "pw" },
                );
                dep.run_command(
                    other,
                    db,
                    &doc! { "sleep": 1, "secs": 3600, "lsid": lsid.clone() },
                );
            }
            1 => {
                dep.run_command(
                    conn,
                    db,
                    &doc! { "find": "c", "batchSize": 1, "lsid": lsid.clone() },
                );
            }
            2 => {
                dep.run_command(conn, db, &txn(doc! { "find": "c" }, true));
            }
            3 => {
                dep.run_command(conn, db, &txn(doc! { "find": "c" }, true));
                dep.run_command(conn, "admin", &txn(doc! { "prepareTransaction": 1 }, false));
            }
            _ => {
                dep.run_command(conn, db, &doc! { "ping": 1, "lsid": lsid.clone() });
            }
        }
    }
    (dep, admin)
}

fn bench_kill(c: &mut Criterion) {
    for n in [1_000, 10_000, 100_000] {
        let (dep, admin) = deployment(n);
        let mut group = c.benchmark_group(format!("killAllSessions/{n}"));
        group.sample_size(if n >= 100_000 { 10 } else { 30 });
        for (name, command) in [
            ("empty", doc! { "killAllSessions": [] }),
            (
                "3 users",
                doc! { "killAllSessions": [{ "user": "appReader", "db": "db1" }, { "user": "reportWriter", "db": "db2" }, { "user": "auditor", "db": "db3" }] },
            ),
        ] {
            group.bench_function(name, |b| {
                // The clone and its drop stay outside the measurement; the outcome (reply and
                // verdict report) is the result.
                b.iter_batched_ref(
                    || dep.clone(),
                    |d| d.run_command(admin, "admin", &command),
                    BatchSize::LargeInput,
                );
            });
        }
        group.bench_function("clone (snapshot)", |b| b.iter(|| black_box(dep.clone())));
        group.finish();
    }
}

fn report_memory() {
    // Bytes per idle session: the growth of the engine's tables between 1k and 11k idle
    // sessions, measured by the allocator's own count of live bytes.
    let idle = |n: usize| {
        let mut dep = Deployment::new(DeploymentOptions::default());
        let conn = dep.open_connection();
        let before = live_bytes();
        for _ in 0..n {
            let lsid = doc! { "id": dep.new_session_uuid().to_bson() };
            dep.run_command(conn, "test", &doc! { "ping": 1, "lsid": lsid });
        }
        let after = live_bytes();
        black_box(&dep);
        after - before
    };
    let (small, large) = (idle(1_000), idle(11_000));
    println!(
        "memory: {} bytes per idle session (cache record + registry entry)",
        (large - small) / 10_000
    );
}

#[global_allocator]
static ALLOCATOR: &stats_alloc::StatsAlloc<std::alloc::System> = &stats_alloc::INSTRUMENTED_SYSTEM;

/// Live heap bytes right now (`stats_alloc` already folds reallocations into these two).
fn live_bytes() -> isize {
    let stats = ALLOCATOR.stats();
    isize::try_from(stats.bytes_allocated).unwrap_or(isize::MAX)
        - isize::try_from(stats.bytes_deallocated).unwrap_or(isize::MAX)
}

fn benches(c: &mut Criterion) {
    report_memory();
    bench_kill(c);
}

#[allow(missing_docs, reason = "the function is generated by criterion_group!")]
mod generated {
    use super::benches;
    criterion::criterion_group!(kill, benches);
}

criterion_main!(generated::kill);
