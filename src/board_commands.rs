//! The shell text each board action runs, so learners see the syntax of everything they click.
//! Names and strings are written as string literals the shell reads back exactly
//! ([`crate::shell::lexer::string_literal`]), so any user, database
//! or role name round-trips (Rust's `{:?}` would write `\u{1}`, a syntax error in the shell).

use crate::shell::lexer::string_literal as quote;

/// A fresh variable name `<prefix><n>` not used yet (the smallest such `n`, from 1).
pub fn fresh_name(prefix: &str, taken: &[String]) -> String {
    // One pass over the names (a board draws this for every session it shows): mark the
    // numbers in use among the first `taken.len() + 1`, at least one of which is free.
    let mut used = vec![false; taken.len() + 2];
    for name in taken {
        let Some(digits) = name.strip_prefix(prefix) else {
            continue;
        };
        if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Some(slot) = digits.parse::<usize>().ok().and_then(|n| used.get_mut(n)) {
            *slot = true;
        }
    }
    let n = (1..used.len()).find(|&n| !used[n]).unwrap_or(1);
    format!("{prefix}{n}")
}

pub use crate::shell::snippets::{create_user, log_in, log_in_as};

/// Open a connection.
pub fn open_connection(name: &str) -> String {
    format!("const {name} = new Mongo()")
}

/// Start an explicit session and use it once, so the server sees it.
pub fn start_session(name: &str) -> String {
    format!("const {name} = db.getMongo().startSession()\n{name}.getDatabase(\"test\").runCommand({{ ping: 1 }})")
}

/// Start a transaction and write in it (in `db`, where the session's owner may write).
pub fn start_transaction(session: &str, db: &str) -> String {
    format!(
        "{session}.startTransaction()\n{session}.getDatabase({}).items.insertOne({{ in: \"transaction\" }})",
        quote(db)
    )
}

/// Insert a document with the session.
pub fn insert(session: &str, db: &str) -> String {
    format!(
        "{session}.getDatabase({}).items.insertOne({{ n: 1 }})",
        quote(db)
    )
}

/// Prepare the session's transaction.
pub fn prepare(session: &str) -> String {
    format!("{session}.getDatabase(\"admin\").runCommand({{ prepareTransaction: 1 }})")
}

/// Commit the session's transaction.
pub fn commit(session: &str) -> String {
    format!("{session}.commitTransaction()")
}

/// Insert two documents, then open a cursor that stays open (batches of one).
pub fn open_cursor(session: &str, db: &str, cursor: &str) -> String {
    let db = quote(db);
    format!(
        "{session}.getDatabase({db}).items.insertMany([{{ n: 1 }}, {{ n: 2 }}])\nconst {cursor} = {session}.getDatabase({db}).items.find().batchSize(1)\n{cursor}.next()"
    )
}

/// Start an operation that keeps running for ten minutes of logical time.
pub fn long_operation(session: &str, db: &str, op: &str) -> String {
    format!(
        "const {op} = lab.background({session}.getDatabase({}).items.find({{ $where: \"sleep(600000) || true\" }}).toArray())",
        quote(db)
    )
}

/// End the session on the server.
pub fn end_session(session: &str) -> String {
    format!("db.adminCommand({{ endSessions: [ {session}.getSessionId() ] }})")
}

/// Switch access control.
pub fn set_auth(on: bool) -> String {
    format!("lab.setAuth({on})")
}

/// Move the clock.
pub fn advance(duration: &str) -> String {
    format!("lab.advance({})", quote(duration))
}

/// Kill every session.
pub fn kill_all() -> String {
    "db.adminCommand({ killAllSessions: [] })".to_owned()
}
