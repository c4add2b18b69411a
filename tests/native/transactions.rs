//! Transactions never lose a write: for any interleaving of writes inside two transactions and
//! outside any (including writes that wait for a transaction, and transactions that end by
//! commit, abort, conflict or their lifetime limit), the collection holds exactly what the
//! acknowledged writes and the committed transactions wrote, in the order they took effect.
//! And the commit regression of issue 11 as a plain test.

use bson::{doc, Bson, Document};
use proptest::prelude::*;
use sessionlab::engine::operations::{ConnId, OpId};
use sessionlab::engine::{Deployment, DeploymentOptions};
use std::collections::BTreeMap;

/// A write whose effect does not depend on what was there: `_id: key` gets `v: value`, or is
/// removed.
#[derive(Debug, Clone, Copy)]
enum Write {
    Put(i32, i32),
    Remove(i32),
}

impl Write {
    fn command(self) -> Document {
        match self {
            Write::Put(key, value) => doc! {
                "update": "c",
                "updates": [{ "q": { "_id": key }, "u": { "$set": { "v": value } }, "upsert": true }],
            },
            Write::Remove(key) => {
                doc! { "delete": "c", "deletes": [{ "q": { "_id": key }, "limit": 1 }] }
            }
        }
    }

    fn apply(self, model: &mut BTreeMap<i32, i32>) {
        match self {
            Write::Put(key, value) => model.insert(key, value),
            Write::Remove(key) => model.remove(&key),
        };
    }
}

#[derive(Debug, Clone, Copy)]
enum Step {
    /// A write outside any transaction, on its own connection (it may wait).
    Plain(Write),
    /// Transaction `0` or `1` writes (starting the transaction if none is open).
    InTxn(usize, Write),
    Commit(usize),
    Abort(usize),
    /// Moves the clock (past 60 s, open transactions expire).
    Advance(i64),
}

fn write() -> impl Strategy<Value = Write> {
    prop_oneof![
        (0..4, 0..100).prop_map(|(k, v)| Write::Put(k, v)),
        (0..4).prop_map(Write::Remove),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => write().prop_map(Step::Plain),
        4 => (0..2usize, write()).prop_map(|(t, w)| Step::InTxn(t, w)),
        2 => (0..2usize).prop_map(Step::Commit),
        1 => (0..2usize).prop_map(Step::Abort),
        1 => prop_oneof![Just(1_000_i64), Just(61_000_i64)].prop_map(Step::Advance),
    ]
}

/// One of the two transactional sessions.
struct Txn {
    conn: ConnId,
    lsid: Document,
    number: i64,
    open: bool,
    writes: Vec<Write>,
}

struct World {
    dep: Deployment,
    txns: Vec<Txn>,
    /// Waiting plain writes and what each will write when acknowledged.
    waiting: Vec<(OpId, Write)>,
    /// What the acknowledged writes and committed transactions made, in order.
    model: BTreeMap<i32, i32>,
}

fn is_ok(reply: &Document) -> bool {
    reply.get("ok").and_then(Bson::as_f64) == Some(1.0) && !reply.contains_key("writeErrors")
}

/// Whether an acknowledged write changed something: a removal that matched nothing did not,
/// nor an update that left the document as it was (the server skips a no-op update).
fn wrote(reply: &Document) -> bool {
    let changed = match reply.get_i32("nModified") {
        Ok(modified) => modified > 0 || reply.contains_key("upserted"),
        Err(_) => reply.get_i32("n").is_ok_and(|n| n > 0),
    };
    is_ok(reply) && changed
}

impl World {
    fn new() -> Self {
        let mut dep = Deployment::new(DeploymentOptions::default());
        let txns = (0..2)
            .map(|_| {
                let conn = dep.open_connection();
                let reply = dep
                    .run_command(conn, "admin", &doc! { "startSession": 1 })
                    .reply;
                let lsid = reply.get_document("id").unwrap().clone();
                Txn {
                    conn,
                    lsid,
                    number: 0,
                    open: false,
                    writes: Vec::new(),
                }
            })
            .collect();
        Self {
            dep,
            txns,
            waiting: Vec::new(),
            model: BTreeMap::new(),
        }
    }

    fn txn_command(&mut self, t: usize, mut command: Document, start: bool) -> Document {
        let txn = &self.txns[t];
        command.insert("lsid", txn.lsid.clone());
        command.insert("txnNumber", txn.number);
        command.insert("autocommit", false);
        if start {
            command.insert("startTransaction", true);
        }
        let db = if command.contains_key("update") || command.contains_key("delete") {
            "test"
        } else {
            "admin"
        };
        self.dep.run_command(txn.conn, db, &command).reply
    }

    fn run(&mut self, step: Step) {
        match step {
            Step::Plain(write) => {
                let conn = self.dep.open_connection();
                let outcome = self.dep.run_command(conn, "test", &write.command());
                if let Some(op) = outcome.pending {
                    self.waiting.push((op, write));
                } else {
                    assert!(is_ok(&outcome.reply), "{:?}", outcome.reply);
                    if wrote(&outcome.reply) {
                        write.apply(&mut self.model);
                    }
                }
            }
            Step::InTxn(t, write) => {
                let start = !self.txns[t].open;
                if start {
                    self.txns[t].number += 1;
                    self.txns[t].open = true;
                    self.txns[t].writes.clear();
                }
                let reply = self.txn_command(t, write.command(), start);
                if wrote(&reply) {
                    self.txns[t].writes.push(write);
                }
            }
            Step::Commit(t) if self.txns[t].open => {
                self.txns[t].open = false;
                let reply = self.txn_command(t, doc! { "commitTransaction": 1 }, false);
                if is_ok(&reply) {
                    for write in std::mem::take(&mut self.txns[t].writes) {
                        write.apply(&mut self.model);
                    }
                }
            }
            Step::Abort(t) if self.txns[t].open => {
                self.txns[t].open = false;
                self.txn_command(t, doc! { "abortTransaction": 1 }, false);
            }
            Step::Commit(_) | Step::Abort(_) => {}
            Step::Advance(ms) => {
                self.dep.advance(ms);
            }
        }
        // Waiting writes that finished took effect in the order they started waiting (they
        // finish in one pass, in start order).
        let (done, still): (Vec<_>, Vec<_>) = std::mem::take(&mut self.waiting)
            .into_iter()
            .partition(|(op, _)| self.dep.finished_op(*op).is_some());
        self.waiting = still;
        for (op, write) in done {
            let reply = self.dep.finished_op(op).unwrap().reply();
            assert!(
                is_ok(&reply),
                "a waiting write ends well once its transaction ends: {reply:?}"
            );
            if wrote(&reply) {
                write.apply(&mut self.model);
            }
        }
    }

    fn collection(&mut self) -> BTreeMap<i32, i32> {
        let conn = self.dep.open_connection();
        let reply = self
            .dep
            .run_command(conn, "test", &doc! { "find": "c", "batchSize": 1000 })
            .reply;
        assert!(is_ok(&reply), "{reply:?}");
        reply
            .get_document("cursor")
            .unwrap()
            .get_array("firstBatch")
            .unwrap()
            .iter()
            .map(|d| {
                let d = d.as_document().unwrap();
                (d.get_i32("_id").unwrap(), d.get_i32("v").unwrap())
            })
            .collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn every_acknowledged_committed_write_is_in_the_collection(steps in prop::collection::vec(step(), 1..40)) {
        let mut world = World::new();
        for step in steps {
            world.run(step);
            prop_assert_eq!(world.collection(), world.model.clone());
        }
        // Every transaction ends (its lifetime limit), so every waiting write ends too.
        world.run(Step::Advance(61_000));
        prop_assert!(world.waiting.is_empty());
        prop_assert_eq!(world.collection(), world.model.clone());
    }
}

#[test]
fn a_commit_keeps_what_others_committed_meanwhile() {
    // Issue 11: the commit used to replace the collection with the transaction's copy.
    let mut world = World::new();
    world.run(Step::Plain(Write::Put(1, 1)));
    world.run(Step::InTxn(0, Write::Put(2, 2)));
    world.run(Step::Plain(Write::Put(3, 3)));
    world.run(Step::Commit(0));
    assert_eq!(world.collection(), BTreeMap::from([(1, 1), (2, 2), (3, 3)]));
}

#[test]
fn a_plain_write_waits_for_the_transaction_that_wrote_first() {
    let mut world = World::new();
    world.run(Step::InTxn(0, Write::Put(1, 1)));
    world.run(Step::Plain(Write::Put(1, 2)));
    assert_eq!(world.waiting.len(), 1, "the plain write waits");
    assert_eq!(
        world.collection(),
        BTreeMap::new(),
        "nothing is committed yet"
    );
    world.run(Step::Commit(0));
    assert!(world.waiting.is_empty(), "the commit lets it run");
    // The transaction's write, then the plain write on top: neither is lost.
    assert_eq!(world.collection(), BTreeMap::from([(1, 2)]));
}
