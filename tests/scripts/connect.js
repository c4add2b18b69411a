// mongosh's connect(uri, user, pwd), as legacy scripts and the server's jstests open a second
// connection: a new connection's database, the one the URI names ("test" when none).
// On this connection, db = db.getSiblingDB("moo") is use moo without its message.
db = db.getSiblingDB("moo")
use moo
const plain = connect("localhost")
plain
plain.getMongo()
const shop = connect("mongodb://localhost:27017/shop?retryWrites=true")
shop
shop.items.insertOne({ _id: 1 })
// With access control on, a user logs in on the URI's authSource, by default its database
// (admin when it names none), as the driver's default: root exists on admin, not on shop.
use admin
db.createUser({ user: "root", pwd: "pw", roles: ["root"] })
lab.setAuth(true)
const asRoot = connect("localhost/shop?authSource=admin", "root", "pw")
asRoot.items.find()
const viaAdmin = connect("localhost", "root", "pw")
viaAdmin.getName()
connect("localhost/shop", "root", "pw")
// The manual's "Write Scripts for mongosh" opens its database so.
db = connect("mongodb://localhost/myDatabase")
db.getName()
// Each connect is a connection of its own: its sessions belong to its user.
const s = asRoot.getMongo().startSession()
s.getDatabase("shop").items.countDocuments()
asRoot.getSiblingDB("admin").runCommand({ killAllSessions: [{ user: "root", db: "admin" }] })
// db takes only a database, as mongosh's setter for it: a database of this connection is the
// one in use (as after use); another connection's stands for db, and use switches on it.
db = 5
db = asRoot.getSiblingDB("admin")
use shop
db.getMongo()
db = db.getMongo().getDB("admin")
db = connect("localhost/test")
db = db.getSiblingDB("moo")
db
