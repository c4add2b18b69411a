// try, catch, finally and throw, as the manual's transaction examples use them; a caught error
// has the driver's fields (name, message, code, codeName, errorLabels, hasErrorLabel).
// The manual's "Transactions" example for mongosh, as written (an undeclared name is declared
// by its first assignment, as in sloppy JavaScript):
db.getSiblingDB("mydb1").foo.insertOne( {abc: 0}, { writeConcern: { w: "majority", wtimeout: 2000 } } )
db.getSiblingDB("mydb2").bar.insertOne( {xyz: 0}, { writeConcern: { w: "majority", wtimeout: 2000 } } )
session = db.getMongo().startSession( { readPreference: { mode: "primary" } } );
coll1 = session.getDatabase("mydb1").foo;
coll2 = session.getDatabase("mydb2").bar;
session.startTransaction( { readConcern: { level: "local" }, writeConcern: { w: "majority" } } );
try {
   coll1.insertOne( { abc: 1 } );
   coll2.insertOne( { xyz: 999 } );
} catch (error) {
   session.abortTransaction();
   throw error;
}
session.commitTransaction();
session.endSession();
db.getSiblingDB("mydb2").bar.find()
// What a catch block sees, and what it may do with it.
db.items.insertOne({ _id: 1 })
try { db.items.insertOne({ _id: 1 }) } catch (e) { print(e.name, e.code, e.message) }
try { db.runCommand({ killSessions: "x" }) } catch (e) { printjson({ name: e.name, code: e.code, codeName: e.codeName, labels: e.errorLabels }) }
const s = db.getMongo().startSession()
s.startTransaction()
s.getDatabase("test").items.insertOne({ _id: 2 })
db.adminCommand({ killAllSessions: [] })
try { s.commitTransaction() } catch (error) { error.hasErrorLabel("TransientTransactionError") }
try { nope() } catch (e) { e }
try { db.items.insertOne({ _id: 1 }) } catch (e) { throw e }
try { throw 5 } catch (e) { e }
try { db.items.find() } finally { print("finally") }
const f = function () { try { return db.items.countDocuments() } catch (e) { return -1 } }
f()
const g = () => { try { db.items.insertOne({ _id: 1 }) } catch (e) { return e.code } }
g()
try { db.items.insertOne({ _id: 3 }) } catch { print("no name") }
try { x.y } catch (e) { e.message }
try { nope() } catch (e) { printjson(e) }
try { nope() } catch (e) { db.x.insertOne({ e: e }) }
try { nope() } catch (e) { e.hasErrorLabel }
// new Error(message) is thrown, caught and read as JavaScript has it; other values are not thrown.
try { throw new Error("inner") } catch (e) { print(e.name, e.message) }
throw Error()
throw new Error("outer")
throw "text"
