// Retryable writes, as jstests/replsets/retryable_writes.js sends them: a write with an lsid and
// a txnNumber records each statement that wrote, and a retry at the same txnNumber answers them
// without writing again (retriedStmtIds). The collection after each retry is as after the first.
const lsid = { id: UUID("33333333-3333-4333-8333-333333333333") }
const insert = { insert: "user", documents: [{ _id: 10 }, { _id: 30 }], ordered: false, lsid: lsid, txnNumber: NumberLong(34) }
db.runCommand(insert)
db.runCommand(insert)
db.user.find()
// An in-place update, an upsert and a replacement; the retry counts them as the first run did.
const update = { update: "user", updates: [{ q: { _id: 10 }, u: { $inc: { x: 1 } } }, { q: { _id: 20 }, u: { $inc: { y: 1 } }, upsert: true }, { q: { _id: 30 }, u: { z: 1 } }], ordered: false, lsid: lsid, txnNumber: NumberLong(35) }
db.runCommand(update)
db.runCommand(update)
db.user.find()
db.user.insertMany([{ _id: 40, x: 1 }, { _id: 50, y: 1 }])
const remove = { delete: "user", deletes: [{ q: { x: 1 }, limit: 1 }, { q: { y: 1 }, limit: 1 }], ordered: false, lsid: lsid, txnNumber: NumberLong(36) }
db.runCommand(remove)
db.runCommand(remove)
db.user.find()
// findAndModify answers its first reply again, with retriedStmtId.
const upsertOne = { findAndModify: "user", query: { _id: 60 }, update: { $inc: { x: 1 } }, new: true, upsert: true, lsid: lsid, txnNumber: NumberLong(37) }
db.runCommand(upsertOne)
db.runCommand(upsertOne)
const preImage = { findAndModify: "user", query: { _id: 60 }, update: { $inc: { x: 1 } }, new: false, lsid: lsid, txnNumber: NumberLong(38) }
db.runCommand(preImage)
db.runCommand(preImage)
db.user.findOne({ _id: 60 })
// A kill leaves a session's retryable-write history alone.
db.adminCommand({ killAllSessions: [] })
db.runCommand(preImage)
db.user.findOne({ _id: 60 })
// A statement that wrote nothing runs again: the duplicate key fails at each try, the update
// that matched nothing matches the document inserted since.
const partly = { insert: "user", documents: [{ _id: 70 }, { _id: 30 }], ordered: false, lsid: lsid, txnNumber: NumberLong(39) }
db.runCommand(partly)
db.runCommand(partly)
const later = { update: "user", updates: [{ q: { _id: 80 }, u: { $set: { seen: true } } }], lsid: lsid, txnNumber: NumberLong(40) }
db.runCommand(later)
db.user.insertOne({ _id: 80 })
db.runCommand(later)
db.runCommand(later)
db.user.findOne({ _id: 80 })
// Statement ids: stmtId numbers the statements from it, stmtIds names each.
db.runCommand({ insert: "user", documents: [{ _id: 90 }], stmtId: NumberInt(5), lsid: lsid, txnNumber: NumberLong(41) })
db.runCommand({ insert: "user", documents: [{ _id: 90 }, { _id: 91 }], stmtIds: [NumberInt(5), NumberInt(6)], lsid: lsid, txnNumber: NumberLong(41) })
db.user.countDocuments({ _id: { $gte: 90 } })
// Writes of many documents cannot be retried: each such statement fails, the others run.
db.runCommand({ update: "user", updates: [{ q: { _id: 70 }, u: { $set: { y: 1 } } }, { q: { _id: 30 }, u: { $set: { w: 1 } }, multi: true }], lsid: lsid, txnNumber: NumberLong(42) })
db.runCommand({ delete: "user", deletes: [{ q: { _id: 90 }, limit: 1 }, { q: { _id: 91 }, limit: 0 }], ordered: false, lsid: lsid, txnNumber: NumberLong(43) })
db.user.find({ _id: { $in: [30, 70, 90, 91] } })
// An older txnNumber is refused; a newer one starts afresh.
db.runCommand({ insert: "user", documents: [{ _id: 100 }], lsid: lsid, txnNumber: NumberLong(42) })
db.runCommand({ insert: "user", documents: [{ _id: 100 }], lsid: lsid, txnNumber: NumberLong(44) })
// The statement ids are the txnNumber's, whatever the command: statement 0 of txnNumber 44 was
// an insert, and a delete sent at 44 is answered as done.
db.runCommand({ delete: "user", deletes: [{ q: { _id: 100 }, limit: 1 }], lsid: lsid, txnNumber: NumberLong(44) })
db.user.findOne({ _id: 100 })
// mongosh's driver sends each of its own retryable writes (insertOne, updateOne, deleteOne,
// findOneAnd…, insertMany, a bulkWrite without updateMany or deleteMany) with the session's
// next txnNumber; updateMany, deleteMany and db.runCommand send none. So a session's
// transaction after two such writes is number 3, as on a real replica set.
const s = db.getMongo().startSession()
const items = s.getDatabase("test").items
items.insertOne({ _id: 1 })
items.updateMany({}, { $set: { seen: true } })
s.getDatabase("test").runCommand({ insert: "items", documents: [{ _id: 2 }] })
items.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } })
items.bulkWrite([{ insertOne: { document: { _id: 4 } } }, { deleteMany: { filter: { _id: 4 } } }])
s.startTransaction()
items.insertOne({ _id: 3 })
db.getSiblingDB("admin").aggregate([{ $currentOp: { idleSessions: true } }, { $project: { _id: 0, txnNumber: "$transaction.parameters.txnNumber" } }])
s.commitTransaction()
lab.sessions()
// config.transactions (SessionTxnRecord): each retryable write that wrote, and each transaction
// committed with writes, leaves the session's record there; a read-only commit writes nothing.
const table = db.getSiblingDB("config").transactions
table.find({ "_id.id": s.id.id }, { _id: 0, txnNum: 1, state: 1 }).toArray()
s.startTransaction()
items.findOne({ _id: 1 })
s.commitTransaction()
table.find({ "_id.id": s.id.id }, { _id: 0, txnNum: 1, state: 1 }).toArray()
items.insertOne({ _id: 5 })
table.findOne({ "_id.id": s.id.id })
// The table is a collection like another: emptied, it gets the session's next record.
table.deleteMany({})
items.insertOne({ _id: 6 })
table.find({}, { _id: 0, txnNum: 1 }).toArray()
