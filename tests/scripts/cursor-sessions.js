// A cursor belongs to the session that opened it, and to its transaction: the driver sends the
// cursor's own session with each getMore, and the server refuses any other (getmore_cmd.cpp).
db.items.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }, { _id: 4 }, { _id: 5 }])
const s = db.getMongo().startSession()
const opened = s.getDatabase("test").runCommand({ find: "items", batchSize: 2 })
db.runCommand({ getMore: opened.cursor.id, collection: "items" })
s.getDatabase("test").runCommand({ getMore: opened.cursor.id, collection: "other" })
// Refused, the cursor stays open for its own session.
s.getDatabase("test").runCommand({ getMore: opened.cursor.id, collection: "items" })
// A cursor opened in a transaction is read in that transaction; after the commit the driver
// sends no txnNumber.
s.startTransaction()
const cursor = s.getDatabase("test").items.find().batchSize(2)
cursor.next()
s.commitTransaction()
cursor.toArray()
// A txnNumber without autocommit: false belongs to a retryable write.
db.runCommand({ find: "items", lsid: s.getSessionId(), txnNumber: NumberLong(7) })
