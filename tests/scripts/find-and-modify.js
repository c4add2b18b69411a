// findAndModify and mongosh's helpers, following jstests/core/write/find_and_modify/find_and_modify.js.
const t = db.find_and_modify
t.insertMany([{ priority: 1, inprogress: false, value: 0 }, { priority: 2, inprogress: false, value: 0 }, { priority: 3, inprogress: false, value: 0 }, { priority: 4, inprogress: false, value: 0 }, { priority: 5, inprogress: false, value: 0 }, { priority: 6, inprogress: false, value: 0 }, { priority: 7, inprogress: false, value: 0 }, { priority: 8, inprogress: false, value: 0 }, { priority: 9, inprogress: false, value: 0 }, { priority: 10, inprogress: false, value: 0 }])
// Returns the old document, then (new: true) the new one.
let out = t.findAndModify({ sort: { priority: 1 }, update: { $set: { inprogress: true }, $inc: { value: 1 } } })
[out.value, out.inprogress]
t.updateOne({ _id: out._id }, { $set: { inprogress: false } })
out = t.findAndModify({ sort: { priority: 1 }, update: { $set: { inprogress: true }, $inc: { value: 1 } }, new: true })
[out.value, out.inprogress]
t.updateOne({ _id: out._id }, { $set: { inprogress: false } })
// The highest priority first, then the next.
t.findAndModify({ query: { inprogress: false }, sort: { priority: -1 }, update: { $set: { inprogress: true } } }).priority
t.findAndModify({ query: { inprogress: false }, sort: { priority: -1 }, update: { $set: { inprogress: true } } }).priority
// Expressions in 'fields' apply to the pre-image, or to the post-image with new: true.
t.findAndModify({ query: { inprogress: false }, sort: { priority: -1 }, new: false, update: { $set: { inprogress: true }, $inc: { value: 1 } }, fields: { _id: 0, priority: 1, inprogress: 1, computedField: { $add: ["$value", 2] } } })
t.findAndModify({ query: { inprogress: false }, sort: { priority: -1 }, update: { $set: { inprogress: true }, $inc: { value: 1 } }, new: true, fields: { _id: 0, priority: 1, inprogress: 1, computedField: { $add: ["$value", 2] } } })
// Remove the lowest priority, then the next; no match gives null.
t.findAndModify({ sort: { priority: 1 }, remove: true }).priority
t.findAndModify({ sort: { priority: 1 }, remove: 1 }).priority
t.findAndModify({ query: { no_such_field: 1 }, remove: 1 })
// Conflicting parameters fail (SERVER-16601).
t.insertOne({ x: 1 })
t.findAndModify({ query: { x: 1 }, update: { y: 2 }, remove: true })
t.findAndModify({ query: { x: 1 }, update: { y: 2 }, remove: true, upsert: true })
t.findAndModify({ query: { x: 1 }, upsert: true, remove: true })
t.findAndModify({ query: { x: 1 }, new: true, remove: true })
// SERVER-17372: an upsert answers value null, or the new document with new: true.
t.drop()
db.runCommand({ findAndModify: "find_and_modify", query: { _id: "miss" }, update: { $inc: { y: 1 } }, upsert: true })
db.runCommand({ findAndModify: "find_and_modify", query: { _id: "missagain" }, update: { $inc: { y: 1 } }, upsert: true, new: true })
t.countDocuments({})
// In a transaction, findAndModify writes through the transaction's rules: a second writer of
// the same document gets WriteConflict (jstests/core/txns/write_conflicts_with_non_txns.js).
const s1 = db.getMongo().startSession()
const s2 = db.getMongo().startSession()
s1.startTransaction()
s2.startTransaction()
s1.getDatabase("test").find_and_modify.findOneAndUpdate({ _id: "miss" }, { $inc: { y: 10 } }, { returnDocument: "after" })
s2.getDatabase("test").find_and_modify.findOneAndUpdate({ _id: "miss" }, { $inc: { y: 100 } })
s1.commitTransaction()
t.findOne({ _id: "miss" })
// As update does, findAndModify reads the update's modifiers before it looks for a document.
db.fam_modifiers.findOneAndUpdate({ _id: "none" }, { $push: { a: 1 } })
db.fam_modifiers.findOneAndUpdate({ _id: "none" }, { $inc: { a: "x" } })
