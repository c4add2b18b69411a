// A cursor belongs to the session that opened it, and to its transaction: the driver sends the
// cursor's own session with each getMore, and the server refuses any other (getmore_cmd.cpp).
db.items.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }, { _id: 4 }, { _id: 5 }])
const s = db.getMongo().startSession()
const opened = s.getDatabase("test").runCommand({ find: "items", batchSize: 2 })
db.runCommand({ getMore: opened.cursor.id, collection: "items" })
s.getDatabase("test").runCommand({ getMore: opened.cursor.id, collection: "other" })
// Refused, the cursor stays open for its own session.
s.getDatabase("test").runCommand({ getMore: opened.cursor.id, collection: "items" })
// A cursor opened in a transaction is read in that transaction; after the commit the driver
// sends no txnNumber.
s.startTransaction()
const cursor = s.getDatabase("test").items.find().batchSize(2)
cursor.next()
s.commitTransaction()
cursor.toArray()
// A txnNumber without autocommit: false belongs to a retryable write.
db.runCommand({ find: "items", lsid: s.getSessionId(), txnNumber: NumberLong(7) })
// Cursor timeout (CursorManager::cursorShouldTimeout_inlock): a cursor opened without a
// session is closed after 10 idle minutes, at the cursor monitor's next pass (every 4 s);
// one opened with noCursorTimeout, or in a session, lives on (with its session).
db.timeouts.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }])
lab.implicitSessions(false)
const bare = db.timeouts.find().batchSize(1)
bare.next()
const kept = db.timeouts.find().batchSize(1).noCursorTimeout()
kept.next()
const kept2 = db.timeouts.find({}, {}, { noCursorTimeout: true, batchSize: 1 })
kept2.next()
lab.implicitSessions(true)
const sessioned = db.timeouts.find().batchSize(1)
sessioned.next()
db.getSiblingDB("admin").aggregate([{ $currentOp: { idleCursors: true } }, { $match: { type: "idleCursor", ns: "test.timeouts" } }, { $project: { _id: 0, noCursorTimeout: "$cursor.noCursorTimeout", inSession: { $gt: ["$lsid", null] } } }])
lab.advance("9m")
bare.next()
lab.advance("10m")
bare.next()
kept.next()
kept2.next()
sessioned.next()
db.runCommand({ find: "timeouts", noCursorTimeout: 1 })
// find's, getMore's and aggregate's cursor options as the server parses them (find_command.idl:
// strict, its parser named FindCommandRequest; safeInt64s of at least 0; optionalBools), as
// FerretDB's compatibility tests record a real server answering them.
db.runCommand({ find: "items", batchSize: true })
db.runCommand({ find: "items", limit: -1 })
db.runCommand({ find: "items", skip: 1.9, batchSize: 1.9 }).cursor.firstBatch.length
db.runCommand({ find: "items", singleBatch: 1 })
db.runCommand({ find: "items", allowDiskUse: true, verbose: true })
// find's fields of the IDL's type `any` read null too: filter, projection and sort by
// parseOwnedBSON (its message has no space before "to"), hint by parseHint; ntoreturn is gone
// from 8.0's find; a typed field's null is no field.
db.runCommand({ find: "items", filter: null })
db.runCommand({ find: "items", sort: "x" })
db.runCommand({ find: "items", hint: 1 })
db.runCommand({ find: "items", hint: null })
db.runCommand({ find: "items", oplogReplay: 1 })
db.runCommand({ find: "items", ntoreturn: 1 })
db.runCommand({ find: "items", skip: null, let: null, hint: "_id_" }).cursor.firstBatch.length
// The IDL reads every field before the filter is parsed: the unknown field is reported first.
db.runCommand({ find: "items", filter: { $bad: 1 }, verbose: true })
// count (count_command.idl, strict): limit by countParseLimit (null too; a negative limit is its
// absolute value), skip a safeInt64 of at least 0, the element written as the server writes a
// double (%.16g).
db.runCommand({ count: "items", limit: "x" })
db.runCommand({ count: "items", limit: null })
db.runCommand({ count: "items", limit: 9.3 })
db.runCommand({ count: "items", limit: -2, skip: 1 })
db.runCommand({ count: "items", skip: -1 })
db.runCommand({ count: "items", hint: 1 })
db.runCommand({ count: "items", verbose: true })
// mongosh's count() and distinct() send their options as the Node driver does: a limit, skip
// or maxTimeMS only when it is a JavaScript number, a hint when it is not null.
db.items.count({}, { limit: NumberLong(2), hint: null })
db.items.count({}, { limit: -2, skip: 1, maxTimeMS: "soon" })
db.items.distinct("_id", {}, { hint: 1 })
// distinct (distinct_command.idl, strict; a hint since 7.1).
db.runCommand({ distinct: "items", key: "_id", hint: { _id: 1 } }).values.length
db.runCommand({ distinct: "items", key: "_id", hint: 1 })
db.runCommand({ distinct: "items", key: "_id", verbose: true })
db.runCommand({ distinct: "items", key: "_id", mirrored: null })
db.runCommand({ getMore: NumberLong(1), collection: "items", batchSize: -1 })
// getMore is strict too (getmore_command.idl): a misspelt batchsize is refused, not ignored.
db.runCommand({ getMore: NumberLong(1), collection: "items", batchsize: 2 })
db.runCommand({ getMore: NumberLong(1), collection: 5 })
db.runCommand({ aggregate: "items", pipeline: [] })
db.runCommand({ aggregate: "items", pipeline: [], cursor: { batchSize: "all" } })
// mongosh's negative limit and batch size are the driver's: one batch, of that size.
db.items.find().limit(-1).toArray().length
db.items.find().limit(5).batchSize(-2).toArray().length
// killCursors (kill_cursors.idl, strict) reads every id before it kills any: a list with one id
// of the wrong type kills none.
const killable = db.runCommand({ find: "items", batchSize: 1 }).cursor.id
db.runCommand({ killCursors: "items", cursors: [killable, 5] })
db.runCommand({ getMore: killable, collection: "items", batchSize: 1 }).cursor.nextBatch.length
db.runCommand({ killCursors: "items", cursor: [killable] })
db.runCommand({ killCursors: "items", cursors: [killable] }).cursorsKilled.length
