// Projections as the server's projection parser reads them and its executor applies them:
// dotted paths through arrays, sub-objects as the paths under a field, colliding paths refused.
db.p.insertMany([
  { _id: 1, a: { b: 1, c: 2 }, arr: [{ x: 1, y: 2 }, { y: 3 }, 5, [{ x: 4, z: 0 }]], s: "z" },
  { _id: 2, a: 5 }
])
// Inclusion through an array keeps each document's part (an empty one too) and drops the rest.
db.p.find({}, { "arr.x": 1 })
// Exclusion through an array drops each document's part and keeps the rest.
db.p.find({}, { "arr.y": 0, a: 0 })
// A sub-object that is no expression names the paths under its field.
db.p.find({}, { a: { c: 1 }, _id: 0 })
db.p.find({}, { a: { b: 0 } })
db.p.find({}, { a: {} })
// Colliding paths.
db.p.find({}, { a: 1, "a.b": 1 })
db.p.find({}, { "a.b": 1, a: 1 })
db.p.find({}, { a: { b: 1 }, "a.b": 1 })
// Expressions belong to inclusions.
db.p.find({}, { a: 0, t: "$s" })
db.p.find({}, { a: 0, t: { $toUpper: "$s" } })
db.p.find({ _id: 1 }, { s: 1, "out.t": "$s", _id: 0 })
// $project's and $unset's refusals carry the stage's context.
db.p.aggregate([{ $project: { a: 1, "a.b": 1 } }])
db.p.aggregate([{ $unset: ["a", "a.b"] }])
db.p.aggregate([{ $project: { "arr.x": 1, _id: 0 } }])
// find's own projection operators and the server's other stages are not simulated: the hint says
// what is.
db.p.find({}, { arr: { $slice: 1 } })
db.p.aggregate([{ $lookup: { from: "q", localField: "a", foreignField: "a", as: "j" } }])
