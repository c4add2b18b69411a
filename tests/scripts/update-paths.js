// Update modifiers on dotted paths, as the server's update driver applies them
// (src/mongo/db/update/): embedded documents by name, arrays by index, what is missing
// created, fields applied in the order of the server's tree of paths, `_id` immutable.
db.c.insertOne({ _id: 1, a: { b: 1 }, arr: [1, 2], n: 5, s: "x" })
db.c.updateOne({ _id: 1 }, { $set: { "a.c": 2, "x.y": 3 } })
db.c.updateOne({ _id: 1 }, { $set: { zeta: 1, alpha: 1, "m.10": 1, "m.9": 1, "m.b": 1 } })
db.c.updateOne({ _id: 1 }, { $set: { "arr.0": 9, "arr.4": 5 } })
db.c.updateOne({ _id: 1 }, { $inc: { "a.b": 1, "q.r": 2 } })
db.c.findOne()
// Unset: a document's field is removed, an array's element becomes null, a missing path is no change.
db.c.updateOne({ _id: 1 }, { $unset: { "a.c": "", "arr.1": "", "no.such": "" } })
db.c.findOne()
// Paths that cannot be created.
db.c.updateOne({ _id: 1 }, { $set: { "n.b": 1 } })
db.c.updateOne({ _id: 1 }, { $set: { "arr.x": 1 } })
db.c.updateOne({ _id: 1 }, { $set: { "s.t.u": 1 } })
db.c.updateOne({ _id: 1 }, { $inc: { "a.b": 1, s: 1 } })
// (The document a statement fails on is left as it was: a.b is still 2.)
db.c.findOne({ _id: 1 }, { a: 1 })
// Paths refused before any document is looked for.
db.c.updateOne({ _id: 99 }, { $set: { a: 1, "a.b": 2 } })
db.c.updateOne({ _id: 99 }, { $set: { "a.b": 2 }, $unset: { a: "" } })
db.c.updateOne({ _id: 99 }, { $inc: { n: 1 }, $set: { n: 2 } })
db.c.updateOne({ _id: 99 }, { $set: { "a..b": 1 } })
db.c.updateOne({ _id: 99 }, { $set: { "": 1 } })
db.c.updateOne({ _id: 99 }, { $set: { "arr.$": 1 } })
db.c.updateOne({ _id: 1 }, { $set: { "arr.$[x]": 0 } }, { arrayFilters: [{ x: 2 }] })
db.c.updateOne({ $bad: 1 }, { $push: { arr: 3 } })
db.runCommand({ update: "c", updates: [{ q: {}, u: { $set: { b: 1 } }, c: { v: 1 } }] })
// A field named with a `$` at the top of the document.
db.c.updateOne({ _id: 1 }, { $set: { $dollar: 1 } })
// `_id` is immutable: setting it to what it is changes nothing; changing it is refused.
db.c.updateOne({ _id: 1 }, { $set: { _id: 1 } })
db.c.updateOne({ _id: 1 }, { $set: { _id: 2 } })
db.c.updateOne({ _id: 1 }, { $unset: { _id: "" } })
db.c.insertOne({ _id: { k: 1 } })
db.c.updateOne({ _id: { k: 1 } }, { $set: { "_id.k": 1 } })
db.c.updateOne({ _id: { k: 1 } }, { $set: { "_id.k": 2 } })
db.c.updateOne({ _id: { k: 1 } }, { $set: { "_id.j": 2 } })
db.c.replaceOne({ _id: 1 }, { _id: 1, whole: true })
db.c.replaceOne({ _id: 1 }, { _id: 2, whole: true })
db.c.findOneAndUpdate({ _id: 1 }, { $set: { _id: 3 } })
db.c.findOneAndReplace({ _id: 1 }, { _id: 3 })
db.c.findOneAndUpdate({ _id: 1 }, { $set: { "whole.x": 1 } })
// An upsert starts from the query's equalities, at their paths.
db.c.updateOne({ _id: 7, "p.q": 1, "p.r": { $eq: 2 }, t: { $gt: 1 } }, { $set: { "p.s": 3 } }, { upsert: true })
db.c.findOne({ _id: 7 })
db.c.updateOne({ _id: 8, p: 1, "p.q": 2 }, { $set: { z: 1 } }, { upsert: true })
db.c.updateOne({ _id: 9 }, { $set: { _id: 10 } }, { upsert: true })
// The upserted document's _id comes first.
db.c.updateOne({ k: 1, _id: 11 }, { $set: { j: 2 } }, { upsert: true })
db.c.findOne({ _id: 11 })
// Padding: the server pads an array with up to 1,500,000 nulls; Session Lab, which holds
// documents in memory, with at most 10,000 in one command.
db.pads.insertMany([{ _id: 1, a: [] }, { _id: 2, a: [] }, { _id: 3, a: [] }])
db.pads.updateOne({ _id: 1 }, { $set: { "a.2000000": 1 } })
db.pads.updateMany({}, { $set: { "a.4000": 1 } })
db.pads.find({}, { n: { $size: "$a" } })
db.pads.updateOne({ _id: 1 }, { $set: { "a.3": "x" } })
db.pads.find({ "a.3": "x" }, { n: { $size: "$a" } })
// A path deeper than a document may nest (100 levels) is refused.
db.pads.updateOne({ _id: 3 }, { $set: { "d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d": 1 } })
// Decimal arithmetic is not simulated: $inc with or of a NumberDecimal is refused in Session
// Lab's words.
db.dec.insertOne({ _id: 1, d: NumberDecimal("1.5"), n: 1 })
db.dec.updateOne({ _id: 1 }, { $inc: { d: 1 } })
db.dec.updateOne({ _id: 1 }, { $inc: { n: NumberDecimal("0.1") } })
db.dec.updateOne({ _id: 1 }, { $inc: { m: NumberDecimal("0.1") } })
db.dec.findOne()
// A change is a change of the stored bytes (binaryEqualValues): -0.0 over 0.0, a double 1 over
// an int 1 and the same fields in another order are changes; the same value is none (1.0 is
// mongosh's int 1, as JavaScript has one kind of number).
db.zero.insertOne({ _id: 1, a: 0.0, i: 1, o: { x: 1, y: 2 } })
db.zero.updateOne({ _id: 1 }, { $set: { a: -0.0 } })
db.zero.updateOne({ _id: 1 }, { $set: { i: 1.0 } })
db.zero.updateOne({ _id: 1 }, { $set: { i: Double(1) } })
db.zero.updateOne({ _id: 1 }, { $set: { o: { y: 2, x: 1 } } })
db.zero.updateOne({ _id: 1 }, { $set: { o: { y: 2, x: 1 } } })
db.zero.findOne()
// $inc adds as SafeNum does: ints that overflow make a long; a long that overflows is refused.
db.big.insertOne({ _id: 1, i: 2147483647, l: NumberLong("9223372036854775807") })
db.big.updateOne({ _id: 1 }, { $inc: { i: 1 } })
db.big.updateOne({ _id: 1 }, { $inc: { l: 1 } })
db.big.findOne()
