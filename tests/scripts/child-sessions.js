// Internal (child) sessions, as the server's own tests drive them with access control off.
// jstests/sharding/internal_txns/sessions.js: a child lsid carries txnUUID (and txnNumber for a
// retryable write's transaction); it is allowed only inside a transaction; parent and children
// are one logical session: one cache entry, one config.system.sessions record.
lab.implicitSessions(false)
db.runCommand({ create: "testColl" })
const sessionUUID = UUID()
const parentLsid = { id: sessionUUID }
db.runCommand({ insert: "testColl", documents: [{ x: 0 }], lsid: parentLsid, txnNumber: NumberLong(0) })
const childLsid1 = { id: sessionUUID, txnNumber: NumberLong(35), txnUUID: UUID() }
db.runCommand({ insert: "testColl", documents: [{ x: 1 }], lsid: childLsid1 })
db.runCommand({ insert: "testColl", documents: [{ x: 1 }], lsid: childLsid1, txnNumber: NumberLong(0) })
db.runCommand({ insert: "testColl", documents: [{ x: 1 }], lsid: { id: sessionUUID, txnNumber: NumberLong(35) }, txnNumber: NumberLong(0), startTransaction: true, autocommit: false })
db.runCommand({ insert: "testColl", documents: [{ x: 1 }], lsid: childLsid1, txnNumber: NumberLong(0), startTransaction: true, autocommit: false })
db.adminCommand({ commitTransaction: 1, lsid: childLsid1, txnNumber: NumberLong(0), autocommit: false })
const childLsid2 = { id: sessionUUID, txnUUID: UUID() }
db.runCommand({ insert: "testColl", documents: [{ x: 2 }], lsid: childLsid2, txnNumber: NumberLong(35), startTransaction: true, autocommit: false })
db.adminCommand({ commitTransaction: 1, lsid: childLsid2, txnNumber: NumberLong(35), autocommit: false })
db.getSiblingDB("admin").aggregate([{ $listLocalSessions: { allUsers: true } }])
db.adminCommand({ refreshLogicalSessionCacheNow: 1 })
db.getSiblingDB("config").system.sessions.find({ "_id.id": sessionUUID })
db.testColl.find({}, { _id: 0 })
// jstests/sharding/internal_txns/kill_sessions.js: killing the parent session aborts its
// children's transactions; a child lsid cannot be named in a kill.
const childLsid3 = { id: sessionUUID, txnUUID: UUID() }
db.runCommand({ insert: "testColl", documents: [{ x: 3 }], lsid: childLsid3, txnNumber: NumberLong(3), startTransaction: true, autocommit: false })
db.getSiblingDB("admin").aggregate([{ $currentOp: {} }, { $match: { type: "idleSession" } }, { $project: { lsid: 1, "transaction.parameters.txnNumber": 1 } }])
db.adminCommand({ killSessions: [childLsid3] })
db.adminCommand({ killSessions: [{ id: sessionUUID }] })
db.adminCommand({ commitTransaction: 1, lsid: childLsid3, txnNumber: NumberLong(3), autocommit: false })
db.adminCommand({ endSessions: [childLsid3] })
// Killing by user reaches children too: with access control off every session has the no-auth uid.
const childLsid4 = { id: sessionUUID, txnNumber: NumberLong(4), txnUUID: UUID() }
db.runCommand({ insert: "testColl", documents: [{ x: 4 }], lsid: childLsid4, txnNumber: NumberLong(0), startTransaction: true, autocommit: false })
db.adminCommand({ killAllSessions: [] })
db.adminCommand({ commitTransaction: 1, lsid: childLsid4, txnNumber: NumberLong(0), autocommit: false })
// With access control on, internal sessions are only for cluster members.
db.getSiblingDB("admin").createUser({ user: "admin", pwd: "pw", roles: ["root"] })
lab.setAuth(true)
db.getSiblingDB("admin").auth("admin", "pw")
db.runCommand({ insert: "testColl", documents: [{ x: 5 }], lsid: { id: UUID(), txnUUID: UUID() }, txnNumber: NumberLong(0), startTransaction: true, autocommit: false })
