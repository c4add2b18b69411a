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
