// Query filters as the server reads them (src/engine/filter.rs): an array field matches by any
// element, null matches a missing field, comparisons stay within a type, and $and, $or and $nor
// are checked as parseTreeTopLevel checks them. Operators MongoDB has and Session Lab does not
// are refused as unknown, with a hint that says so.
db.c.insertMany([{ _id: 1, a: 1, tags: ["x", "y"] }, { _id: 2, a: 2, tags: ["y"] }, { _id: 3, a: null }, { _id: 4, a: "text" }, { _id: 5 }])
// null: the null value and the missing field.
db.c.find({ a: null }, { _id: 1 })
db.c.find({ a: { $ne: null } }, { _id: 1 })
db.c.find({ a: { $in: [null, 2] } }, { _id: 1 })
db.c.find({ a: { $gte: null } }, { _id: 1 })
// Arrays: the array itself, or any element.
db.c.find({ tags: "y" }, { _id: 1 })
db.c.find({ tags: ["y"] }, { _id: 1 })
db.c.find({ tags: { $in: ["x"] } }, { _id: 1 })
db.c.find({ tags: { $nin: ["x"] } }, { _id: 1 })
db.c.find({ tags: { $gt: "x" } }, { _id: 1 })
// Comparisons within a type: 1 is not less than "text".
db.c.find({ a: { $lt: "z" } }, { _id: 1 })
db.c.find({ a: { $gt: 0 } }, { _id: 1 })
// $and, $or, $nor.
db.c.find({ $or: [{ a: 1 }, { tags: "y" }] }, { _id: 1 })
db.c.find({ $and: [{ a: { $gte: 1 } }, { a: { $lt: 2 } }] }, { _id: 1 })
db.c.find({ $nor: [{ a: null }, { tags: "x" }] }, { _id: 1 })
db.c.find({ $or: [] })
db.c.find({ $or: { a: 1 } })
db.c.find({ $and: [{ a: 1 }, 2] })
db.c.find({ $or: [{ a: { $regex: "^t" } }] })
// Operators MongoDB has, which Session Lab does not implement, and one no one has (no hint).
db.c.find({ a: { $type: "string" } })
db.c.find({ $expr: { $eq: ["$a", 1] } })
db.c.find({ a: { $fuzzy: 1 } })
// An update's modifiers are read before any document is looked for.
db.c.updateOne({ _id: 99 }, { $push: { tags: "z" } })
// $inc's two refusals, as mongod 8.2 words them: a non-numeric argument (before any document is
// looked for), and a field that holds no number.
db.c.updateOne({ _id: 99 }, { $inc: { a: "one" } })
db.c.updateOne({ _id: 4 }, { $inc: { a: 1 } })
// Decimals compare by value, with each other and with the other numbers.
db.dec.insertMany([{ _id: 1, d: NumberDecimal("1.5") }, { _id: 2, d: NumberDecimal("7") }, { _id: 3, d: 7 }])
db.dec.find({ d: { $gt: NumberDecimal("5") } }, { _id: 1 })
db.dec.find({ d: { $lt: 2 } }, { _id: 1 })
db.dec.find({ d: NumberDecimal("1.50") }, { _id: 1 })
// A dotted path walks into an array's documents, and a number in it is also a position.
db.orders.insertMany([{ _id: 1, items: [{ sku: "a", qty: 1 }, { sku: "b", qty: 5 }] }, { _id: 2, items: [{ sku: "b", qty: 2 }] }, { _id: 3, items: [4, 5] }, { _id: 4, items: { sku: "a" } }, { _id: 5 }])
db.orders.find({ "items.sku": "a" }, { _id: 1 })
db.orders.find({ "items.qty": { $gt: 4 } }, { _id: 1 })
db.orders.find({ "items.1.sku": "b" }, { _id: 1 })
db.orders.find({ "items.0": 4 }, { _id: 1 })
// null matches a document of the array that lacks the field, and a document with no array; an
// array of numbers has no "sku" to be null.
db.orders.find({ "items.qty": null }, { _id: 1 })
db.orders.find({ "items.sku": { $exists: false } }, { _id: 1 })
// $exists reads its argument as the server's trueValue: a decimal zero is false.
db.orders.find({ "items.sku": { $exists: NumberDecimal("0") } }, { _id: 1 })
db.orders.find({ "items.sku": { $ne: "b" } }, { _id: 1 })
// $where: Session Lab reads only sleep(<ms>) || true, which matches every document, and
// sleep(<ms>), which matches none; other JavaScript is refused wherever it stands, before any
// document is written; an aggregation's $match refuses $where, and countDocuments is one.
db.orders.find({ $where: "sleep(1) || true" }, { _id: 1 })
db.orders.find({ $where: "sleep(1)" }, { _id: 1 })
db.orders.find({ $or: [{ $where: "false" }, { _id: 1 }] })
db.orders.deleteMany({ $where: "this._id == 1" })
db.orders.countDocuments({ $where: "sleep(1) || true" })
db.orders.aggregate([{ $match: { $and: [{ $where: "sleep(1) || true" }] } }])
db.orders.countDocuments()
// distinct follows a dotted path the same way.
db.orders.distinct("items.sku")
db.orders.distinct("items.0")
// A statement's failure in update or delete is a write error of an ok: 1 reply (write_ops_exec's
// handleError): the statements before it are applied, an ordered batch stops there, an unordered
// one goes on; mongosh names it MongoServerError with no code name.
db.runCommand({ update: "orders", updates: [{ q: { _id: 5 }, u: { $set: { n: 1 } } }, { q: { _id: 5 }, u: { $bad: 1 } }, { q: { _id: 5 }, u: { $set: { n: 2 } } }] })
db.runCommand({ update: "orders", updates: [{ q: { _id: 5 }, u: { $bad: 1 } }, { q: { _id: 5 }, u: { $set: { n: 3 } } }], ordered: false })
db.orders.findOne({ _id: 5 })
db.runCommand({ delete: "orders", deletes: [{ q: { $fuzzy: 1 }, limit: 0 }] })
// Inside a transaction the failure is the command's own error, and it aborts the transaction.
const filtering = db.getMongo().startSession()
filtering.startTransaction()
filtering.getDatabase("test").orders.updateOne({ _id: 5 }, { $inc: { n: "x" } })
filtering.getDatabase("test").orders.findOne({ _id: 5 })
// validateMod: a modifier's name is read before what it holds, which must be a document.
db.orders.updateOne({ _id: 5 }, { $bad: 1 })
db.orders.updateOne({ _id: 5 }, { $set: "n" })
db.orders.updateOne({ _id: 5 }, { $inc: [] })
