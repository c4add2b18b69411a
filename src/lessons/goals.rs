//! The goal vocabulary: goal lines and hint conditions as written in a lesson (`killed
//! owner=appReader@db1`, `txn s2 Committed`, `unchanged others`, …), parsed into what they mean.
//! [`super::checklist`] checks them against the engine's state.

use crate::engine::operations::ConnId;
use crate::shell::{Outcome, Shell};

/// Which sessions a line is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// The session bound to a script variable (`appSession`).
    Binding(String),
    /// Every session of an owner (`owner=appReader@db1`).
    Owner(String),
    /// The sessions started on a connection, explicit or implicit (`conn=2`).
    Conn(ConnId),
    /// Every session no other line names.
    Others,
    /// Every session.
    All,
}

impl Selector {
    fn parse(word: &str) -> Result<Self, String> {
        if let Some(owner) = word.strip_prefix("owner=") {
            if !owner.contains('@') {
                return Err(format!(
                    "owner={owner}: an owner is user@db, the database where the user was created"
                ));
            }
            return Ok(Selector::Owner(owner.to_owned()));
        }
        if let Some(conn) = word.strip_prefix("conn=") {
            return conn
                .parse()
                .map(Selector::Conn)
                .map_err(|_| format!("conn={conn}: expected a connection number"));
        }
        match word {
            "others" => Ok(Selector::Others),
            "all" => Ok(Selector::All),
            "" => Err("expected a session: a variable (appSession), owner=user@db, conn=N, others or all".to_owned()),
            name if is_identifier(name) => Ok(Selector::Binding(name.to_owned())),
            other => Err(format!("\"{other}\" is not a session: a variable (appSession), owner=user@db, conn=N, others or all")),
        }
    }

    /// Its text, as written in a goal.
    pub fn text(&self) -> String {
        match self {
            Selector::Binding(name) => name.clone(),
            Selector::Owner(owner) => format!("owner={owner}"),
            Selector::Conn(conn) => format!("conn={conn}"),
            Selector::Others => "others".to_owned(),
            Selector::All => "all".to_owned(),
        }
    }
}

fn is_identifier(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// Where a session is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// In the in-memory cache (`$listLocalSessions`).
    Cache,
    /// In `config.system.sessions` (`$listSessions`).
    Collection,
    /// In neither.
    Nowhere,
}

/// What a cursor or an operation bound to a variable should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Running {
    /// Open / running.
    Yes,
    /// Closed / interrupted.
    Stopped,
    /// Finished normally (operations only).
    Done,
}

/// One goal line.
#[derive(Debug, Clone, PartialEq)]
pub enum GoalKind {
    /// Killed by a kill run during the task.
    Killed(Selector),
    /// Not killed by any kill run during the task.
    Survived(Selector),
    /// The last verdict about it has this reason code (`matched_user`, …).
    Reason(Selector, String),
    /// A verdict during the task had this effect (`transaction_aborted`, …, or `nothing`).
    Effect(Selector, String),
    /// Its transaction is in this state (`Prepared`, `InProgress`, `none`, …).
    Txn(Selector, String),
    /// Its headline state (`idle`, `cursor_open`, `ending`, `expired`, …).
    State(Selector, String),
    /// Where it is listed.
    Listed(Selector, Listing),
    /// The cursor bound to a variable is open or closed.
    Cursor(String, Running),
    /// The operation bound to a variable is running, interrupted or done.
    Op(String, Running),
    /// The last command's error (`code`, `codeName`, or `none`).
    Error(String),
    /// The last command's result holds these fields.
    Result(bson::Document),
    /// Every session no other line names ends as it started.
    UnchangedOthers,
    /// At most this many statements during the task.
    CommandsAtMost(usize),
    /// This command was sent during the task.
    Require(String),
    /// This command was not sent during the task.
    Forbid(String),
    /// At least this much logical time passed during the task (ms).
    TimeAtLeast(i64),
}

/// A goal line as written, and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// The line after `//! goal`.
    pub text: String,
    /// Its meaning.
    pub kind: GoalKind,
}

pub(super) const EFFECTS: [&str; 5] = [
    "transaction_aborted",
    "prepared_transaction_kept",
    "operations_interrupted",
    "cursors_closed",
    "nothing",
];

const REASONS: [&str; 7] = [
    "matched_everything",
    "matched_user",
    "matched_uid",
    "matched_lsid",
    "prepared_transaction_kept",
    "other_owner",
    "not_listed",
];

const STATES: [&str; 10] = [
    "idle",
    "operation_running",
    "cursor_open",
    "transaction_in_progress",
    "transaction_prepared",
    "committed",
    "aborted",
    "ending",
    "ended",
    "expired",
];

const TXN_STATES: [&str; 7] = [
    "none",
    "InProgress",
    "Prepared",
    "Committed",
    "AbortedWithoutPrepare",
    "AbortedAfterPrepare",
    "ExecutedRetryableWrite",
];

fn one_of(word: &str, known: &[&str], what: &str) -> Result<String, String> {
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(word))
        .map(|k| (*k).to_owned())
        .ok_or_else(|| format!("\"{word}\" is not a {what} (known: {})", known.join(", ")))
}

impl Goal {
    /// Parses the text after `//! goal`.
    ///
    /// # Errors
    /// What is wrong with it, in words.
    pub fn parse(text: &str) -> Result<Self, String> {
        Ok(Goal {
            text: text.to_owned(),
            kind: GoalKind::parse(text)?,
        })
    }

    /// The selector it names, if any.
    pub fn selector(&self) -> Option<&Selector> {
        self.kind.selector()
    }
}

impl GoalKind {
    fn parse(text: &str) -> Result<Self, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let word = |i: usize| words.get(i).copied().unwrap_or("");
        let selector = || Selector::parse(word(1));
        let arity = |n: usize| {
            if words.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "\"{}\" takes {} word(s) after it: {text}",
                    word(0),
                    n - 1
                ))
            }
        };
        let kind = match word(0) {
            "killed" => {
                arity(2)?;
                GoalKind::Killed(selector()?)
            },
            "survived" => {
                arity(2)?;
                GoalKind::Survived(selector()?)
            },
            "reason" => {
                arity(3)?;
                GoalKind::Reason(selector()?, one_of(word(2), &REASONS, "reason")?)
            },
            "effect" => {
                arity(3)?;
                GoalKind::Effect(selector()?, one_of(word(2), &EFFECTS, "effect")?)
            },
            "txn" => {
                arity(3)?;
                let state = word(2).strip_prefix("TxnState::").unwrap_or(word(2));
                GoalKind::Txn(selector()?, one_of(state, &TXN_STATES, "transaction state")?)
            }
            "state" => {
                arity(3)?;
                GoalKind::State(selector()?, one_of(word(2), &STATES, "session state")?)
            },
            "listed" => {
                arity(3)?;
                let listing = match word(2) {
                    "cache" => Listing::Cache,
                    "collection" => Listing::Collection,
                    "nowhere" => Listing::Nowhere,
                    other => return Err(format!("\"{other}\" is not a listing (known: cache, collection, nowhere)")),
                };
                GoalKind::Listed(selector()?, listing)
            }
            "cursor" => {
                arity(3)?;
                let state = match word(2) {
                    "open" => Running::Yes,
                    "closed" => Running::Stopped,
                    other => return Err(format!("\"{other}\": a cursor is open or closed")),
                };
                GoalKind::Cursor(variable(word(1))?, state)
            }
            "op" => {
                arity(3)?;
                let state = match word(2) {
                    "running" => Running::Yes,
                    "interrupted" => Running::Stopped,
                    "done" => Running::Done,
                    other => return Err(format!("\"{other}\": an operation is running, interrupted or done")),
                };
                GoalKind::Op(variable(word(1))?, state)
            }
            "error" => {
                arity(2)?;
                GoalKind::Error(word(1).to_owned())
            },
            "result" => {
                let subset = text.trim_start().strip_prefix("result").unwrap_or("").trim();
                GoalKind::Result(parse_document(subset)?)
            }
            "unchanged" if word(1) == "others" && words.len() == 2 => GoalKind::UnchangedOthers,
            "commands" if word(1) == "<=" && words.len() == 3 => GoalKind::CommandsAtMost(
                word(2).parse().map_err(|_| format!("commands <= N: \"{}\" is not a number", word(2)))?,
            ),
            "require" => {
                arity(2)?;
                GoalKind::Require(word(1).to_owned())
            },
            "forbid" => {
                arity(2)?;
                GoalKind::Forbid(word(1).to_owned())
            },
            "time" if word(1) == ">=" && words.len() == 3 => GoalKind::TimeAtLeast(
                crate::shell::parse_duration(&bson::Bson::String(word(2).to_owned()))
                    .ok_or_else(|| format!("time >= D: \"{}\" is not a duration like 90s, 31m or 2h", word(2)))?,
            ),
            "" => return Err("an empty goal: write what must hold, like killed appSession".to_owned()),
            other => return Err(format!(
                "unknown goal \"{other}\" (known: killed, survived, reason, effect, txn, state, listed, cursor, op, error, result, unchanged others, commands <= N, require, forbid, time >= D)"
            )),
        };
        Ok(kind)
    }

    /// The sessions it is about, if it names any.
    pub fn selector(&self) -> Option<&Selector> {
        match self {
            GoalKind::Killed(s)
            | GoalKind::Survived(s)
            | GoalKind::Reason(s, _)
            | GoalKind::Effect(s, _)
            | GoalKind::Txn(s, _)
            | GoalKind::State(s, _)
            | GoalKind::Listed(s, _) => Some(s),
            _ => None,
        }
    }
}

fn variable(word: &str) -> Result<String, String> {
    if is_identifier(word) {
        Ok(word.to_owned())
    } else {
        Err(format!("\"{word}\" is not a variable name"))
    }
}

/// A document written as shell input (`{ ok: 1 }`), read by the shell itself.
fn parse_document(text: &str) -> Result<bson::Document, String> {
    let mut shell = Shell::default();
    let records = shell.execute(1, &format!("({text})"));
    match records.first().map(|r| &r.outcome) {
        Some(Outcome::Value {
            value: bson::Bson::Document(doc),
            ..
        }) if records.len() == 1 => Ok(doc.clone()),
        _ => Err(format!("result takes a document, like {{ ok: 1 }}: {text}")),
    }
}

/// When a state hint fires: a goal line's predicate, or the last kill matching nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The last kill of the task killed no session.
    MatchedNone,
    /// A goal predicate holds.
    Holds(GoalKind),
}

impl Condition {
    /// Parses the text between `//! when` and `:`.
    ///
    /// # Errors
    /// What is wrong with it, in words.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text == "matched none" {
            return Ok(Condition::MatchedNone);
        }
        GoalKind::parse(text)
            .map(Condition::Holds)
            .map_err(|e| format!("{e} (a condition is matched none, or a goal line)"))
    }
}
