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
