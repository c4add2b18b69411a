// Documents as the server stores them on insert (`fixDocumentForInsert`): `_id` first, a new
// ObjectId when there is none, and an `_id` that is an array, a regular expression or
// `undefined` refused as the statement's write error.
db.ids.insertOne({ a: 1, _id: 5 })
db.ids.findOne({ _id: 5 })
db.ids.insertOne({ _id: [1, 2] })
// mongosh's driver gives a document whose _id is null or undefined a new ObjectId, and sends
// undefined anywhere else as null.
db.ids.insertOne({ _id: undefined, u: undefined, list: [undefined] })
db.ids.insertOne({ _id: null })
db.ids.countDocuments({ u: null, list: null })
db.runCommand({ insert: "ids", documents: [{ _id: null }] })
db.ids.find({ _id: null }, { _id: 1 })
db.ids.insertOne({ _id: { k: [1, 2] } })
db.ids.insertMany([{ _id: 6 }, { _id: [7] }, { _id: 8 }])
db.ids.insertMany([{ _id: 9 }, { _id: [10] }, { _id: 11 }], { ordered: false })
db.runCommand({ insert: "ids", documents: [{ _id: 12 }, { _id: [13] }] })
db.ids.find({}, { _id: 1 })
