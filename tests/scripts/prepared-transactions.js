// A prepared transaction, as a shard holds one in a two-phase commit: a kill never aborts it,
// statements cannot use it, and only its coordinator's commit (at a timestamp no earlier than
// the prepare's) or abort ends it.
const lsid = { id: UUID("22222222-2222-4222-8222-222222222222") }
db.runCommand({ insert: "t", documents: [{ _id: 1 }], lsid: lsid, txnNumber: NumberLong(1), startTransaction: true, autocommit: false })
db.adminCommand({ prepareTransaction: 1, lsid: lsid, txnNumber: NumberLong(1), autocommit: false })
db.adminCommand({ killAllSessions: [] })
db.runCommand({ find: "t", lsid: lsid, txnNumber: NumberLong(1), autocommit: false })
// A coordinator's retry of the prepare gets the same timestamp.
db.adminCommand({ prepareTransaction: 1, lsid: lsid, txnNumber: NumberLong(1), autocommit: false })
db.adminCommand({ commitTransaction: 1, lsid: lsid, txnNumber: NumberLong(1), autocommit: false })
db.adminCommand({ commitTransaction: 1, lsid: lsid, txnNumber: NumberLong(1), autocommit: false, commitTimestamp: Timestamp(1, 1) })
db.adminCommand({ commitTransaction: 1, lsid: lsid, txnNumber: NumberLong(1), autocommit: false, commitTimestamp: Timestamp({ t: 1767225600, i: 1 }) })
db.t.find()
db.runCommand({ insert: "t", documents: [{ _id: 2 }], lsid: lsid, txnNumber: NumberLong(2), startTransaction: true, autocommit: false })
db.adminCommand({ prepareTransaction: 1, lsid: lsid, txnNumber: NumberLong(2), autocommit: false })
db.adminCommand({ abortTransaction: 1, lsid: lsid, txnNumber: NumberLong(2), autocommit: false })
db.t.find()
// config.transactions: prepared, then aborted after the prepare, at the prepare's timestamp.
db.runCommand({ insert: "t", documents: [{ _id: 3 }], lsid: lsid, txnNumber: NumberLong(3), startTransaction: true, autocommit: false })
db.adminCommand({ prepareTransaction: 1, lsid: lsid, txnNumber: NumberLong(3), autocommit: false })
db.getSiblingDB("config").transactions.find({ "_id.id": lsid.id }, { _id: 0, txnNum: 1, state: 1, "lastWriteOpTime.ts": 1 }).toArray()
db.adminCommand({ abortTransaction: 1, lsid: lsid, txnNumber: NumberLong(3), autocommit: false })
db.getSiblingDB("config").transactions.find({ "_id.id": lsid.id }, { _id: 0, txnNum: 1, state: 1 }).toArray()
// A newer txnNumber cannot take the session over while its transaction is prepared (neither a
// transaction nor a retryable write: _setNewTxnNumber); the prepared one still commits.
db.runCommand({ insert: "t", documents: [{ _id: 4 }], lsid: lsid, txnNumber: NumberLong(4), startTransaction: true, autocommit: false })
db.adminCommand({ prepareTransaction: 1, lsid: lsid, txnNumber: NumberLong(4), autocommit: false })
db.runCommand({ insert: "t", documents: [{ _id: 5 }], lsid: lsid, txnNumber: NumberLong(5), startTransaction: true, autocommit: false })
db.runCommand({ insert: "t", documents: [{ _id: 5 }], lsid: lsid, txnNumber: NumberLong(5) })
db.adminCommand({ commitTransaction: 1, lsid: lsid, txnNumber: NumberLong(4), autocommit: false, commitTimestamp: Timestamp({ t: 1767225600, i: 10 }) })
// An open transaction is aborted when a newer txnNumber starts, its write discarded.
db.runCommand({ insert: "t", documents: [{ _id: 6 }], lsid: lsid, txnNumber: NumberLong(6), startTransaction: true, autocommit: false })
db.runCommand({ insert: "t", documents: [{ _id: 7 }], lsid: lsid, txnNumber: NumberLong(7) })
db.adminCommand({ commitTransaction: 1, lsid: lsid, txnNumber: NumberLong(6), autocommit: false })
db.t.find()
