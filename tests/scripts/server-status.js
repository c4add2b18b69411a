// db.serverStatus(): the header and the section on sessions, logicalSessionRecordCache, as
// LogicalSessionCacheImpl keeps it. A refresh job runs every 5 minutes whether or not it has
// anything to do; refreshLogicalSessionCacheNow runs one more.
const stats = () => db.serverStatus().logicalSessionRecordCache
db.serverStatus()
// The command's own implicit session is in the cache as it runs.
const s = db.getMongo().startSession()
const c = s.getDatabase("shop").orders
c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }])
const open = c.find().batchSize(1)
open.next()
s.startTransaction()
c.insertOne({ _id: 4 })
stats().activeSessionsCount
stats().sessionCatalogSize
// The first job writes both sessions' records.
lab.advance("5m")
stats()
// endSessions takes effect at the next job, which also closes the session's cursor.
db.adminCommand({ endSessions: [s.id] })
lab.advance("5m")
const after = stats()
after.lastSessionsCollectionJobEntriesEnded
after.lastSessionsCollectionJobCursorsClosed
// Jobs with nothing to do still count, and leave their zeros as the last job's.
lab.advance("1h")
stats().sessionsCollectionJobCount
stats().lastSessionsCollectionJobTimestamp
stats().lastSessionsCollectionJobEntriesRefreshed
db.adminCommand({ refreshLogicalSessionCacheNow: 1 })
stats().sessionsCollectionJobCount
// A section can be left out, or every one but those named; all and none together are refused.
db.serverStatus({ logicalSessionRecordCache: 0 })
db.serverStatus({ none: 1 })
db.serverStatus({ none: 1, logicalSessionRecordCache: 1 }).logicalSessionRecordCache.sessionsCollectionJobCount
db.serverStatus({ all: 1, none: 1 })
db.runCommand({ serverStatus: 1, writeConcern: { w: 1 } })
// The transactions section: the running totals, and what is open now. The transaction above
// ran past transactionLifetimeLimitSeconds in the hour and was aborted.
const txns = () => db.serverStatus().transactions
txns()
// A kill aborts the open transaction; a prepared one survives it, and counts as prepared.
const p = db.getMongo().startSession()
const plsid = p.id
db.runCommand({ insert: "t", documents: [{ _id: 1 }], lsid: plsid, txnNumber: NumberLong(1), startTransaction: true, autocommit: false })
db.adminCommand({ prepareTransaction: 1, lsid: plsid, txnNumber: NumberLong(1), autocommit: false })
db.adminCommand({ killAllSessions: [] })
txns()
db.adminCommand({ commitTransaction: 1, lsid: plsid, txnNumber: NumberLong(1), autocommit: false, commitTimestamp: Timestamp({ t: 1767229800, i: 9 }) })
// A commit; a statement running in a transaction makes it active until it ends.
const t = db.getMongo().startSession()
t.startTransaction()
t.getDatabase("shop").orders.insertOne({ _id: 10 })
t.commitTransaction()
t.startTransaction()
t.getDatabase("shop").orders.insertOne({ _id: 11 })
lab.background(() => t.getDatabase("shop").orders.find({ $where: "sleep(1000)" }).toArray())
const other = new Mongo()
other.getDB("admin").runCommand({ serverStatus: 1 }).transactions
lab.advance("5s")
t.abortTransaction()
// A retryable write sent again at its txnNumber: the statements it ran are not run again.
const w = { id: UUID("33333333-3333-4333-8333-333333333333") }
db.runCommand({ insert: "r", documents: [{ _id: 1 }, { _id: 2 }], lsid: w, txnNumber: NumberLong(1) })
db.runCommand({ insert: "r", documents: [{ _id: 1 }, { _id: 2 }], lsid: w, txnNumber: NumberLong(1) })
txns()
// With access control on it needs the serverStatus action on the cluster (clusterMonitor,
// clusterAdmin, root).
use admin
db.createUser({ user: "root", pwd: "pw", roles: ["root"] })
db.createUser({ user: "monitor", pwd: "pw", roles: ["clusterMonitor"] })
db.createUser({ user: "app", pwd: "pw", roles: [{ role: "readWrite", db: "shop" }] })
lab.setAuth(true)
db.auth("app", "pw")
db.serverStatus()
db.logout()
db.auth("monitor", "pw")
stats().activeSessionsCount
