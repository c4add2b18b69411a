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
// Their statements are strict structs too (UpdateOpEntry, DeleteOpEntry): a delete's limit is
// required and must be 0 or 1 (a value that is no number reads as 0), multi and upsert are bools,
// an update is an object or a pipeline (which Session Lab does not simulate), and a refused
// batch writes nothing.
db.strict.insertMany([{ _id: 2, a: 1 }, { _id: 3, a: 1 }])
db.runCommand({ delete: "strict", deletes: [{ q: {} }] })
db.runCommand({ delete: "strict", deletes: [{ q: {}, limit: 2 }] })
db.runCommand({ delete: "strict", deletes: [{ q: { a: 1 }, limit: 1, justOne: true }] })
db.runCommand({ update: "strict", updates: [{ q: {}, u: { $set: { b: 1 } }, multi: 1 }] })
db.runCommand({ update: "strict", updates: [{ q: 5, u: {} }] })
db.runCommand({ update: "strict", updates: [{ q: {}, u: 5 }] })
db.runCommand({ update: "strict", updates: [{ q: {}, u: [5] }] })
db.strict.updateOne({ _id: 2 }, [{ $set: { b: 2 } }])
db.strict.replaceOne({ _id: 2 }, [{ $set: { b: 2 } }])
db.strict.find()
db.runCommand({ delete: "strict", deletes: [{ q: { a: 1 }, limit: "one" }] })
// findAndModify (strict): remove, upsert and new are safeBools, so 1 is true and "yes" refused.
db.strict.insertOne({ _id: 4, a: 1 })
db.runCommand({ findAndModify: "strict", query: { _id: 4 }, update: { $set: { c: 1 } }, new: 1 }).value
db.runCommand({ findAndModify: "strict", query: { _id: 4 }, update: { $set: { c: 2 } }, upsert: "yes" })
db.runCommand({ findAndModify: "strict", query: { _id: 4 }, remove: 1, sortt: {} })
db.runCommand({ findAndModify: "strict", update: [{ $set: { c: 3 } }] })
// aggregate's pipeline is read by parsePipelineFromBSON.
db.runCommand({ aggregate: "strict", pipeline: {}, cursor: {} })
db.runCommand({ aggregate: "strict", pipeline: null, cursor: {} })
// A batch write has 1 to 100,000 statements (checkOpCountForCommand; a null element is none);
// the driver refuses an empty insertMany or bulkWrite before sending it.
db.runCommand({ update: "strict", updates: [] })
db.runCommand({ insert: "strict", documents: [null, { _id: 5 }] })
db.strict.insertMany([])
db.strict.bulkWrite([])
