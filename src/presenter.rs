//! Presenter mode's script, without the browser: what a trainer's step says besides its command
//! (the plain comments above it are captions for the room, `//! note <text>` lines are speaker
//! notes, `//! pause <question>` stops before the step to ask the room), the clicker's rules
//! (Next stops at a pause first; Reveal runs the paused step), and the cue the notes window
//! follows.
//!
//! A step is a script statement with the comment lines written above it
//! ([`crate::playground::script_steps`]), so the directives travel with their step through
//! links, files and forks, and the step still pastes into a real mongosh.

use crate::playground::Playground;
use serde::{Deserialize, Serialize};

/// A step's text, split into what the room, the presenter and the shell see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepScript {
    /// Plain comment lines, shown as captions.
    pub captions: Vec<String>,
    /// `//! note` lines: for the presenter only (the notes window).
    pub notes: Vec<String>,
    /// The `//! pause` question, if the step stops to ask the room first.
    pub pause: Option<String>,
    /// The command lines, as the shell reads them (comments left out).
    pub command: String,
}

impl StepScript {
    /// Reads a step's text.
    pub fn of(source: &str) -> Self {
        let mut script = Self::default();
        let mut command = Vec::new();
        for line in source.lines() {
            let trimmed = line.trim();
            if let Some(directive) = trimmed.strip_prefix("//!") {
                let directive = directive.trim();
                if let Some(note) = directive.strip_prefix("note") {
                    script.notes.push(note.trim().to_owned());
                } else if let Some(question) = directive.strip_prefix("pause") {
                    script.pause = Some(question.trim().to_owned());
                }
                // Other directives (a lesson's `//! hide`) are not the room's business.
            } else if let Some(caption) = trimmed.strip_prefix("//") {
                script.captions.push(caption.trim().to_owned());
            } else if !trimmed.is_empty() || !command.is_empty() {
                command.push(line);
            }
        }
        let command = command.join("\n");
        Self {
            command: command.trim_end().to_owned(),
            ..script
        }
    }
}

/// A step's text without its `//!` directive lines: what a transcript shows (a presenter's
/// notes and questions are not the audience's).
pub fn without_directives(source: &str) -> String {
    source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the clicker's Next does from where the timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextMove {
    /// Nothing: the script is over.
    End,
    /// Stop before the next step and ask its question (the board stays as it is).
    Pause,
    /// Show the next step.
    Step,
}

/// Next's move: a step with a `//! pause` stops first, unless it is already waiting.
pub fn next_move(playground: &Playground, waiting: bool) -> NextMove {
    match playground.steps().get(playground.cursor()) {
        None => NextMove::End,
        Some(step) if !waiting && StepScript::of(&step.source).pause.is_some() => NextMove::Pause,
        Some(_) => NextMove::Step,
    }
}

/// What the notes window shows: sent by the presenter over a `BroadcastChannel` after every
/// move.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// Steps applied to the board.
    pub step: usize,
    /// Steps in the timeline.
    pub total: usize,
    /// Whether the presenter waits at a `//! pause` (the step shown next is not run yet).
    pub waiting: bool,
    /// The question asked when waiting.
    pub question: Option<String>,
    /// Captions of the step shown (or of the paused one).
    pub captions: Vec<String>,
    /// The command shown.
    pub command: String,
    /// Speaker notes of the step shown (or of the paused one).
    pub notes: Vec<String>,
    /// The command of the step that Next runs, if any.
    pub next: Option<String>,
    /// Whether the presenter is trying the room's suggestion, off the script.
    pub off_script: bool,
}

impl Cue {
    /// The cue of a playground: the step shown, or the paused step when `waiting`.
    pub fn of(playground: &Playground, waiting: bool, off_script: bool) -> Self {
        let steps = playground.steps();
        let cursor = playground.cursor();
        let shown = if waiting {
            steps.get(cursor)
        } else {
            cursor.checked_sub(1).and_then(|i| steps.get(i))
        };
        let script = shown.map(|s| StepScript::of(&s.source)).unwrap_or_default();
        let next_index = if waiting { cursor + 1 } else { cursor };
        Self {
            step: cursor,
            total: steps.len(),
            waiting,
            question: script.pause.clone().filter(|_| waiting),
            captions: script.captions,
            command: script.command,
            notes: script.notes,
            next: steps
                .get(next_index)
                .map(|s| StepScript::of(&s.source).command),
            off_script,
        }
    }
}
