// The first-five-minutes mistakes (issue 13): the server's reply is unchanged, and a hint
// beside it says what the mistake means and how to fix it, in terms of this deployment.

// A misspelt command: CommandNotFound, and the command that was meant.
db.runCommand({ killAllSession: [] })
// A server command typed as a shell method.
db.killAllSessions()
db.killSessions([])
// A kill before any session of a user exists, with access control off: every session has the
// no-auth uid, so naming users matches nothing, and the hint says why.
db.getSiblingDB("db1").createUser({ user: "appReader", pwd: "secret", roles: ["read"] })
db.getSiblingDB("admin").createUser({ user: "admin", pwd: "secret", roles: ["root"] })
const s = db.getMongo().startSession()
db.runCommand({ killAllSessions: [{ user: "appReader", db: "db1" }] })
// Access control on, not logged in: the refusal, and how to log in.
lab.setAuth(true)
db.runCommand({ killAllSessions: [] })
// Logged in as a user without killAnySession: who has it, and how to log in as them.
db.getSiblingDB("db1").auth("appReader", "secret")
const mine = db.getMongo().startSession()
db.runCommand({ killAllSessions: [] })
// The session reaches the server with its first command.
mine.getDatabase("db1").c.find().toArray()
// As admin: a name in the wrong case, on the wrong database, or a user that does not exist.
db.getSiblingDB("admin").auth("admin", "secret")
db.runCommand({ killAllSessions: [{ user: "appreader", db: "db1" }] })
db.runCommand({ killAllSessions: [{ user: "appReader", db: "db2" }] })
db.runCommand({ killAllSessions: [{ user: "auditor", db: "db3" }] })
// A user who exists but owns no session.
db.runCommand({ killAllSessions: [{ user: "admin", db: "admin" }] })
// The right command kills appReader's session: no hint.
db.runCommand({ killAllSessions: [{ user: "appReader", db: "db1" }] })
// A user with a password of its own: the hints log in with it, not with the scenarios' "secret".
db.getSiblingDB("admin").createUser({ user: "ops", pwd: "Tr0ub4dor&3", roles: ["hostManager"] })
db.getSiblingDB("admin").dropUser("admin")
db.getSiblingDB("db1").auth("appReader", "secret")
db.runCommand({ killAllSessions: [] })
// A pattern with users or roles needs impersonate, which even root lacks; the hint says what
// those fields do.
db.getSiblingDB("admin").auth("ops", "Tr0ub4dor&3")
db.runCommand({ killAllSessionsByPattern: [{ users: [{ user: "appReader", db: "db1" }] }] })
// A session id in the wrong shape: its UUID alone, or a pattern's lsid without the owner's uid.
const shaped = db.getMongo().startSession()
db.runCommand({ killSessions: [shaped.getSessionId().id] })
db.runCommand({ endSessions: [shaped.getSessionId().id] })
db.adminCommand({ killAllSessionsByPattern: [{ lsid: shaped.getSessionId() }] })
db.people.createIndex({ name: 1 })
db.stats()
// Causal consistency's session methods: Session Lab's replies carry no cluster or operation time.
shaped.getClusterTime()
// JavaScript's built-in objects are not in the shell; console.log prints as print does.
Object.keys(shaped.getSessionId())
console.log("session", shaped.getSessionId())
// A terminal's habit: there is nothing to exit in a page.
exit
// A replica set's administration is not simulated: the hint says so, not "did you mean s?".
rs.status()
sh.status()
// mongosh's show roles is not here (the hint says so); show sessions, which mongosh lacks,
// points to the ways to list sessions.
show roles
show sessions
// A driver's example pasted as it is: its MongoClient is mongosh's db.getMongo().
const fromDriver = client.startSession()
// mongosh's methods that Session Lab lacks are named as such.
db.items.exists()
// A session object in a command: a command names a session by its lsid.
db.runCommand({ killSessions: [s] })
