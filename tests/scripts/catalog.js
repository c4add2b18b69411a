// Catalog commands as an 8.0 server answers them.
// jstests/core/ddl/create_collection.js: create is idempotent when the options are the same.
db.runCommand({ create: "orders" })
db.runCommand({ create: "orders" })
db.runCommand({ create: 1 })
db.runCommand({ create: "orders", colour: "red" })
db.runCommand({ create: "logs", capped: true, size: 4096 })
db.createCollection("audit")
db.getCollectionInfos()
// jstests/core/ddl/drop_collection.js: dropping a collection that does not exist works too.
db.runCommand({ drop: "never" })
db.orders.insertOne({ _id: 1 })
db.runCommand({ drop: "orders" })
db.orders.countDocuments({})
db.audit.drop()
db.getCollectionNames()
// A drop waits for the transaction that wrote in the collection (its lock), as a write does.
db.stock.insertOne({ _id: 1, qty: 5 })
const session = db.getMongo().startSession()
session.startTransaction()
session.getDatabase("test").stock.updateOne({ _id: 1 }, { $inc: { qty: -1 } })
db.runCommand({ drop: "stock", maxTimeMS: 200 })
const dropping = lab.background(new Mongo().getDB("test").runCommand({ drop: "stock" }))
session.getDatabase("test").runCommand({ drop: "stock" })
session.commitTransaction()
dropping.result()
db.stock.find()
// jstests/core/txns/create_collection.js: create runs in a transaction; the collection is the
// transaction's until it commits, and gone if it aborts; one that exists is NamespaceExists,
// which aborts the transaction.
const txnDb = session.getDatabase("test")
session.startTransaction()
txnDb.createCollection("made")
txnDb.made.insertOne({ _id: 1 })
db.runCommand({ listCollections: 1, filter: { name: "made" } }).cursor.firstBatch.length
session.commitTransaction()
db.made.find().toArray()
session.startTransaction()
txnDb.runCommand({ create: "discarded" })
session.abortTransaction()
db.runCommand({ listCollections: 1, filter: { name: "discarded" } }).cursor.firstBatch.length
session.startTransaction()
txnDb.runCommand({ create: "made" })
txnDb.made.insertOne({ _id: 2 })
session.abortTransaction()
// commands_in_txns_read_concern.js: only with the local read concern.
session.startTransaction({ readConcern: { level: "snapshot" } })
txnDb.runCommand({ create: "snapshotted" })
session.abortTransaction()
session.startTransaction({ readConcern: { level: "local" } })
txnDb.runCommand({ create: "local" })
session.commitTransaction()
db.runCommand({ listCollections: 1, filter: { name: "local" }, nameOnly: true }).cursor.firstBatch
// jstests/core/ddl/drop_database.js: dropDatabase says what it dropped.
db.things.insertOne({ a: 1 })
db.dropDatabase()
db.dropDatabase()
show dbs
// listDatabases (list_databases.idl, strict; list_databases_common.h): admin only; totalSize
// sums the entries' sizes, totalSizeMb is it in MiB; nameOnly (a safeBool) leaves the sizes
// out; filter is matched against each entry.
db.runCommand({ listDatabases: 1 })
db.adminCommand({ listDatabases: 1, filter: { name: { $in: ["config", "local"] } } })
db.adminCommand({ listDatabases: 1, nameOnly: 1, filter: { sizeOnDisk: { $gt: 0 } } })
db.adminCommand({ listDatabases: 1, nameOnly: 1 }).databases
db.adminCommand({ listDatabases: 1, nameOnly: "yes" })
db.adminCommand({ listDatabases: 1, verbose: true })
db.adminCommand({ listDatabases: 1, filter: { $where: "sleep(100)" } })
db.getMongo().getDBNames()
// listCollections (list_collections.idl, strict): nameOnly is a bool, not a safeBool.
db.runCommand({ listCollections: 1, nameOnly: 1 })
db.runCommand({ listCollections: 1, verbose: true })
db.runCommand({ listCollections: 1, cursor: {}, authorizedCollections: true, comment: "mine" }).ok
// distinct: array elements one by one, in BSON order.
db.tags.insertMany([{ t: ["b", "a"] }, { t: "c" }, { t: 2 }, { t: null }, {}])
db.tags.distinct("t")
db.tags.distinct("t", { t: { $exists: true, $ne: null } })
db.runCommand({ distinct: "tags" })
// Privileges: a readWrite user may create and drop collections, not the database.
db.getSiblingDB("admin").createUser({ user: "admin", pwd: "pw", roles: ["root"] })
db.createUser({ user: "writer", pwd: "pw", roles: ["readWrite"] })
lab.setAuth(true)
const writer = new Mongo().getDB("test")
writer.auth("writer", "pw")
writer.runCommand({ create: "mine" })
writer.runCommand({ drop: "mine" })
writer.runCommand({ dropDatabase: 1 })
// listCollections needs the listCollections action; listDatabases without the cluster's
// listDatabases action lists the databases the caller holds privileges on.
writer.runCommand({ listCollections: 1 }).cursor.firstBatch.length
writer.getSiblingDB("other").runCommand({ listCollections: 1 })
writer.adminCommand({ listDatabases: 1 }).databases
writer.adminCommand({ listDatabases: 1, authorizedDatabases: false })
