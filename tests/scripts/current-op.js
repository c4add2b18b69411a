// $currentOp and db.currentOp(), as the server's own tests look at sessions with them.
// jstests/noPassthrough/currentop_transaction_metrics.js: an open transaction between commands
// is an idleSession entry with its transaction's times; once prepared, timePreparedMicros.
db.coll.insertOne({ x: 1 })
const session = db.getMongo().startSession()
const sessionDB = session.getDatabase("test")
session.startTransaction()
sessionDB.coll.updateOne({}, { $set: { a: 1 } })
sessionDB.coll.insertOne({ _id: "insert-1" })
lab.advance("1500ms")
const transactionFilter = { active: false, lsid: { $exists: true }, "transaction.parameters.txnNumber": { $eq: 1 }, "transaction.parameters.autocommit": { $eq: false }, "transaction.timePreparedMicros": { $exists: false } }
db.getSiblingDB("admin").aggregate([{ $currentOp: {} }, { $match: transactionFilter }])
session.getDatabase("admin").runCommand({ prepareTransaction: 1 })
lab.advance("250ms")
db.getSiblingDB("admin").aggregate([{ $currentOp: {} }, { $match: { "transaction.timePreparedMicros": { $exists: true } } }, { $project: { type: 1, desc: 1, "transaction.timePreparedMicros": 1, "transaction.timeOpenMicros": 1 } }])
// db.currentOp() runs $currentOp with idle sessions, as the currentOp command does.
db.currentOp({ "transaction.timePreparedMicros": { $exists: true } }).inprog.length
// A kill never aborts a prepared transaction: it is still listed after killAllSessions.
db.runCommand({ killAllSessions: [] })
db.currentOp({ "transaction.timePreparedMicros": { $exists: true } }).inprog.length
// The manual's example for idle cursors, and the kill seen through it: listed before, absent after.
db.coll.insertMany([{ _id: 2 }, { _id: 3 }, { _id: 4 }])
const reader = db.getMongo().startSession()
const cursor = reader.getDatabase("test").coll.find({ _id: { $gte: 2 } }).batchSize(1)
cursor.next()
use admin
db.aggregate([{ $currentOp: { allUsers: true, idleCursors: true } }, { $match: { type: "idleCursor" } }])
db.runCommand({ killSessions: [reader.getSessionId()] })
db.aggregate([{ $currentOp: { allUsers: true, idleCursors: true } }, { $match: { type: "idleCursor" } }])
// Idle connections only when asked for; each entry names its connection.
db.aggregate([{ $currentOp: { idleConnections: true, idleSessions: false } }, { $project: { _id: 0, type: 1, desc: 1, active: 1 } }])
// The stage's rules (document_source_current_op.cpp): first stage only, on admin with
// {aggregate: 1}, boolean options, no unknown option.
db.aggregate([{ $match: {} }, { $currentOp: {} }])
db.aggregate([{ $currentOp: { idleCursors: 1 } }])
db.aggregate([{ $currentOp: { allUsers: 1 } }])
db.aggregate([{ $currentOp: { bogus: true } }])
// An unknown option is unknown whatever its value; allUsers' type is checked first, by the
// privilege check's parse (DocumentSourceCurrentOp::LiteParsed).
db.aggregate([{ $currentOp: { bogus: 1 } }])
db.aggregate([{ $currentOp: { bogus: 1, allUsers: 1 } }])
db.aggregate([{ $currentOp: 5 }])
db.getSiblingDB("test").aggregate([{ $currentOp: {} }])
db.getSiblingDB("test").coll.aggregate([{ $currentOp: {} }])
// With access control on, other users' entries need the inprog privilege.
db.getSiblingDB("db1").createUser({ user: "appReader", pwd: "secret", roles: ["read"] })
lab.setAuth(true)
const app = new Mongo().getDB("db1")
app.auth("appReader", "secret")
app.getSiblingDB("admin").aggregate([{ $currentOp: { allUsers: true } }])
app.getSiblingDB("admin").aggregate([{ $currentOp: {} }])
// maxTimeMS bounds an operation: a slow find or a sleep past it ends at the limit with
// MaxTimeMSExpired (50), as the server interrupts it; within it, it answers as usual.
lab.setAuth(false)
db.slow.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }])
db.slow.find({ $where: "sleep(1000) || true" }).maxTimeMS(1500).toArray()
db.slow.find({ $where: "sleep(1000) || true" }, {}, { maxTimeMS: 5000 }).toArray().length
db.adminCommand({ sleep: 1, secs: 10, maxTimeMS: 100 })
const bounded = lab.background(new Mongo().getDB(db.getName()).slow.find({ $where: "sleep(60000) || true" }).maxTimeMS(90000).toArray())
db.currentOp({ "command.maxTimeMS": 90000 }).inprog.length
// maxTimeMS is read as the server reads it, on every command (max_time_ms_parser.cpp and the
// IDL's check; FerretDB's compatibility tests record these answers of a real server).
db.runCommand({ ping: 1, maxTimeMS: "soon" })
db.runCommand({ ping: 1, maxTimeMS: null })
db.slow.find().maxTimeMS(-1).toArray()
db.runCommand({ find: "slow", maxTimeMS: 1000.5 })
db.runCommand({ find: "slow", maxTimeMS: 2147483648 })
db.runCommand({ ping: 1, maxTimeMS: 0 })
lab.advance("2m")
bounded.result()
// A function of no arguments is called at once, in the background, as JavaScript hands work on.
const later = lab.background(() => new Mongo().getDB("admin").runCommand({ sleep: 1, secs: 30 }))
db.currentOp({ "command.sleep": 1 }).inprog.length
lab.advance("31s")
later.result()
// An operation killed inside a transaction fails its command, and a failed command aborts the
// transaction it ran in (invokeWithSessionCheckedOut's guard): the commit finds it aborted.
const txnConn = new Mongo()
const txnSession = txnConn.startSession()
txnSession.startTransaction()
txnSession.getDatabase("test").slow.insertOne({ n: 4 })
const inTxn = lab.background(txnSession.getDatabase("test").slow.find({ $where: "sleep(60000) || true" }).toArray())
db.killOp(db.currentOp({ "command.find": "slow" }).inprog[0].opid)
inTxn.result()
txnSession.commitTransaction()
db.slow.countDocuments({ n: 4 })
// sleep's numbers as the test command reads them (secs and millis add up), and killOp's op as
// bsonExtractIntegerField reads it, within 32 bits.
db.adminCommand({ sleep: 1, secs: 1, seconds: 1 })
db.adminCommand({ sleep: 1, millis: "soon" })
const short = lab.background(() => new Mongo().getDB("admin").runCommand({ sleep: 1, secs: 1, millis: 500 }))
lab.advance("1s")
db.currentOp({ "command.sleep": 1 }).inprog.length
lab.advance("500ms")
short.result()
db.adminCommand({ killOp: 1 })
db.adminCommand({ killOp: 1, op: "12" })
db.adminCommand({ killOp: 1, op: 1.5 })
db.adminCommand({ killOp: 1, op: 5000000000 })
