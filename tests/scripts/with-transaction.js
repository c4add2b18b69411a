// session.withTransaction(fn), as mongosh runs it through the Node driver: it starts a
// transaction, calls fn, commits, and answers what fn returned.
const s = db.getMongo().startSession()
const items = s.getDatabase("test").items
s.withTransaction(() => items.insertOne({ _id: 1 }))
db.items.find()
s.withTransaction(() => { items.insertOne({ _id: 2 }); return items.countDocuments() })
// When fn throws, the transaction is aborted and the error thrown: nothing of it is written.
s.withTransaction(() => { items.insertOne({ _id: 3 }); items.insertOne({ _id: 1 }) })
s.withTransaction(() => { items.insertOne({ _id: 3 }); nope })
db.items.find()
// fn may end the transaction itself: then there is nothing to commit.
s.withTransaction(() => { items.insertOne({ _id: 4 }); s.abortTransaction() })
s.withTransaction(() => { items.insertOne({ _id: 5 }); s.commitTransaction(); return "done" })
db.items.find()
// A write conflict with another session's open transaction is a TransientTransactionError: the
// driver would retry for 120 seconds; here each retry would meet the same open transaction.
const other = db.getMongo().startSession()
other.startTransaction()
other.getDatabase("test").items.updateOne({ _id: 1 }, { $set: { by: "other" } })
s.withTransaction(() => items.updateOne({ _id: 1 }, { $set: { by: "s" } }))
other.commitTransaction()
// A kill inside fn aborts the transaction, and the commit says so.
s.withTransaction(() => { items.insertOne({ _id: 6 }); db.adminCommand({ killAllSessions: [] }) })
db.items.find()
// Refusals: fn must be a function; a transaction in progress stops it first.
s.withTransaction(42)
s.startTransaction()
s.withTransaction(() => 1)
s.abortTransaction()
// An ended session: the driver starts and commits a transaction that sent nothing, and refuses
// the first command fn sends ("Use of expired sessions"), aborting the transaction.
s.endSession()
s.withTransaction(() => 1)
s.withTransaction(() => items.insertOne({ _id: 7 }))
s.commitTransaction()
// The Node driver's examples, pasted as they are: an async callback and await run as written.
const pasted = db.getMongo().startSession()
pasted.withTransaction(async () => { await pasted.getDatabase("test").items.insertOne({ _id: 9 }) })
await db.items.countDocuments({ _id: 9 })
// A callback that throws its own error: the driver aborts the transaction and throws it again.
const thrower = db.getMongo().startSession()
thrower.withTransaction(() => { thrower.getDatabase("test").items.insertOne({ _id: 10 }); throw new Error("changed my mind") })
db.items.countDocuments({ _id: 10 })
