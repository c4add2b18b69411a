//! One top-level statement's record: its source, line, outcome (a printed value, nothing, or
//! an error), what it printed, the deployment's events and, for kill commands, the verdicts.
//! Records render as console text or as the runner's JSON Lines.

use super::diagnostics::{code_frame_in, LineIndex, ShellError};
use super::printer::format_server_error;
use crate::engine::kill::KillReport;
use crate::engine::operations::ConnId;
use crate::engine::Event;
use std::fmt::Write as _;

/// How a statement failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// A shell error (syntax, reference, type…), with the statement's source for its frame.
    Shell {
        /// The error.
        error: ShellError,
        /// The frame rendered against the whole input.
        frame: String,
        /// 1-based line in the whole input.
        line: usize,
        /// 1-based column in the whole input.
        column: usize,
    },
    /// A server error reply.
    Server {
        /// `code`.
        code: i32,
        /// `codeName`.
        code_name: String,
        /// `errmsg`.
        errmsg: String,
        /// `errorLabels`.
        labels: Vec<String>,
        /// For a write error (`writeErrors` of an `ok: 1` reply), which carries no `codeName`:
        /// the class mongosh throws for it, printed without a code name (`MongoServerError` for
        /// one write, `MongoBulkWriteError` for `insertMany` and `bulkWrite`).
        write_error: Option<&'static str>,
    },
    /// A driver-side error (`MongoTransactionError`, …).
    Driver {
        /// Error class name.
        name: String,
        /// Message.
        message: String,
    },
}

impl Failure {
    /// The console text.
    pub fn text(&self) -> String {
        match self {
            Failure::Shell { frame, .. } => frame.clone(),
            Failure::Server {
                write_error: Some(class),
                errmsg,
                ..
            } => format!("{class}: {errmsg}"),
            Failure::Server {
                code_name, errmsg, ..
            } => format_server_error(code_name, errmsg),
            // JavaScript's `Error.prototype.toString`: the name alone for an empty message.
            Failure::Driver { name, message } if message.is_empty() => name.clone(),
            Failure::Driver { name, message } => format!("{name}: {message}"),
        }
    }
}

/// What a statement produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A value, printed mongosh-style; `value` is what the JSON form renders.
    Value {
        /// Console text.
        text: String,
        /// The value (relaxed Extended JSON in [`Record::json`]).
        value: bson::Bson,
    },
    /// Nothing to print (declarations, `undefined`).
    Silent,
    /// An error.
    Error(Failure),
}

/// One top-level statement's record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The connection (console) it ran on.
    pub console: ConnId,
    /// The statement's text.
    pub source: String,
    /// 1-based line where it starts.
    pub line: usize,
    /// What it produced.
    pub outcome: Outcome,
    /// Lines printed by `print()`, `lab.help()` and the like.
    pub printed: Vec<String>,
    /// What happened in the deployment.
    pub events: Vec<Event>,
    /// Verdicts, when the statement ran a kill command.
    pub report: Option<KillReport>,
    /// Hints beside the server's replies: what a mistake means and how to fix it.
    pub hints: Vec<String>,
    /// What the shell called each session when the kill ran (its variable, or its implicit
    /// session's connection), for the verdicts; empty without a report.
    pub session_names: super::SessionNames,
    /// The names of the commands the statement sent to the server, in order (`find`,
    /// `killAllSessions`), for lesson goals that require or forbid a command.
    pub commands: Vec<String>,
}

/// How `lab.advance` prints an event it ran into: `[time] message`.
pub(super) fn timed_line(event: &Event) -> String {
    format!("[{}] {}", super::printer::iso_date(event.at), event.message)
}

impl Record {
    /// The events its printed lines do not already show: `lab.advance` prints the events it
    /// runs into, each with its time, which a list of the events would repeat (wherever the
    /// statement printed them: after a `print`, or after a command's own events).
    pub fn events_not_printed(&self) -> impl Iterator<Item = &Event> {
        // Sorted and searched: a long `lab.advance` prints thousands of events, and a scan of
        // the printed lines for each would be quadratic.
        let mut printed: Vec<&str> = self.printed.iter().map(String::as_str).collect();
        printed.sort_unstable();
        self.events
            .iter()
            .filter(move |event| printed.binary_search(&timed_line(event).as_str()).is_err())
    }

    /// A record with an outcome and nothing printed yet.
    pub fn new(console: ConnId, source: String, line: usize, outcome: Outcome) -> Self {
        Self {
            console,
            source,
            line,
            outcome,
            printed: Vec::new(),
            events: Vec::new(),
            report: None,
            hints: Vec::new(),
            session_names: super::SessionNames::default(),
            commands: Vec::new(),
        }
    }

    /// The record of a script that does not parse.
    pub fn syntax_error(console: ConnId, source: &str, error: ShellError) -> Self {
        let index = LineIndex::new(source);
        let (line, _) = index.line_column(error.span.start);
        Self::shell_error(console, &index, source, line, error)
    }

    /// A record whose statement failed in the shell (`whole` indexes the input it is part of).
    pub fn shell_error(
        console: ConnId,
        whole: &LineIndex<'_>,
        statement: &str,
        line: usize,
        error: ShellError,
    ) -> Self {
        let (err_line, column) = whole.line_column(error.span.start);
        let frame = code_frame_in(whole, &error);
        let failure = Failure::Shell {
            error,
            frame,
            line: err_line,
            column,
        };
        Self::new(console, statement.to_owned(), line, Outcome::Error(failure))
    }

    /// Whether the statement failed.
    pub fn is_error(&self) -> bool {
        matches!(self.outcome, Outcome::Error(_))
    }

    /// Console text: the prompt with the source, printed lines, then the result or error.
    pub fn transcript(&self) -> String {
        let mut out = String::new();
        for (i, line) in self.source.lines().enumerate() {
            out.push_str(if i == 0 { "> " } else { "... " });
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&self.output());
        if let Some(report) = &self.report {
            for v in &report.verdicts() {
                let owner = v.user.as_deref().unwrap_or("(no user)");
                // `killed` padded to the width of `survived`.
                let fate = v.fate.code();
                let pad = " ".repeat(8 - fate.len());
                let name = self
                    .session_names
                    .name(&v.id)
                    .map(|n| format!("{n} "))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "// {fate}{pad} {} {name}{owner} [{}]: {}",
                    &v.id[..8],
                    v.decided_by,
                    v.explanation
                );
            }
        }
        for hint in &self.hints {
            let _ = writeln!(out, "// hint: {hint}");
        }
        out
    }

    /// What the statement printed, then its result or error, one line each.
    pub fn output(&self) -> String {
        let mut out = String::new();
        for line in &self.printed {
            out.push_str(line);
            out.push('\n');
        }
        match &self.outcome {
            Outcome::Value { text, .. } if !text.is_empty() => {
                out.push_str(text);
                out.push('\n');
            }
            Outcome::Value { .. } | Outcome::Silent => {}
            Outcome::Error(failure) => {
                out.push_str(&failure.text());
                out.push('\n');
            }
        }
        out
    }
}
