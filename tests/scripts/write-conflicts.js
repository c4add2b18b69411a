// Transactions and writes that touch the same documents, as the server's own tests have them.
// jstests/core/txns/write_conflicts_with_non_txns.js, case 1: a write outside a transaction to a
// document the transaction wrote waits for it; with maxTimeMS it gives up; after the commit it
// runs, and fails on the duplicate key.
const session = db.getMongo().startSession()
const sessionColl = session.getDatabase("test").wc
session.startTransaction()
sessionColl.insertOne({ _id: 1 })
db.runCommand({ insert: "wc", documents: [{ _id: 1, nonTxn: true }], maxTimeMS: 100 })
const other = new Mongo().getDB("test")
const blocked = lab.background(other.runCommand({ insert: "wc", documents: [{ _id: 1, nonTxn: true }] }))
blocked.result()
session.commitTransaction()
blocked.result()
db.wc.find()
db.wc.deleteMany({})
// Case 2: after an abort, the waiting write runs and succeeds.
session.startTransaction()
sessionColl.insertOne({ _id: 1 })
const waiting = lab.background(other.runCommand({ insert: "wc", documents: [{ _id: 1, nonTxn: true }] }))
session.abortTransaction()
waiting.result()
db.wc.find()
db.wc.deleteMany({})
// Case 3: a transaction that writes a document changed outside it after its snapshot gets
// WriteConflict, with the TransientTransactionError label, and is aborted.
session.startTransaction()
sessionColl.find().toArray()
db.wc.insertOne({ _id: 1, nonTxn: true })
sessionColl.insertOne({ _id: 1 })
session.commitTransaction()
db.wc.find()
db.wc.deleteMany({})
// jstests/core/txns/libs/write_conflicts.js, T1StartsFirstAndWins: two transactions update one
// document; the second writer conflicts, the first commits.
db.wc.insertOne({ _id: 1, x: 0 })
const session2 = db.getMongo().startSession()
const session2Coll = session2.getDatabase("test").wc
session.startTransaction()
session2.startTransaction()
sessionColl.updateOne({ _id: 1 }, { $set: { x: 1 } })
session2Coll.updateOne({ _id: 1 }, { $set: { x: 2 } })
session.commitTransaction()
session2.commitTransaction()
db.wc.find()
// T2StartsSecondAndWins: the first transaction's snapshot predates the second one's commit.
session.startTransaction()
session2.startTransaction()
sessionColl.find().toArray()
session2Coll.updateOne({ _id: 1 }, { $set: { x: 2 } })
session2.commitTransaction()
sessionColl.updateOne({ _id: 1 }, { $set: { x: 3 } })
session.commitTransaction()
db.wc.find()
// Reads in a transaction see its snapshot; a commit keeps what others committed meanwhile.
session.startTransaction()
sessionColl.find().toArray()
db.wc.insertOne({ _id: 2 })
sessionColl.find().toArray()
sessionColl.insertOne({ _id: 3 })
session.commitTransaction()
db.wc.find()
// Without maxTimeMS, a write waiting for a transaction that nobody ends waits until the
// transaction's lifetime limit (60 seconds) aborts it.
session.startTransaction()
sessionColl.updateOne({ _id: 2 }, { $set: { y: 1 } })
lab.now()
db.wc.updateOne({ _id: 2 }, { $set: { y: 2 } })
lab.now()
db.wc.find()
// A command that fails inside a transaction aborts it (invokeWithSessionCheckedOut's guard): a
// duplicate key fails the whole insert there (write_ops_exec's handleError), not one write
// error of it, and the next command of the transaction finds it aborted.
db.failing.insertOne({ _id: 1 })
const failing = db.getMongo().startSession()
const failingColl = failing.getDatabase("test").failing
failing.startTransaction()
failingColl.insertOne({ _id: 2 })
failingColl.insertOne({ _id: 1 })
failingColl.insertOne({ _id: 3 })
failing.commitTransaction()
db.failing.find()
// So does a read refused by the server (an unknown operator).
failing.startTransaction()
failingColl.insertOne({ _id: 4 })
failingColl.find({ _id: { $fuzzy: 1 } }).toArray()
failing.commitTransaction()
// A prepared transaction is never aborted by a failure: a commit without its timestamp is
// refused, and the transaction stays prepared until it is committed.
failing.startTransaction()
failingColl.insertOne({ _id: 5 })
failing.getDatabase("admin").runCommand({ prepareTransaction: 1 })
failing.getDatabase("admin").runCommand({ commitTransaction: 1 })
lab.sessions()
