//! The playground's timeline, independent of any UI: each input run on a console is a step;
//! the shell state after every step is kept, so undo, redo and "show the board as it was at
//! step N" are instant, and running something while an earlier step is shown forks the future.
//! A playground saves as its list of inputs and replays deterministically. Steps and snapshots
//! are shared (`Rc`), so cloning a playground (as a UI reducer does) is cheap.

use crate::engine::operations::ConnId;
use crate::engine::DeploymentOptions;
use crate::shell::{Outcome, Record, Shell};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// One executed input.
#[derive(Debug, Clone)]
pub struct Step {
    /// The console (connection) it ran on.
    pub console: ConnId,
    /// The text typed.
    pub source: String,
    /// One record per statement.
    pub records: Vec<Record>,
}

/// What is saved: the inputs, the step shown, and the settings needed to replay them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPlayground {
    /// `[console, source]` per step.
    pub steps: Vec<(ConnId, String)>,
    /// How many steps are applied to the board.
    pub cursor: usize,
    /// Seed of the id source.
    #[serde(default = "SavedPlayground::default_seed")]
    pub seed: u64,
}

impl SavedPlayground {
    /// The id seed a fresh playground uses.
    pub fn default_seed() -> u64 {
        DeploymentOptions::default().seed
    }

    /// The saved form as a BSON document (`{ steps: [[console, source], …], cursor, seed }`),
    /// for storage that should not need a JSON library.
    pub fn to_document(&self) -> bson::Document {
        let steps: Vec<bson::Bson> = self
            .steps
            .iter()
            .map(|(console, source)| {
                bson::Bson::Array(vec![
                    bson::Bson::Int64(i64::from(*console)),
                    bson::Bson::String(source.clone()),
                ])
            })
            .collect();
        bson::doc! {
            "steps": steps,
            "cursor": i64::try_from(self.cursor).unwrap_or(i64::MAX),
            "seed": bson::Bson::Int64(i64::from_ne_bytes(self.seed.to_ne_bytes())),
        }
    }

    /// Reads [`SavedPlayground::to_document`]'s form back; `None` when it is not that form.
    pub fn from_document(doc: &bson::Document) -> Option<Self> {
        let steps = doc
            .get_array("steps")
            .ok()?
            .iter()
            .map(|step| match step.as_array()?.as_slice() {
                [bson::Bson::Int64(console), bson::Bson::String(source)] => {
                    Some((ConnId::try_from(*console).ok()?, source.clone()))
                }
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let cursor = usize::try_from(doc.get_i64("cursor").ok()?)
            .ok()?
            .min(steps.len());
        let seed = u64::from_ne_bytes(doc.get_i64("seed").ok()?.to_ne_bytes());
        Some(Self {
            steps,
            cursor,
            seed,
        })
    }
}

/// A timeline of steps over a shell.
#[derive(Debug, Clone)]
pub struct Playground {
    options: DeploymentOptions,
    steps: Vec<Rc<Step>>,
    snapshots: Vec<Rc<Shell>>,
    cursor: usize,
}

impl Default for Playground {
    fn default() -> Self {
        Self::new(DeploymentOptions::default())
    }
}

impl Playground {
    /// An empty timeline over a fresh deployment.
    pub fn new(options: DeploymentOptions) -> Self {
        Self {
            options,
            steps: Vec::new(),
            snapshots: vec![Rc::new(Shell::new(options))],
            cursor: 0,
        }
    }

    /// The shell as of the step shown.
    pub fn shell(&self) -> &Shell {
        &self.snapshots[self.cursor]
    }

    /// The shared snapshot of the step shown (cheap to hand to callbacks).
    pub fn shell_rc(&self) -> Rc<Shell> {
        Rc::clone(&self.snapshots[self.cursor])
    }

    /// Steps applied to the board (`0` = nothing run yet).
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// All steps, including undone ones that can be redone.
    pub fn steps(&self) -> &[Rc<Step>] {
        &self.steps
    }

    /// Runs `source` on `console` after the step shown (dropping any undone future). A script
    /// that does not parse runs nothing, adds no step, and returns its syntax error record.
    pub fn run(&mut self, console: ConnId, source: &str) -> Vec<Record> {
        let mut shell = Shell::clone(self.shell());
        let records = shell.execute(console, source);
        let is_syntax_error = matches!(records.as_slice(), [r] if matches!(&r.outcome, Outcome::Error(crate::shell::Failure::Shell { error, .. }) if error.kind == crate::shell::ErrorKind::Syntax));
        if is_syntax_error {
            return records;
        }
        self.steps.truncate(self.cursor);
        self.snapshots.truncate(self.cursor + 1);
        self.steps.push(Rc::new(Step {
            console,
            source: source.to_owned(),
            records: records.clone(),
        }));
        self.snapshots.push(Rc::new(shell));
        self.cursor += 1;
        records
    }

    /// Shows one step earlier. Returns whether anything changed.
    pub fn undo(&mut self) -> bool {
        let moved = self.cursor > 0;
        self.cursor = self.cursor.saturating_sub(1);
        moved
    }

    /// Shows one step later. Returns whether anything changed.
    pub fn redo(&mut self) -> bool {
        let moved = self.cursor < self.steps.len();
        self.cursor = (self.cursor + 1).min(self.steps.len());
        moved
    }

    /// Shows the board after `step` steps.
    pub fn go_to(&mut self, step: usize) {
        self.cursor = step.min(self.steps.len());
    }

    /// What to save.
    pub fn save(&self) -> SavedPlayground {
        SavedPlayground {
            steps: self
                .steps
                .iter()
                .map(|s| (s.console, s.source.clone()))
                .collect(),
            cursor: self.cursor,
            seed: self.options.seed,
        }
    }

    /// Replays a saved playground.
    pub fn restore(saved: &SavedPlayground) -> Self {
        let mut playground = Self::new(DeploymentOptions {
            seed: saved.seed,
            ..DeploymentOptions::default()
        });
        for (console, source) in &saved.steps {
            playground.run(*console, source);
        }
        playground.go_to(saved.cursor);
        playground
    }

    /// Runs a script statement by statement, one step per top-level statement, all on
    /// `console` (as the scenario menu does, so each statement can be undone).
    pub fn run_script(&mut self, console: ConnId, script: &str) {
        for step in script_steps(script) {
            self.run(console, &step);
        }
    }
}

/// A script's steps: the text of each top-level statement, or the whole text when it does not
/// parse (so the error shows where it is).
pub fn script_steps(script: &str) -> Vec<String> {
    match crate::shell::parser::parse_program(script) {
        Ok(statements) => statements
            .into_iter()
            .map(|statement| script[statement.span].to_owned())
            .collect(),
        Err(_) => vec![script.to_owned()],
    }
}
