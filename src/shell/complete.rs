//! Autocompletion for the console: from the text before the cursor, what could come next:
//! methods after `db.`, `lab.`, a cursor or session variable; command and field names inside a
//! command document; user and database names inside strings after `user:` / `db:`; variables
//! and globals elsewhere.

use super::lexer::{tokenize, TokenKind};
use super::method_names::{
    CollectionMethod, CursorMethod, DbMethod, LabMethod, MongoMethod, SessionMethod,
};
use super::value::Value;
use super::Shell;
use crate::engine::auth::UserName;

/// Suggestions for the word ending at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset where the word being completed starts.
    pub start: usize,
    /// Candidate replacements, best first.
    pub items: Vec<String>,
}

const FIELDS: [&str; 14] = [
    "user",
    "db",
    "id",
    "uid",
    "lsid",
    "users",
    "roles",
    "allUsers",
    "filter",
    "batchSize",
    "txnNumber",
    "autocommit",
    "startTransaction",
    "pipeline",
];

impl Shell {
    /// Completes the word that ends at byte `cursor` of `source`, on console `conn`.
    pub fn complete(&self, conn: u32, source: &str, cursor: usize) -> Completion {
        let mut cursor = cursor.min(source.len());
        while !source.is_char_boundary(cursor) {
            cursor -= 1;
        }
        let before = &source[..cursor];
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '$'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[word_start..];
        let context = &before[..word_start];
        let candidates: Vec<String> = if let Some(quote_field) = string_field(context) {
            match quote_field.as_str() {
                "user" => self
                    .deployment
                    .user_views()
                    .iter()
                    .map(|u| {
                        UserName::split_display(&u.name)
                            .map_or("", |(user, _)| user)
                            .to_owned()
                    })
                    .collect(),
                "db" => {
                    let mut dbs: Vec<String> = self
                        .deployment
                        .user_views()
                        .iter()
                        .map(|u| {
                            UserName::split_display(&u.name)
                                .map_or("", |(_, db)| db)
                                .to_owned()
                        })
                        .collect();
                    dbs.extend(["admin", "config", "test"].map(String::from));
                    dbs
                }
                _ => Vec::new(),
            }
        } else if let Some(receiver) = context.strip_suffix('.') {
            self.members_of(conn, receiver)
        } else if inside_object(context) {
            let mut names: Vec<String> = crate::commands::command_names()
                .into_iter()
                .map(String::from)
                .collect();
            names.extend(FIELDS.map(String::from));
            names
        } else {
            let mut names = self.variable_names();
            names.extend(["db", "lab", "use", "show", "const"].map(String::from));
            names.extend(super::globals::GLOBALS.map(String::from));
            names
        };
        let mut items: Vec<String> = candidates
            .into_iter()
            .filter(|c| c.starts_with(word) && c != word)
            .collect();
        crate::collections::sort_by(&mut items, Ord::cmp);
        items.dedup();
        Completion {
            start: word_start,
            items,
        }
    }

    fn members_of(&self, conn: u32, receiver: &str) -> Vec<String> {
        let name = receiver
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.'))
            .next()
            .unwrap_or("");
        let list: &[&str] = match name {
            "db" => DbMethod::NAMES,
            "lab" => LabMethod::NAMES,
            "Binary" => &["createFromBase64", "createFromHexString"],
            "console" => &super::globals::CONSOLE_METHODS,
            n if n.starts_with("db.") => CollectionMethod::NAMES,
            n => match self.vars.get(n).map(AsRef::as_ref) {
                Some(Value::Cursor(_)) => CursorMethod::NAMES,
                Some(Value::Session(_)) => SessionMethod::NAMES,
                Some(Value::Mongo(_)) => MongoMethod::NAMES,
                Some(Value::Db(_)) => DbMethod::NAMES,
                Some(Value::Collection(..)) => CollectionMethod::NAMES,
                Some(Value::Operation(..)) => &["result", "opid", "connection"],
                _ => &[],
            },
        };
        let mut out: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        if name == "db" {
            let db = self.current_db(conn);
            out.extend(self.deployment.collection_names(db));
        }
        out
    }
}

/// When the cursor is inside a string that is the value of `user:` or `db:`, that field.
fn string_field(context: &str) -> Option<String> {
    let quote_at = context.rfind(['"', '\''])?;
    // An odd number of quotes before means we are inside a string.
    let quotes = context.matches(['"', '\'']).count();
    if quotes % 2 == 0 || quote_at + 1 != context.len() {
        return None;
    }
    let before = context[..quote_at].trim_end().strip_suffix(':')?.trim_end();
    let field: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Some(field)
}

/// Whether the last unclosed bracket is `{` and we are at a field-name position.
fn inside_object(context: &str) -> bool {
    let Ok(tokens) = tokenize(context) else {
        return false;
    };
    let mut stack = Vec::new();
    let mut last = None;
    for token in &tokens {
        match token.kind {
            TokenKind::Punct(c @ ('{' | '[' | '(')) => stack.push(c),
            TokenKind::Punct('}' | ']' | ')') => {
                stack.pop();
            }
            TokenKind::Eof => break,
            _ => {}
        }
        last = Some(token.kind.clone());
    }
    stack.last() == Some(&'{') && matches!(last, Some(TokenKind::Punct('{' | ',')))
}
