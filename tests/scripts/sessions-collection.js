// config.system.sessions is a collection: count it, read it, delete from it by hand; the next
// refresh acts on what is there. Follows jstests/noPassthrough/verify_sessions_expiration.js
// (which runs with implicit sessions off, so the collection holds only its own sessions).
lab.implicitSessions(false)
const config = db.getSiblingDB("config")
db.runCommand({ startSession: 1 }).ok
db.runCommand({ startSession: 1 }).ok
db.runCommand({ startSession: 1 }).ok
config.runCommand({ refreshLogicalSessionCacheNow: 1 })
config.system.sessions.countDocuments({})
config.system.sessions.findOne({}, { _id: 0, lastUse: 1 })
// 1. Deleting the records by hand stands for their TTL expiry.
config.system.sessions.deleteMany({})
config.runCommand({ refreshLogicalSessionCacheNow: 1 })
config.system.sessions.countDocuments({})
// 3. A session whose record is gone has its idle cursors killed at the next refresh.
db.items.insertMany([{ _id: 0, b: 1 }, { _id: 1, b: 1 }, { _id: 2, b: 1 }])
const session = db.getMongo().startSession()
const cursor = session.getDatabase("test").items.find({ b: 1 }).batchSize(1)
cursor.next()
config.runCommand({ refreshLogicalSessionCacheNow: 1 })
config.system.sessions.countDocuments({})
config.system.sessions.deleteMany({})
config.runCommand({ refreshLogicalSessionCacheNow: 1 })
config.system.sessions.countDocuments({})
cursor.next()
// An update of lastUse is kept; a document that is not a session's record is refused.
db.runCommand({ startSession: 1 }).ok
config.runCommand({ refreshLogicalSessionCacheNow: 1 })
config.system.sessions.updateMany({}, { $set: { lastUse: new Date(0) } })
config.system.sessions.find({}, { _id: 0, lastUse: 1 }).toArray()
config.system.sessions.insertOne({ _id: 1, lastUse: new Date() })
// The collection is in the config database: no transaction may use it.
const txnSession = db.getMongo().startSession()
txnSession.startTransaction()
txnSession.getDatabase("config").system.sessions.countDocuments({})
txnSession.abortTransaction()
// With access control on, reading it takes a privilege on the config database.
db.getSiblingDB("db1").createUser({ user: "appReader", pwd: "secret", roles: ["read"] })
lab.setAuth(true)
const app = new Mongo().getDB("db1")
app.auth("appReader", "secret")
app.getSiblingDB("config").system.sessions.countDocuments({})
