//! Shell text that both the board (its buttons) and the shell's hints (what to type next) write:
//! creating a user and logging in, with names and passwords as string literals the shell reads
//! back exactly.

use super::lexer::string_literal as quote;
use crate::engine::auth::UserName;
use crate::engine::UserView;

/// Create a user with one role (password `secret`).
pub fn create_user(user: &str, db: &str, role: &str) -> String {
    format!(
        "db.getSiblingDB({}).createUser({{ user: {}, pwd: \"secret\", roles: [{}] }})",
        quote(db),
        quote(user),
        quote(role)
    )
}

/// Authenticate the console's connection as `user@db` with its `password`.
pub fn log_in(user: &str, db: &str, password: &str) -> String {
    format!(
        "db.getSiblingDB({}).auth({}, {})",
        quote(db),
        quote(user),
        quote(password)
    )
}

/// Authenticate the console's connection as a user the board lists, with its own password.
pub fn log_in_as(user: &UserView) -> String {
    UserName::split_display(&user.name)
        .map(|(name, db)| log_in(name, db, &user.password))
        .unwrap_or_default()
}
