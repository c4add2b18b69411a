//! Ready-made scenarios: scripts that set up users, connections, sessions, transactions,
//! cursors and running operations, then run the command being taught. The first two are the
//! examples of the killAllSessions manual page, with survivors present.

/// A scenario of the menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// Stable id (used in links).
    pub id: &'static str,
    /// Menu title.
    pub title: &'static str,
    /// One sentence on what it shows.
    pub summary: &'static str,
    /// The script, one step per statement.
    pub script: &'static str,
}

/// Shared setup of the manual's examples: an administrator and three application users,
/// access control on, each user logged in on its own connection with an explicit session doing
/// something different (a literal macro, so `concat!` can build the scripts from it).
macro_rules! manual_setup {
    () => {
        r#"// Users: an administrator and three application users
use admin
db.createUser({ user: "admin", pwd: "secret", roles: ["root"] })
db.getSiblingDB("db1").createUser({ user: "appReader", pwd: "secret", roles: ["readWrite"] })
db.getSiblingDB("db2").createUser({ user: "reportWriter", pwd: "secret", roles: ["readWrite"] })
db.getSiblingDB("db3").createUser({ user: "auditor", pwd: "secret", roles: ["readWrite"] })
lab.setAuth(true)
db.auth("admin", "secret")
// Some documents to read
db.getSiblingDB("db1").items.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }])
db.getSiblingDB("db3").logs.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }])
// appReader: a session with an open cursor
const app = new Mongo()
app.getDB("db1").auth("appReader", "secret")
const appSession = app.startSession()
const appCursor = appSession.getDatabase("db1").items.find().batchSize(1)
appCursor.next()
// reportWriter: a session with a transaction in progress
const report = new Mongo()
report.getDB("db2").auth("reportWriter", "secret")
const reportSession = report.startSession()
reportSession.startTransaction()
reportSession.getDatabase("db2").reports.insertOne({ day: 1 })
// auditor: a session with an open cursor and a transaction in progress
const audit = new Mongo()
audit.getDB("db3").auth("auditor", "secret")
const auditSession = audit.startSession()
auditSession.startTransaction()
auditSession.getDatabase("db3").logs.insertOne({ n: 4 })
const auditCursor = auditSession.getDatabase("db3").logs.find().batchSize(1)
auditCursor.next()
"#
    };
}

/// All scenarios, in menu order.
pub const SCENARIOS: [Scenario; 4] = [
    Scenario {
        id: "kill-all",
        title: "Kill all sessions",
        summary: "The manual's first example: killAllSessions: [] kills every session of every user.",
        script: concat!(
            manual_setup!(),
            r#"// The manual's example: kill all sessions for all users
db.runCommand( { killAllSessions: [ ] } )
"#
        ),
    },
    Scenario {
        id: "kill-users",
        title: "Kill sessions of specific users",
        summary: "The manual's second example: only appReader@db1 and reportWriter@db2 lose their work; auditor@db3 survives.",
        script: concat!(
            manual_setup!(),
            r#"// The manual's example: kill the sessions of appReader@db1 and reportWriter@db2
//! pause Three users have sessions at work. Which of them survive a kill that names appReader@db1 and reportWriter@db2?
//! note Only auditor@db3 survives, with its cursor and its transaction: a kill matches sessions by owner, and auditor is not named.
//! note The admin's own session is not killed either: admin@admin is not in the list.
db.runCommand( { killAllSessions: [
   { user: "appReader", db: "db1" },
   { user: "reportWriter", db: "db2" }
] } )
"#
        ),
    },
    Scenario {
        id: "prepared-survives",
        title: "A prepared transaction survives",
        summary: "killAllSessions: [] aborts s1's transaction and closes s3's cursor, but never aborts s2's prepared transaction, which can still commit.",
        script: r#"// Access control off: every session has the no-auth uid
db.items.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }])
const s1 = db.getMongo().startSession()
s1.startTransaction()
s1.getDatabase("test").items.insertOne({ n: 4 })
const s2 = db.getMongo().startSession()
s2.startTransaction()
s2.getDatabase("test").items.insertOne({ n: 5 })
// Prepare s2's transaction (as a shard does in a cross-shard commit)
s2.getDatabase("admin").runCommand({ prepareTransaction: 1 })
const s3 = db.getMongo().startSession()
const c3 = s3.getDatabase("test").items.find().batchSize(1)
c3.next()
//! pause killAllSessions: [] matches every session. Does it abort s2's prepared transaction?
//! note No: a kill never aborts a prepared transaction (the coordinator decides it). s1's transaction is aborted and s3's cursor is closed.
db.runCommand({ killAllSessions: [] })
lab.sessions()
// s1's transaction was aborted; s2's is still prepared and can commit
s1.commitTransaction()
db.adminCommand({ commitTransaction: 1, lsid: s2.getSessionId(), txnNumber: Long(1), autocommit: false, commitTimestamp: Timestamp({ t: 1767225600, i: 2 }) })
"#,
    },
    Scenario {
        id: "kill-own",
        title: "Without killAnySession",
        summary: "A user without killAnySession is refused by killAllSessions, and uses killSessions to kill their own sessions; a killed session stays listed and usable.",
        script: r#"use admin
db.createUser({ user: "admin", pwd: "secret", roles: ["root"] })
db.getSiblingDB("db1").createUser({ user: "appReader", pwd: "secret", roles: ["read"] })
db.getSiblingDB("db2").createUser({ user: "reportWriter", pwd: "secret", roles: ["readWrite"] })
lab.setAuth(true)
db.auth("admin", "secret")
db.getSiblingDB("db1").items.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }])
const app = new Mongo()
const appDb = app.getDB("db1")
appDb.auth("appReader", "secret")
const appSession = app.startSession()
const appCursor = appSession.getDatabase("db1").items.find().batchSize(1)
appCursor.next()
const report = new Mongo()
report.getDB("db2").auth("reportWriter", "secret")
const reportSession = report.startSession()
reportSession.startTransaction()
reportSession.getDatabase("db2").reports.insertOne({ day: 1 })
// appReader lacks killAnySession: refused
appDb.getSiblingDB("admin").runCommand({ killAllSessions: [] })
// ... but may kill its own sessions
appDb.getSiblingDB("admin").runCommand({ killSessions: [] })
// The killed session is still listed, and still usable
appDb.aggregate([{ $listLocalSessions: {} }])
appSession.getDatabase("db1").items.findOne()
"#,
    },
];

/// A scenario by id.
pub fn find(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.id == id)
}
