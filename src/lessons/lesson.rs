//! A lesson, as read from its file: its front matter's values, its prose, its setup steps,
//! predictions, task, solution, hints and wrong attempts; and a mistake in a file, at its line
//! and column. [`super::format`] reads it; the rest of [`super`] runs it.

use super::goals::{Condition, Goal};
use super::predict::Question;
use crate::engine::operations::ConnId;
use std::fmt;

/// The one format version this build reads.
pub const FORMAT: i64 = 1;

/// A lesson file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Stable id, used in `?lesson=` and in progress.
    pub id: String,
    /// Title in the catalogue.
    pub title: String,
    /// What the learner can do afterwards, one sentence (front matter `learns`).
    pub learns: String,
    /// Expected minutes.
    pub minutes: i64,
    /// Lessons worth doing first (shown, never locking).
    pub requires: Vec<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// The prose before the first `predict` or `task` block, Markdown: shown from the start.
    pub intro: String,
    /// The prose after it (up to `## Recap`): the task's text, shown once every prediction is
    /// answered (so it cannot give an outcome away).
    pub task_text: String,
    /// The prose after `## Recap`, shown once the lesson is solved (and with the hints after).
    pub recap: String,
    /// The setup, step by step.
    pub setup: Vec<SetupStep>,
    /// Predictions asked before the task, in order.
    pub predictions: Vec<Prediction>,
    /// The task.
    pub task: Task,
    /// The reference solution, one step per statement.
    pub solution: Vec<String>,
    /// Hints, in order (numbered ones and state-triggered ones).
    pub hints: Vec<Hint>,
    /// Attempts that must fail (for the checker only; never shown).
    pub wrong: Vec<Wrong>,
    /// A digest of the file's text, so progress can tell a lesson that changed.
    pub fingerprint: String,
}

/// One setup step. Hidden lines run as one step whose source starts with [`HIDDEN_MARK`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupStep {
    /// The input run.
    pub source: String,
    /// Whether the learner sees only its first line.
    pub hidden: bool,
}

/// The first line of a step made of hidden setup lines: the console and the timeline show it
/// collapsed. A plain shell comment, so the step replays anywhere.
pub const HIDDEN_MARK: &str = "//! hide";

/// The task: goal lines that must all hold at once.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The console the learner starts on (`conn=N`, default 1).
    pub console: ConnId,
    /// Goal lines.
    pub goals: Vec<Goal>,
}

/// A prediction: a command shown before it runs, and questions about what it will do.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The command (the block's shell lines).
    pub command: String,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// Where the block starts.
    pub line: usize,
}

/// A hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Hint {
    /// Its text.
    pub text: String,
    /// For a state hint: when it fires.
    pub when: Option<Condition>,
    /// Where it is written.
    pub line: usize,
}

/// An attempt that must leave a goal unmet and fire hint `hint` (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrong {
    /// The attempt, one step per statement.
    pub steps: Vec<String>,
    /// The hint it must fire, 1-based in the `hints` block.
    pub hint: usize,
    /// Where the block starts.
    pub line: usize,
}

/// A mistake in a lesson file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError {
    /// Line.
    pub line: usize,
    /// Column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

pub(super) fn error(line: usize, column: usize, message: impl Into<String>) -> LessonError {
    LessonError {
        line,
        column,
        message: message.into(),
    }
}

/// A short digest of a file's text (FNV-1a, 64 bits), so progress can tell that a lesson
/// changed since it was solved.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
