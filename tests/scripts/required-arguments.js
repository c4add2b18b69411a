// A write without its filter or its update is refused, as mongosh (assertArgsDefinedType) and
// the Node driver refuse it, and nothing is deleted or replaced.
db.people.insertMany([{ name: "ann" }, { name: "bob" }])
db.people.deleteMany()
db.people.deleteOne(undefined)
db.people.replaceOne({ name: "ann" })
db.people.updateOne({ name: "ann" })
db.people.findOneAndUpdate({ name: "ann" })
db.people.findOneAndReplace({ name: "ann" }, null)
db.people.insertOne()
db.people.update({ name: "ann" })
db.people.remove()
db.people.find({}, { _id: 0 })
// The write commands themselves are strict (write_ops.idl): an unknown field is refused, ordered
// is a bool, and only updates and deletes take let.
db.runCommand({ insert: "strict", documents: [{ _id: 1 }], orderd: false })
db.runCommand({ insert: "strict", documents: [{ _id: 1 }], ordered: 0 })
db.runCommand({ insert: "strict", documents: [{ _id: 1 }], let: {} })
db.runCommand({ update: "strict", updates: [{ q: {}, u: { $set: { a: 1 } } }], let: {}, comment: "ok" })
db.runCommand({ delete: "strict", deletes: [{ q: {}, limit: 0 }], bypassDocumentValidation: "yes" })
db.strict.find()
