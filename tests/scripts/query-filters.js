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
