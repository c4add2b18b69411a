// The shell's commands and helpers, one after another.
help
lab.help()
// Every shell object lists its methods with help(), as in mongosh.
db.getMongo().help()
db.getMongo().startSession().help()
db.items.find().help()
use shop
db.getName()
db.items.insertOne({ sku: "a", qty: 1 })
db.items.insertMany([{ sku: "b", qty: 2 }, { sku: "c", qty: 3 }])
db.items.findOne({ sku: "b" })
db.items.updateOne({ sku: "a" }, { $inc: { qty: 10 } })
db.items.deleteOne({ sku: "c" })
db.items.countDocuments({})
db.items.find().toArray()
db.items.aggregate([{ $match: { sku: "a" } }, { $project: { qty: 1 } }]).toArray()
show dbs
show collections
db.getCollection("items").getFullName()
const cursor = db.items.find().batchSize(1)
cursor.hasNext()
cursor.next()
cursor.itcount()
// Users, roles and authentication
db.getSiblingDB("admin").createUser({ user: "admin", pwd: "secret", roles: ["root"] })
db.createRole({ role: "sessionKiller", privileges: [ { resource: { cluster: true }, actions: ["killAnySession"] } ], roles: [] })
db.getSiblingDB("admin").createRole({ role: "sessionKiller", privileges: [ { resource: { cluster: true }, actions: ["killAnySession"] } ], roles: [] })
db.createUser({ user: "clerk", pwd: "secret", roles: ["readWrite"] })
db.grantRolesToUser("clerk", [{ role: "sessionKiller", db: "admin" }])
db.getUsers()
db.getUser("clerk")
db.getUser("nobody")
lab.setAuth(true)
db.runCommand({ ping: 1 })
db.items.find().toArray()
db.auth("clerk", "wrong")
db.auth("clerk", "secret")
db.runCommand({ connectionStatus: 1 })
db.adminCommand({ killAllSessions: [] })
db.logout()
// Connections, sessions and transactions as in mongosh
const other = new Mongo()
const otherDb = other.getDB("shop")
otherDb.auth("clerk", "secret")
const session = other.startSession()
session.getSessionId()
session.startTransaction()
session.getDatabase("shop").items.insertOne({ sku: "t", qty: 0 })
session.getDatabase("shop").items.countDocuments({})
otherDb.items.countDocuments({})
session.commitTransaction()
otherDb.items.countDocuments({})
session.startTransaction()
session.getDatabase("shop").items.insertOne({ sku: "u" })
session.abortTransaction()
session.endSession()
session.getDatabase("shop").items.findOne()
// Operations that keep running, currentOp and killOp
const slow = lab.background(otherDb.getSiblingDB("admin").runCommand({ sleep: 1, secs: 120 }))
slow
db.auth("admin", "secret")
db.currentOp({ "command.sleep": 1 }).inprog.length
db.killOp(1)
slow.result()
lab.advance("90s")
lab.now()
lab.sessions()
lab.verdicts()
lab.reset()
db.getUsers()
// mongosh's words: use of the database in use, show of what it does not know.
use shop
use shop
show roles
