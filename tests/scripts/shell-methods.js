// The mongosh methods people type while exploring, with mongosh's output.
db.people.insertMany([{ _id: 1, name: "ann", age: 30 }, { _id: 2, name: "bob", age: 25 }, { _id: 3, name: "cy", age: 35 }])
// Cursor modifiers shape the find command; they must come before the cursor is read.
db.people.find().sort({ age: -1 }).skip(1).limit(1)
db.people.find({}, { name: 1, _id: 0 }).sort({ name: -1 })
db.people.find().project({ age: 1 }).pretty()
db.people.find({ age: { $gt: 26 } }).count()
db.people.find().skip(1).limit(5).size()
// find's third argument holds the same options, as mongosh hands them to the driver; a null
// projection is none.
db.people.find({}, { name: 1 }, { sort: { age: 1 }, skip: 1, limit: 1 })
db.people.find({}, null, { projection: { age: 1 }, sort: { age: -1 } })
db.people.findOne({}, {}, { sort: { age: 1 } })
db.people.countDocuments({}, { skip: 1, limit: 1 })
const c = db.people.find()
c.next()
c.sort({ age: 1 })
c.hasNext()
db.people.aggregate([]).sort({ age: 1 })
// Functions as arguments: arrow functions, function expressions, and globals such as printjson.
db.people.find().sort({ _id: 1 }).forEach(d => printjson(d.name))
db.people.find().forEach(printjson)
db.people.find().map(d => d.age)
db.people.find().map(function (d) { const initial = d.name; return [initial, d.age] })
db.people.find().forEach(42)
const twice = (x) => [x, x]
twice("a")
const loop = n => loop(n)
loop(1)
// Collection helpers.
db.people.distinct("age")
db.people.estimatedDocumentCount()
db.people.countDocuments({ age: { $lt: 30 } })
db.people.replaceOne({ _id: 2 }, { name: "bob", age: 26 })
db.people.replaceOne({ _id: 2 }, { $set: { age: 27 } })
db.people.updateOne({ _id: 2 }, { age: 27 })
db.people.findOne({ _id: 2 })
db.people.drop()
db.people.find()
// findOneAndUpdate / findOneAndReplace / findOneAndDelete send findAndModify and return the
// document (before, or after with returnDocument: "after"), or null; bulkWrite sends ordered
// batches of write commands and adds up their replies.
db.q.insertMany([{ _id: 1, job: "a", pri: 2 }, { _id: 2, job: "b", pri: 5 }, { _id: 3, job: "c", pri: 1 }])
db.q.findOneAndUpdate({}, { $set: { taken: true } }, { sort: { pri: -1 } })
db.q.findOneAndUpdate({ _id: 1 }, { $set: { taken: true } }, { returnDocument: "after", projection: { job: 1 } })
db.q.findOneAndReplace({ _id: 3 }, { job: "c2" }, { returnDocument: "after" })
db.q.findOneAndDelete({ taken: true }, { sort: { pri: 1 } })
db.q.findOneAndUpdate({ _id: 9 }, { $set: { job: "z" } }, { upsert: true, returnDocument: "after" })
db.q.findOneAndUpdate({ _id: 10 }, { $set: { job: "z" } })
db.q.findOneAndUpdate({ _id: 2 }, { job: "nope" })
db.runCommand({ findAndModify: "q", query: {} })
db.runCommand({ findAndModify: "q", query: {}, remove: true, update: { $set: { a: 1 } } })
db.runCommand({ findAndModify: "q", query: {}, remove: true, new: true })
db.runCommand({ findAndModify: "q", query: { _id: 2 }, update: { $inc: { pri: 1 } }, new: true })
db.q.bulkWrite([{ insertOne: { document: { _id: 20, job: "x" } } }, { insertOne: { document: { job: "y" } } }, { updateOne: { filter: { _id: 20 }, update: { $set: { pri: 7 } } } }, { updateMany: { filter: { _id: { $gte: 100 } }, update: { $set: { pri: 0 } }, upsert: true } }, { replaceOne: { filter: { _id: 9 }, replacement: { job: "zz" } } }, { deleteOne: { filter: { _id: 2 } } }, { deleteMany: { filter: { pri: 7 } } }])
db.q.bulkWrite([{ insertOne: { document: { _id: 9 } } }, { deleteMany: { filter: {} } }])
db.q.bulkWrite([{ frobnicate: {} }])
db.q.find()
// Database helpers.
db.createCollection("events")
db.getCollectionInfos()
db.getCollectionNames()
db.dropDatabase()
// A write error carries no codeName, so mongosh names it by class alone: MongoServerError for
// one write, MongoBulkWriteError for insertMany (with the first error's message, or "write
// operation failed" for several). An unordered insert goes on past a duplicate key.
db.dups.insertOne({ _id: 1 })
db.dups.insertOne({ _id: 1 })
db.dups.insertMany([{ _id: 2 }, { _id: 1 }, { _id: 3 }])
db.dups.insertMany([{ _id: 4 }, { _id: 1 }, { _id: 5 }, { _id: 2 }], { ordered: false })
db.dups.find()
db.runCommand({ insert: "dups", documents: [{ _id: 1 }, { _id: 6 }], ordered: false })
// hello as a one-member replica set's primary answers it (transactions need one), isMaster with
// its legacy name for the primary; mongosh's db.isMaster() adds the name hello uses.
db.runCommand({ hello: 1 })
db.runCommand({ isMaster: 1 }).ismaster
db.hello().isWritablePrimary
db.isMaster().isWritablePrimary
new Mongo().getDB("test").hello().connectionId
// Arrays have a cursor's forEach and map (with each element's index), strings a character at
// [index]; JavaScript's other methods are named as left out.
db.letters.insertMany([{ _id: "a" }, { _id: "b" }])
const ids = db.letters.find().toArray().map(d => d._id)
ids.forEach((id, i) => print(i, id))
"abc"[1]
ids.push(4)
"abc".toUpperCase()
// V8's words for what has no name, and for reading a property of nothing.
undefined()
new Date(0).toISOString()
const none = db.items.findOne({ missing: true })
none.name
// mongosh's session.id is the lsid the server knows the session by, as getSessionId() gives it.
const named = db.getMongo().startSession()
named.id
named.getSessionId()
// Every call and statement is paid from the input's budget: 8,000 calls stop early
// (the budget ends the input, so this comes last).
db.n.insertMany([{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}])
db.n.find().forEach(a => db.n.find().forEach(b => db.n.find().forEach(c => c)))
