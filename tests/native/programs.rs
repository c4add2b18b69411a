//! Issue 16: fuzzing that reaches the engine. A grammar of realistic programs (users, logins,
//! connections, sessions, transactions, writes, cursors, background operations, kills, session
//! listings, server parameters, `lab` helpers, statements guarded by `try`/`catch`, and now and then something
//! hostile) runs step by step through the playground, with undo, redo and jumps between steps,
//! and every step is checked: no panic,
//! output and events within their budgets, work within the input budget, records that print
//! and serialize, a share link that round-trips, a replay that gives the same transcript
//! and board, and the same program run as a page that fetches the commands part's code on first
//! use giving them too. `generated_programs_reach_the_engine` measures how many steps send a command.
//!
//! The big run (a million programs, reported in the README):
//! `PROPTEST_CASES=1000000 cargo test --release --test native programs::`.

use proptest::prelude::*;
use sessionlab::engine::COMMAND_WORK;
use sessionlab::playground::{Playground, SavedPlayground};
use sessionlab::shell::budget::{INPUT_WORK, STATEMENT_EVENTS, STATEMENT_OUTPUT_BYTES};

const ROLES: [&str; 4] = ["root", "read", "readWrite", "dbAdmin"];
const DBS: [&str; 3] = ["db1", "db2", "admin"];
const COLLS: [&str; 2] = ["items", "orders"];

fn user() -> impl Strategy<Value = String> {
    (0..3usize).prop_map(|i| format!("u{i}"))
}
fn db() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&DBS[..])
}
fn coll() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&COLLS[..])
}
fn conn() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("db.getMongo()".to_owned()),
        (1..3usize).prop_map(|i| format!("c{i}"))
    ]
}
fn session() -> impl Strategy<Value = String> {
    (1..4usize).prop_map(|i| format!("s{i}"))
}
/// A database handle: the console's, a connection's or a session's.
fn handle() -> impl Strategy<Value = String> {
    prop_oneof![
        db().prop_map(|d| format!("db.getSiblingDB(\"{d}\")")),
        (conn(), db()).prop_map(|(c, d)| format!("{c}.getDB(\"{d}\")")),
        (session(), db()).prop_map(|(s, d)| format!("{s}.getDatabase(\"{d}\")")),
    ]
}
fn small() -> impl Strategy<Value = i32> {
    0..6i32
}
fn lsid() -> impl Strategy<Value = String> {
    prop_oneof![
        session().prop_map(|s| format!("{s}.getSessionId()")),
        Just("{ id: UUID() }".to_owned()),
    ]
}
fn kill_pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        (user(), db()).prop_map(|(u, d)| format!("{{ user: \"{u}\", db: \"{d}\" }}")),
        lsid().prop_map(|l| format!("{{ lsid: {l} }}")),
        (user(), db())
            .prop_map(|(u, d)| format!("{{ users: [{{ user: \"{u}\", db: \"{d}\" }}] }}")),
        Just("{ roles: [{ role: \"read\", db: \"db1\" }] }".to_owned()),
        Just("{}".to_owned()),
    ]
}
fn kill() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("db.adminCommand({ killAllSessions: [] })".to_owned()),
        prop::collection::vec((user(), db()), 0..3).prop_map(|users| {
            let list: Vec<String> = users
                .iter()
                .map(|(u, d)| format!("{{ user: \"{u}\", db: \"{d}\" }}"))
                .collect();
            format!(
                "db.adminCommand({{ killAllSessions: [{}] }})",
                list.join(", ")
            )
        }),
        prop::collection::vec(lsid(), 0..3)
            .prop_map(|l| format!("db.adminCommand({{ killSessions: [{}] }})", l.join(", "))),
        prop::collection::vec(kill_pattern(), 0..3).prop_map(|p| format!(
            "db.adminCommand({{ killAllSessionsByPattern: [{}] }})",
            p.join(", ")
        )),
        prop::collection::vec(lsid(), 0..3)
            .prop_map(|l| format!("db.adminCommand({{ endSessions: [{}] }})", l.join(", "))),
        prop::collection::vec(lsid(), 1..3)
            .prop_map(|l| format!("db.adminCommand({{ refreshSessions: [{}] }})", l.join(", "))),
    ]
}
fn write() -> impl Strategy<Value = String> {
    (handle(), coll(), small(), small(), 0..5usize).prop_map(|(h, c, a, b, kind)| match kind {
        0 => format!("{h}.{c}.insertOne({{ _id: {a}, a: {b} }})"),
        1 => format!("{h}.{c}.insertMany([{{ a: {a} }}, {{ _id: {b} }}])"),
        2 => format!(
            "{h}.{c}.updateOne({{ _id: {a} }}, {{ $set: {{ a: {b} }} }}, {{ upsert: true }})"
        ),
        3 => format!("{h}.{c}.deleteMany({{ a: {{ $gte: {a} }} }})"),
        _ => format!("{h}.{c}.find({{ a: {{ $lt: {a} }} }}).toArray()"),
    })
}
fn cursor() -> impl Strategy<Value = String> {
    (1..3usize, handle(), coll(), 1..4i32, 0..12usize).prop_map(|(k, h, c, b, kind)| match kind {
        0 => format!("const cur{k} = {h}.{c}.find().batchSize({b})"),
        // A cursor that never times out (the others do, without a session, after 10 minutes).
        9 => format!("const cur{k} = {h}.{c}.find().batchSize({b}).noCursorTimeout()"),
        1 => format!("cur{k}.next()"),
        2 => format!("cur{k}.hasNext()"),
        3 => format!("cur{k}.close()"),
        4 => {
            format!("const cur{k} = {h}.{c}.find().sort({{ a: -1 }}).skip({b}).project({{ a: 1 }})")
        }
        5 => format!("cur{k}.forEach(d => printjson(d))"),
        6 => format!("cur{k}.map(function (d) {{ const x = d.a; return [x, d._id] }})"),
        7 => format!("cur{k}.size()"),
        // The driver's negative limit and batch size: one batch.
        10 => format!("const cur{k} = {h}.{c}.find().limit(-{b}).batchSize(-{b})"),
        11 => format!("{h}.runCommand({{ find: \"{c}\", skip: {b}, limit: {b}, batchSize: {b}, singleBatch: true, maxTimeMS: {b}000 }})"),
        _ => format!("cur{k}.toArray()"),
    })
}
/// Aggregation stages and catalog commands over the same collections.
fn catalog() -> impl Strategy<Value = String> {
    (handle(), coll(), small(), 0..22usize).prop_map(|(h, c, n, kind)| match kind {
        0 => format!("{h}.{c}.aggregate([{{ $unwind: {{ path: \"$a\", preserveNullAndEmptyArrays: true }} }}, {{ $group: {{ _id: \"$a\", n: {{ $sum: 1 }}, ids: {{ $push: \"$_id\" }} }} }}, {{ $sort: {{ n: -1 }} }}]).toArray()"),
        1 => format!("{h}.{c}.aggregate([{{ $set: {{ b: {{ $add: [\"$a\", {n}] }} }} }}, {{ $unset: \"_id\" }}, {{ $limit: 3 }}]).toArray()"),
        2 => format!("{h}.{c}.aggregate([{{ $replaceRoot: {{ newRoot: {{ v: \"$a\" }} }} }}, {{ $count: \"n\" }}]).toArray()"),
        3 => format!("{h}.runCommand({{ create: \"{c}\" }})"),
        4 => format!("{h}.runCommand({{ drop: \"{c}\", maxTimeMS: {} }})", n.unsigned_abs() * 100),
        5 => format!("{h}.{c}.distinct(\"a\")"),
        6 => format!("{h}.dropDatabase()"),
        7 => format!("{h}.{c}.findOneAndUpdate({{ a: {{ $lte: {n} }} }}, {{ $inc: {{ a: 1 }} }}, {{ sort: {{ a: -1 }}, upsert: true, returnDocument: \"after\" }})"),
        8 => format!("{h}.{c}.findOneAndDelete({{ a: {n} }})"),
        9 => format!("{h}.{c}.bulkWrite([{{ insertOne: {{ document: {{ a: {n} }} }} }}, {{ updateMany: {{ filter: {{}}, update: {{ $set: {{ b: 1 }} }} }} }}, {{ deleteOne: {{ filter: {{ a: {n} }} }} }}])"),
        10 => format!("{h}.getSiblingDB(\"admin\").runCommand({{ listDatabases: 1, nameOnly: {}, filter: {{ name: {{ $ne: \"{c}\" }} }} }})", n % 2),
        11 => format!("{h}.runCommand({{ listCollections: 1, filter: {{ name: \"{c}\" }}, nameOnly: true }}).cursor.firstBatch"),
        // count's and distinct's options (a negative count limit is its absolute value), and
        // $skip and $limit of every kind of number.
        13 => format!("{h}.runCommand({{ count: \"{c}\", query: {{ a: {{ $gte: {n} }} }}, limit: -{n}, skip: {n}.5, hint: {{ _id: 1 }} }})"),
        14 => format!("{h}.{c}.distinct(\"a\", {{ a: {{ $ne: {n} }} }}, {{ hint: \"_id_\", maxTimeMS: {n}00 }})"),
        15 => format!("{h}.{c}.aggregate([{{ $skip: Double({n}) }}, {{ $limit: NumberLong({}) }}]).toArray()", n + 1),
        // Write statements and findAndModify by their IDL types: a limit of 0 or 1, numbers as
        // safeBools.
        16 => format!("{h}.runCommand({{ delete: \"{c}\", deletes: [{{ q: {{ a: {n} }}, limit: {} }}], ordered: true }})", n % 2),
        17 => format!("{h}.runCommand({{ findAndModify: \"{c}\", query: {{ a: {n} }}, update: {{ $inc: {{ a: 1 }} }}, upsert: {}, new: 1 }})", n % 2),
        // Modifiers on dotted paths: through the arrays the inserts below make, created where
        // missing, an upsert's query paths.
        18 => format!("{h}.{c}.updateMany({{ a: {{ $gte: {n} }} }}, {{ $set: {{ \"a.1.b\": {n}, \"x.{n}\": 1 }}, $inc: {{ \"a.0\": 1 }} }})"),
        19 => format!("{h}.{c}.updateOne({{ _id: {n}, \"p.q\": {n} }}, {{ $unset: {{ \"a.{}\": \"\" }}, $set: {{ \"p.r.{}\": true }} }}, {{ upsert: true }})", n.unsigned_abs() % 3, n.unsigned_abs() % 4),
        // Projections through the arrays the inserts make, sub-objects, colliding paths.
        20 => format!("{h}.{c}.find({{ a: {{ $gte: {n} }} }}, {{ \"a.b\": {}, _id: {} }}).toArray()", n % 2, (n + 1) % 2),
        21 => format!("{h}.{c}.find({{}}, {{ a: {{ b: 1 }}, \"a.{}\": 1 }}).toArray()", ["b", "c", "0"][n.unsigned_abs() as usize % 3]),
        _ => format!("{h}.{c}.insertOne({{ a: [{n}, {{ b: {n} }}] }})"),
    })
}
fn transaction() -> impl Strategy<Value = String> {
    (session(), 0..8usize, 1..4i32).prop_map(|(s, kind, n)| match kind {
        // A retryable write on `s`'s lsid: the same txnNumber again is a retry, a lower one
        // too old.
        6 => format!("db.getSiblingDB(\"db1\").runCommand({{ update: \"items\", updates: [{{ q: {{ r: {n} }}, u: {{ $inc: {{ k: 1 }} }}, upsert: true }}, {{ q: {{}}, u: {{ $set: {{ m: 1 }} }}, multi: true }}], ordered: false, lsid: {{ id: {s}.getSessionId().id }}, txnNumber: NumberLong({n}) }})"),
        7 => format!("db.getSiblingDB(\"db1\").runCommand({{ findAndModify: \"items\", query: {{ r: {n} }}, remove: true, lsid: {{ id: {s}.getSessionId().id }}, txnNumber: NumberLong({n}) }})"),
        // An internal child session of `s`, in a transaction of its own.
        5 => format!("db.getSiblingDB(\"db1\").runCommand({{ insert: \"items\", documents: [{{ c: 1 }}], lsid: {{ id: {s}.getSessionId().id, txnUUID: UUID() }}, txnNumber: NumberLong(1), startTransaction: true, autocommit: false }})"),
        0 => {
            format!("{s}.startTransaction(); {s}.getDatabase(\"db1\").items.insertOne({{ t: 1 }})")
        }
        1 => format!("{s}.commitTransaction()"),
        2 => format!("{s}.abortTransaction()"),
        3 => format!("{s}.getDatabase(\"admin\").runCommand({{ prepareTransaction: 1 }})"),
        _ => format!("{s}.endSession()"),
    })
}
fn operation() -> impl Strategy<Value = String> {
    (1..3usize, conn(), 0..900_000i32, 0..4usize).prop_map(|(k, c, ms, kind)| match kind {
        0 => format!("const op{k} = lab.background({c}.getDB(\"admin\").runCommand({{ sleep: 1, millis: {ms} }}))"),
        1 => format!("const op{k} = lab.background({c}.getDB(\"db1\").items.find({{ $where: \"sleep({ms}) || true\" }}).toArray())"),
        2 => format!("op{k}.result()"),
        _ => "db.currentOp().inprog.length".to_owned(),
    })
}
fn observer() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("db.getSiblingDB(\"admin\").aggregate([{ $currentOp: { allUsers: true, idleCursors: true, idleConnections: true } }]).toArray().length".to_owned()),
        Just("db.getSiblingDB(\"admin\").aggregate([{ $currentOp: {} }, { $match: { type: \"idleSession\" } }, { $project: { \"transaction.timeOpenMicros\": 1 } }]).toArray()".to_owned()),
    ]
}
/// The server parameters that change what the deployment does over time, set to the values a
/// trainer would pick (and a few the server refuses), or read back.
fn parameter() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["0", "1", "5", "60", "86400"]).prop_map(|v| format!(
            "db.adminCommand({{ setParameter: 1, transactionLifetimeLimitSeconds: {v} }})"
        )),
        prop::sample::select(vec!["-1", "1000", "NumberLong(600000)", "\"x\""]).prop_map(
            |v| format!("db.adminCommand({{ setParameter: 1, cursorTimeoutMillis: {v} }})")
        ),
        any::<bool>().prop_map(|on| format!(
            "db.adminCommand({{ setParameter: 1, ttlMonitorEnabled: {on} }})"
        )),
        prop::sample::select(vec!["1", "60", "3600"]).prop_map(|v| format!(
            "db.adminCommand({{ setParameter: 1, ttlMonitorSleepSecs: {v} }})"
        )),
        Just("db.adminCommand({ getParameter: \"*\" })".to_owned()),
    ]
}
fn lab() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["1s", "90s", "31m", "2h", "1d", "366d"]).prop_map(|d| format!("lab.advance(\"{d}\")")),
        2 => any::<bool>().prop_map(|on| format!("lab.setAuth({on})")),
        1 => any::<bool>().prop_map(|on| format!("lab.implicitSessions({on})")),
        1 => Just("lab.refresh()".to_owned()),
        1 => Just("lab.sessions()".to_owned()),
        1 => Just("lab.verdicts()".to_owned()),
        1 => Just("lab.reset()".to_owned()),
    ]
}
fn listing() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("db.getSiblingDB(\"admin\").aggregate([{ $listLocalSessions: { allUsers: true } }]).toArray()".to_owned()),
        Just("db.getSiblingDB(\"config\").system.sessions.aggregate([{ $listSessions: {} }, { $match: {} }]).toArray()".to_owned()),
        (user(), db()).prop_map(|(u, d)| format!("db.getSiblingDB(\"admin\").aggregate([{{ $listLocalSessions: {{ users: [{{ user: \"{u}\", db: \"{d}\" }}] }} }}]).toArray()")),
    ]
}
fn account() -> impl Strategy<Value = String> {
    prop_oneof![
        (user(), db(), prop::sample::select(&ROLES[..])).prop_map(|(u, d, r)| format!("db.getSiblingDB(\"{d}\").createUser({{ user: \"{u}\", pwd: \"pw\", roles: [\"{r}\"] }})")),
        (conn(), user(), db()).prop_map(|(c, u, d)| format!("{c}.getDB(\"{d}\").auth(\"{u}\", \"pw\")")),
        (1..3usize).prop_map(|k| format!("const c{k} = new Mongo(); c{k}.getDB(\"admin\").runCommand({{ ping: 1 }})")),
        (session(), conn()).prop_map(|(s, c)| format!("const {s} = {c}.startSession(); {s}.getDatabase(\"db1\").runCommand({{ ping: 1 }})")),
        Just("db.runCommand({ startSession: 1 })".to_owned()),
        db().prop_map(|d| format!("use {d}")),
    ]
}
/// Inputs the audit found hostile, and their cousins.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("s1.endSession(lab.reset())".to_owned()),
        Just("db.items.find().limit([lab.reset(), 5][1])".to_owned()),
        Just("db.items.find().next([lab.reset()])".to_owned()),
        Just("s2.getDatabase(\"x\").c.insertOne([lab.reset(), {}][1])".to_owned()),
        Just("-NumberInt(\"-2147483648\")".to_owned()),
        Just("let a = [1]; a = [a, a]; a = [a, a]; a = [a, a]".to_owned()),
        Just("let d = {}; d = { x: d }; d = { x: d }; d.y = d".to_owned()),
        Just("new Mongo().getDB(\"admin\").runCommand({ sleep: 1, millis: 1e300 })".to_owned()),
        Just("db.runCommand({ insert: \"big\", documents: [{}, {}, {}, {}] })".to_owned()),
        (1..40usize).prop_map(|n| "db.runCommand({ startSession: 1 }); ".repeat(n)),
    ]
}

/// A statement guarded the way the manual's transaction examples guard theirs: caught, looked
/// at, thrown again, or ended from a function's `catch`.
fn guarded() -> impl Strategy<Value = String> {
    (prop_oneof![write(), transaction(), kill()], 0..3usize).prop_map(|(s, k)| match k {
        0 => format!("try {{ {s} }} catch (e) {{ e.codeName }}"),
        1 => format!("try {{ {s} }} catch (error) {{ error.hasErrorLabel(\"TransientTransactionError\"); throw error }} finally {{ lab.now() }}"),
        _ => format!("(() => {{ try {{ {s} }} catch (e) {{ return e.code }} }})()"),
    })
}

fn statement() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => account(),
        2 => guarded(),
        5 => write(),
        3 => cursor(),
        2 => catalog(),
        4 => transaction(),
        2 => operation(),
        4 => kill(),
        2 => listing(),
        1 => observer(),
        1 => parameter(),
        3 => lab(),
        1 => hostile(),
    ]
}

/// The first step of every program: the variables the grammar refers to.
const PRELUDE: &str = "const c1 = new Mongo(); const c2 = new Mongo(); const s1 = db.getMongo().startSession(); const s2 = c1.startSession(); const s3 = c2.startSession(); const cur1 = db.items.find(); const cur2 = s1.getDatabase(\"db1\").items.find().batchSize(1); const op1 = lab.background(c2.getDB(\"admin\").runCommand({ sleep: 1, millis: 1000 })); const op2 = op1";

/// What the learner does between steps.
#[derive(Debug, Clone)]
enum Move {
    Run(String),
    Undo,
    Redo,
    GoTo(usize),
}

fn moves() -> impl Strategy<Value = Vec<Move>> {
    prop::collection::vec(
        prop_oneof![
            12 => statement().prop_map(Move::Run),
            1 => Just(Move::Undo),
            1 => Just(Move::Redo),
            1 => (0..30usize).prop_map(Move::GoTo),
        ],
        1..24,
    )
}

/// How far the steps of a program got.
#[derive(Debug, Default, Clone, Copy)]
struct Reach {
    /// Steps run.
    steps: usize,
    /// Steps that sent at least one command to the deployment.
    commands: usize,
    /// Steps that reached the deployment at all: a command, the clock, access control, a
    /// connection (it did work or reported events).
    deployment: usize,
    /// Steps that stopped at a syntax, reference or type error before doing anything.
    shell_errors: usize,
}

/// The console a step runs on: now and then the second, once it is open.
fn console_for(playground: &Playground, source: &str) -> u32 {
    if playground.shell().connections().contains(&2) && source.len() % 5 == 0 {
        2
    } else {
        1
    }
}

/// Each step's transcript.
fn transcripts(playground: &Playground) -> Vec<Vec<String>> {
    playground
        .steps()
        .iter()
        .map(|step| {
            step.records
                .iter()
                .map(sessionlab::shell::Record::transcript)
                .collect()
        })
        .collect()
}

/// Runs the prelude, then the moves: undo, redo and jumps as they are, each input by `run`
/// (with the playground, the console it runs on and its source).
fn play(
    moves: &[Move],
    mut run: impl FnMut(&mut Playground, u32, &str) -> Result<(), TestCaseError>,
) -> Result<Playground, TestCaseError> {
    let mut playground = Playground::default();
    playground.run(1, PRELUDE);
    for step in moves {
        match step {
            Move::Undo => {
                playground.undo();
            }
            Move::Redo => {
                playground.redo();
            }
            Move::GoTo(n) => playground.go_to(*n),
            Move::Run(source) => {
                let console = console_for(&playground, source);
                run(&mut playground, console, source)?;
            }
        }
    }
    Ok(playground)
}

/// Runs the moves as a page does with the code it fetches on first use (the commands part's:
/// `shell::on_demand`): without it at first (the prelude needs none: had it reached the part,
/// its step would be missing); a step that reaches it adds no step, and runs again once it is
/// installed, which it stays.
fn run_fetching_on_first_use(moves: &[Move]) -> Result<Playground, TestCaseError> {
    use sessionlab::shell::on_demand;
    on_demand::withdraw();
    let played = play(moves, |playground, console, source| {
        let steps = playground.steps().len();
        if playground.try_run(console, source).is_err() {
            prop_assert_eq!(playground.steps().len(), steps, "{} added a step", source);
            on_demand::install_compiled_in();
            prop_assert!(playground.try_run(console, source).is_ok());
        }
        Ok(())
    });
    on_demand::install_compiled_in();
    played
}

/// Runs the moves, checking every step, and says how far its steps got.
fn check_program(moves: &[Move]) -> Result<Reach, TestCaseError> {
    use sessionlab::shell::{ErrorKind, Failure, Outcome};
    let mut reach = Reach::default();
    let playground = play(moves, |playground, console, source| {
        let before = playground.shell().deployment.work();
        let records = playground.run(console, source);
        let work = playground.shell().deployment.work().saturating_sub(before);
        reach.steps += 1;
        if work >= COMMAND_WORK as u64 {
            reach.commands += 1;
        }
        if work > 0 || records.iter().any(|r| !r.events.is_empty()) {
            reach.deployment += 1;
        } else if records.iter().any(|r| matches!(&r.outcome, Outcome::Error(Failure::Shell { error, .. }) if error.kind != ErrorKind::Shell)) {
            reach.shell_errors += 1;
        }
        // One command may start under the budget and end past it, never more.
        prop_assert!(work <= 2 * INPUT_WORK, "{work} units for {source}");
        for record in &records {
            let text = record.transcript();
            prop_assert!(
                text.len() <= 2 * STATEMENT_OUTPUT_BYTES + source.len() + 4096,
                "{} bytes",
                text.len()
            );
            prop_assert!(record.events.len() <= STATEMENT_EVENTS);
            let _ = record.json();
        }
        Ok(())
    })?;
    let _ = playground.shell().complete(1, "db.", 3);
    // The share link round-trips, and replaying it gives the same board and transcript.
    let saved = playground.save();
    let bytes = sessionlab::share::payload_bytes(&saved);
    let opened: SavedPlayground = sessionlab::share::from_payload_bytes(&bytes)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&opened, &saved);
    let replayed = Playground::restore(&opened);
    prop_assert_eq!(replayed.cursor(), playground.cursor());
    prop_assert_eq!(
        replayed.shell().deployment.board(),
        playground.shell().deployment.board()
    );
    prop_assert_eq!(transcripts(&replayed), transcripts(&playground));
    // A page that fetches the code of the commands part on first use ends with the same steps.
    let fetched = run_fetching_on_first_use(moves)?;
    prop_assert_eq!(transcripts(&fetched), transcripts(&playground));
    prop_assert_eq!(
        fetched.shell().deployment.board(),
        playground.shell().deployment.board()
    );
    Ok(reach)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn generated_programs_run_within_budgets_and_replay_identically(program in moves()) {
        check_program(&program)?;
    }
}

/// The generator is worth running only if its programs reach the engine: most steps must reach
/// the deployment, and few may stop at a syntax, reference or type error.
#[test]
fn generated_programs_reach_the_engine() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut total = Reach::default();
    for _ in 0..300 {
        let program = moves().new_tree(&mut runner).unwrap().current();
        let reach = check_program(&program).unwrap();
        total.steps += reach.steps;
        total.commands += reach.commands;
        total.deployment += reach.deployment;
        total.shell_errors += reach.shell_errors;
    }
    let percent = |n: usize| n * 100 / total.steps;
    println!(
        "{} generated steps: {} % sent a command, {} % reached the deployment, {} % stopped at a syntax, reference or type error",
        total.steps,
        percent(total.commands),
        percent(total.deployment),
        percent(total.shell_errors)
    );
    assert!(percent(total.commands) >= 55, "{total:?}");
    assert!(percent(total.deployment) >= 60, "{total:?}");
    assert!(percent(total.shell_errors) <= 10, "{total:?}");
}
