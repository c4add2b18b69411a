// startTransaction's options, as the Node driver sends them: the read concern travels with the
// transaction's first command, and the server checks it there.
const s = db.getMongo().startSession()
const items = s.getDatabase("shop").items
s.startTransaction({ readConcern: { level: "linearizable" } })
items.insertOne({ _id: 1 })
// The driver counts the transaction as begun; the server never started it.
items.insertOne({ _id: 2 })
s.abortTransaction()
// An unacknowledged write concern is refused by the driver, before any command.
s.startTransaction({ writeConcern: { w: 0 } })
s.startTransaction({ readConcern: { level: "snapshot" }, writeConcern: { w: "majority" } })
items.insertOne({ _id: 3 })
// Only the first statement may name a read concern, and none a write concern: both are
// refused before the transaction is touched, so it stays open.
s.getDatabase("shop").runCommand({ find: "items", readConcern: { level: "majority" } })
s.getDatabase("shop").runCommand({ insert: "items", documents: [{ _id: 4 }], writeConcern: { w: 1 } })
s.commitTransaction()
db.getSiblingDB("shop").items.find()
// startSession's readConcern and writeConcern are its transactions' defaults; a transaction's
// own options win.
const t = db.getMongo().startSession({ readConcern: { level: "available" } })
t.withTransaction(() => t.getDatabase("shop").items.insertOne({ _id: 5 }))
t.withTransaction(() => t.getDatabase("shop").items.insertOne({ _id: 5 }), { readConcern: "local" })
db.getSiblingDB("shop").runCommand({ find: "items", readConcern: { level: "strong" } })
// getOptions() is what mongosh gave the driver (mongo.ts): the transaction defaults given (not
// undefined) under defaultTransactionOptions, then causalConsistency, snapshot and
// defaultTimeoutMS when given.
t.getOptions()
db.getMongo().startSession({ causalConsistency: false, readConcern: "", writeConcern: { w: "majority" }, readPreference: null, maxCommitTimeMS: 500 }).getOptions()
db.getMongo().startSession().getOptions()
// A snapshot session runs no transaction, and cannot be causally consistent (the driver's
// ClientSession refuses both).
const snap = db.getMongo().startSession({ snapshot: true, defaultTimeoutMS: 1000 })
snap.getOptions()
snap.startTransaction()
db.getMongo().startSession({ snapshot: true, causalConsistency: true })
// The driver forgets a committed transaction at the session's next command: a second commit
// is a retry, and after a read there is no transaction to commit or abort. A transaction that
// sent nothing commits without a command, as often as asked.
const again = db.getMongo().startSession()
again.startTransaction()
again.getDatabase("shop").items.insertOne({ _id: 40 })
again.commitTransaction()
again.commitTransaction()
again.getDatabase("shop").items.findOne({ _id: 40 })
again.abortTransaction()
again.startTransaction()
again.commitTransaction()
again.commitTransaction()
