// getParameter and setParameter over the parameters Session Lab's server obeys: the values a
// deployment starts with, the server's refusals, and what a change does to sessions,
// transactions and cursors.
db.adminCommand({ getParameter: 1, transactionLifetimeLimitSeconds: 1 })
db.adminCommand({ getParameter: "*" })
db.adminCommand({ getParameter: { showDetails: true }, localLogicalSessionTimeoutMinutes: 1, cursorTimeoutMillis: 1 })
db.adminCommand({ getParameter: { setAt: "runtime", allParameters: true } })
// Both run against admin only, and their options are parsed as the server parses them.
db.runCommand({ getParameter: 1, maxSessions: 1 })
db.adminCommand({ getParameter: { setAt: "later" } })
// Its flags are safeBools, as FerretDB's compatibility tests record a real server reading them:
// any number but zero is true, a string is a TypeMismatch naming the five types.
db.adminCommand({ getParameter: { showDetails: -1 }, ttlMonitorEnabled: 1 })
db.adminCommand({ getParameter: { showDetails: true, allParameters: 0.0 }, ttlMonitorEnabled: 1 })
db.adminCommand({ getParameter: { showDetails: "1" }, ttlMonitorEnabled: 1 })
db.adminCommand({ getParameter: { verbose: true } })
// A parameter Session Lab does not have is not found (the server has hundreds).
db.adminCommand({ getParameter: 1, featureCompatibilityVersion: 1 })
db.adminCommand({ setParameter: 1, notablescan: true })
// Start-up parameters cannot change; values are coerced and validated as the server does.
db.adminCommand({ setParameter: 1, localLogicalSessionTimeoutMinutes: 5 })
db.adminCommand({ setParameter: 1 })
db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: 0 })
db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: "5" })
db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: 1e12 })
db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: Number("x") })
// A bool is 0 or 1, a double or a decimal is cut toward zero.
db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: true })
db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: NumberDecimal("7.9") })
db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: 60 })
db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: 1, writeConcern: { w: 1 } })
// The limit is fixed when a transaction starts: the open one keeps its 60 s, the next gets 10 s.
const s = db.getMongo().startSession()
const orders = s.getDatabase("shop").orders
s.startTransaction()
orders.insertOne({ _id: 1 })
db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: 10.9 })
lab.advance("30s")
orders.insertOne({ _id: 2 })
lab.advance("30s")
s.commitTransaction()
s.startTransaction()
orders.insertOne({ _id: 3 })
db.currentOp({ "lsid.id": s.id.id }).inprog[0].transaction.expiryTime
lab.advance("11s")
s.abortTransaction()
// Several at once are set in order of name, answering with the first one's old value; one that
// fails leaves those before it set.
db.adminCommand({ setParameter: 1, ttlMonitorSleepSecs: 0, cursorTimeoutMillis: 30000 })
db.adminCommand({ getParameter: 1, cursorTimeoutMillis: 1, ttlMonitorSleepSecs: 1 })
// cursorTimeoutMillis applies to the cursors already open (those without a session: a session's
// cursors live as long as it does).
lab.implicitSessions(false)
db.orders.insertMany([{ _id: 10 }, { _id: 11 }, { _id: 12 }])
const c = db.runCommand({ find: "orders", batchSize: 1 }).cursor.id
lab.advance("20s")
db.adminCommand({ setParameter: 1, cursorTimeoutMillis: NumberLong(5000) })
lab.advance("4s")
db.runCommand({ getMore: c, collection: "orders" })
lab.implicitSessions(true)
// With the TTL monitor off, an idle session's record outlives its 30 minutes.
const idle = db.getMongo().startSession()
idle.getDatabase("shop").orders.findOne()
lab.advance("5m")
db.adminCommand({ setParameter: 1, ttlMonitorEnabled: false })
lab.advance("1h")
db.getSiblingDB("config").system.sessions.countDocuments({ "_id.id": idle.id.id })
// Switched back on, with a 10-minute period: the sleep that began at the monitor's last pass
// (on the minute) now ends 10 minutes after it.
db.adminCommand({ setParameter: 1, ttlMonitorEnabled: true, ttlMonitorSleepSecs: 600 })
lab.advance("9m")
db.getSiblingDB("config").system.sessions.countDocuments({ "_id.id": idle.id.id })
lab.advance("1m")
// A shorter period whose end is already past ends the sleep at once.
db.adminCommand({ setParameter: 1, ttlMonitorSleepSecs: 1 })
// Who may: getParameter needs clusterMonitor (or clusterAdmin, root), setParameter hostManager.
db.getSiblingDB("admin").createUser({ user: "admin", pwd: "pw", roles: ["root"] })
db.getSiblingDB("admin").createUser({ user: "watcher", pwd: "pw", roles: ["clusterMonitor"] })
lab.setAuth(true)
db.getSiblingDB("admin").auth("watcher", "pw")
db.adminCommand({ getParameter: 1, transactionLifetimeLimitSeconds: 1 })
db.adminCommand({ setParameter: 1, transactionLifetimeLimitSeconds: 60 })
