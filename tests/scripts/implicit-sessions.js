// The legacy shell's --disableImplicitSessions, as the server's session tests run it
// (jstests/noPassthrough/refresh_sessions_command.js sets TestData.disableImplicitSessions, so
// the sessions collection holds exactly the sessions the test started).
lab.implicitSessions()
lab.implicitSessions(false)
lab.implicitSessions()
const admin = db.getSiblingDB("admin")
admin.runCommand({ startSession: 1 }).ok
admin.runCommand({ startSession: 1 }).ok
admin.runCommand({ startSession: 1 }).ok
admin.runCommand({ refreshLogicalSessionCacheNow: 1 })
db.getSiblingDB("config").system.sessions.aggregate([{ $listSessions: { allUsers: true } }, { $count: "sessions" }])
// Cursors and writes carry no session either, so nothing else is listed.
db.c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }])
const cursor = db.c.find().batchSize(1)
cursor.next()
cursor.next()
admin.aggregate([{ $listLocalSessions: { allUsers: true } }, { $count: "sessions" }])
// A session started by the shell still sends its lsid.
const session = db.getMongo().startSession()
session.getDatabase("test").c.countDocuments({})
admin.aggregate([{ $listLocalSessions: { allUsers: true } }, { $count: "sessions" }])
// On again: every command without a session carries one of the connection's implicit sessions.
lab.implicitSessions(true)
db.runCommand({ ping: 1 })
admin.aggregate([{ $listLocalSessions: { allUsers: true } }, { $count: "sessions" }])
lab.implicitSessions("no")
