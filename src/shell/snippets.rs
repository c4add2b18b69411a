//! Shell text that both the board (its buttons) and the shell's hints (what to type next) write:
//! creating a user and logging in, with names as string literals the shell reads back exactly.

use super::lexer::string_literal as quote;

/// Create a user with one role (password `secret`).
pub fn create_user(user: &str, db: &str, role: &str) -> String {
    format!(
        "db.getSiblingDB({}).createUser({{ user: {}, pwd: \"secret\", roles: [{}] }})",
        quote(db),
        quote(user),
        quote(role)
    )
}

/// Authenticate the console's connection.
pub fn log_in(user: &str, db: &str) -> String {
    format!(
        "db.getSiblingDB({}).auth({}, \"secret\")",
        quote(db),
        quote(user)
    )
}
