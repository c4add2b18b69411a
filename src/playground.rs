//! The playground's timeline, independent of any UI: each input run on a console is a step;
//! running something while an earlier step is shown forks the future. A playground saves as its
//! list of inputs and replays deterministically, so it need not keep the shell after every step:
//! it keeps the last [`RECENT_SNAPSHOTS`] and every [`CHECKPOINT_EVERY`]th, and rebuilds any
//! other by replaying at most `CHECKPOINT_EVERY - 1` steps from the checkpoint before it. Memory
//! grows with the steps divided by the checkpoint distance, not with their square (6,000 steps
//! that each add a session once took 4 GB). A snapshot shares with the one before it the parts
//! of the session tables the step did not write ([`crate::shared_map`]). Steps and snapshots
//! are shared (`Rc`), so cloning a playground (as a UI reducer does) is cheap.

use crate::engine::operations::ConnId;
use crate::engine::DeploymentOptions;
use crate::shell::{Execution, Outcome, Record, Shell};
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
    /// The most steps a playground may hold: a link, a scenario file or the autosave with more
    /// is refused, and "Copy link" says so instead of making a link the app would not open.
    pub const MAX_STEPS: usize = 1_000;

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

/// Snapshots of the latest steps that are always kept (undo and redo near the end are instant).
pub const RECENT_SNAPSHOTS: usize = 16;
/// Every this many steps a snapshot is kept for good.
pub const CHECKPOINT_EVERY: usize = 16;

/// Whether the timeline keeps the snapshot after `index` steps for good, when `last` is the
/// last step: a checkpoint, or one of the recent ones.
fn keeps_snapshot(index: usize, last: usize) -> bool {
    index % CHECKPOINT_EVERY == 0 || index + RECENT_SNAPSHOTS > last
}

/// A step reached a command or a shell method whose code the page has not fetched yet
/// ([`crate::shell::on_demand`]): what it did was discarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeNotHere;

/// A timeline of steps over a shell.
#[derive(Debug, Clone)]
pub struct Playground {
    options: DeploymentOptions,
    steps: Vec<Rc<Step>>,
    /// The shell after `i` steps, where kept; the one at `cursor` always is.
    snapshots: Vec<Option<Rc<Shell>>>,
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
            snapshots: vec![Some(Rc::new(Shell::new(options)))],
            cursor: 0,
        }
    }

    /// The shell as of the step shown.
    pub fn shell(&self) -> &Shell {
        self.current()
    }

    /// The shared snapshot of the step shown (cheap to hand to callbacks).
    pub fn shell_rc(&self) -> Rc<Shell> {
        Rc::clone(self.current())
    }

    fn current(&self) -> &Rc<Shell> {
        // `show` keeps the snapshot at the cursor; the first one is never dropped.
        self.snapshots[self.cursor]
            .as_ref()
            .or_else(|| self.snapshots[0].as_ref())
            .unwrap_or_else(|| unreachable!("the first snapshot is always kept"))
    }

    /// Moves the cursor, rebuilding the snapshot there from the closest earlier one if it was
    /// not kept.
    fn show(&mut self, step: usize) {
        self.cursor = step.min(self.steps.len());
        if self.snapshots[self.cursor].is_none() {
            self.snapshots[self.cursor] = Some(self.shell_after(self.cursor));
        }
    }

    /// The shell after `step` steps: the kept snapshot, or one rebuilt from the closest earlier
    /// one (not kept).
    pub fn shell_after(&self, step: usize) -> Rc<Shell> {
        let step = step.min(self.steps.len());
        if let Some(kept) = &self.snapshots[step] {
            return Rc::clone(kept);
        }
        let from = (0..step)
            .rev()
            .find(|i| self.snapshots[*i].is_some())
            .unwrap_or(0);
        let mut shell = self.snapshots[from]
            .as_deref()
            .cloned()
            .unwrap_or_else(|| Shell::new(self.options));
        for step in &self.steps[from..step] {
            shell.execute(step.console, &step.source);
        }
        Rc::new(shell)
    }

    /// Drops the snapshots that are neither recent, nor a checkpoint, nor shown.
    fn prune(&mut self) {
        let last = self.snapshots.len() - 1;
        for (i, snapshot) in self.snapshots.iter_mut().enumerate() {
            if !keeps_snapshot(i, last) && i != self.cursor {
                *snapshot = None;
            }
        }
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
    /// What a page runs before it has fetched the code of a command or method it reaches
    /// ([`crate::shell::on_demand`]) adds no step either, and returns nothing (a page
    /// fetches that code first; natively it is always here).
    pub fn run(&mut self, console: ConnId, source: &str) -> Vec<Record> {
        self.try_run(console, source).unwrap_or_default()
    }

    /// [`Playground::run`], or [`CodeNotHere`] when `source` reached a command whose code is
    /// still to fetch: then nothing changed, and running it again once the code is installed
    /// gives the step it would have given with the code there from the start.
    ///
    /// # Errors
    /// [`CodeNotHere`], as said.
    pub fn try_run(&mut self, console: ConnId, source: &str) -> Result<Vec<Record>, CodeNotHere> {
        let mut shell = Shell::clone(self.shell());
        let records = shell.execute(console, source);
        if shell.deployment.missed_code() {
            return Err(CodeNotHere);
        }
        if is_syntax_error(&records) {
            return Ok(records);
        }
        self.steps.truncate(self.cursor);
        self.snapshots.truncate(self.cursor + 1);
        self.steps.push(Rc::new(Step {
            console,
            source: source.to_owned(),
            records: records.clone(),
        }));
        self.snapshots.push(Some(Rc::new(shell)));
        self.cursor += 1;
        self.prune();
        Ok(records)
    }

    /// Shows one step earlier. Returns whether anything changed.
    pub fn undo(&mut self) -> bool {
        let moved = self.cursor > 0;
        self.show(self.cursor.saturating_sub(1));
        moved
    }

    /// Shows one step later. Returns whether anything changed.
    pub fn redo(&mut self) -> bool {
        let moved = self.cursor < self.steps.len();
        self.show(self.cursor + 1);
        moved
    }

    /// Shows the board after `step` steps.
    pub fn go_to(&mut self, step: usize) {
        self.show(step);
    }

    /// How many snapshots are held (for the memory figures and tests).
    pub fn snapshots_held(&self) -> usize {
        self.snapshots.iter().flatten().count()
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

    /// Replays a saved playground, all at once (see [`Replay`] for a few steps at a time).
    pub fn restore(saved: &SavedPlayground) -> Self {
        let mut replay = Replay::new(saved.clone());
        while replay.step() {}
        replay.finish()
    }

    /// Runs a script statement by statement, one step per top-level statement, all on
    /// `console` (as the scenario menu does, so each statement can be undone). It stops at a
    /// step that reaches a command whose code is still to fetch (see [`Playground::try_run`]).
    pub fn run_script(&mut self, console: ConnId, script: &str) {
        let _stopped = self.try_run_script(console, script);
    }

    /// [`Playground::run_script`], saying whether it stopped at a step that reached a command
    /// whose code is still to fetch (the steps before it stay).
    ///
    /// # Errors
    /// [`CodeNotHere`], as said.
    pub fn try_run_script(&mut self, console: ConnId, script: &str) -> Result<(), CodeNotHere> {
        for step in script_steps(script) {
            self.try_run(console, &step)?;
        }
        Ok(())
    }
}

/// A saved playground being replayed a few statements at a time, so that a page can stay
/// responsive, show progress and offer to cancel. Steps run in place on one working shell, which
/// is copied only where the timeline keeps a snapshot, so a replay costs the steps' own work plus
/// one copy every [`CHECKPOINT_EVERY`] steps.
#[derive(Debug)]
pub struct Replay {
    saved: SavedPlayground,
    playground: Playground,
    working: Shell,
    /// The next saved step to start.
    next: usize,
    /// The step started and not done yet.
    running: Option<(ConnId, Execution)>,
    /// Whether a step reached a command whose code was still to fetch: the replay then starts
    /// again from nothing once it is installed (see [`Replay::waits_for_code`]).
    waiting: bool,
}

impl Replay {
    /// A replay of `saved`, nothing run yet.
    pub fn new(saved: SavedPlayground) -> Self {
        let options = DeploymentOptions {
            seed: saved.seed,
            ..DeploymentOptions::default()
        };
        Self {
            saved,
            playground: Playground::new(options),
            working: Shell::new(options),
            next: 0,
            running: None,
            waiting: false,
        }
    }

    /// Whether it waits for the code of a command or method fetched on first use
    /// ([`crate::shell::on_demand`]): a step reached one before the page had it. What it had
    /// replayed was discarded, and it starts again from the first step once the code is
    /// installed (a prefix run twice, once per page at most, instead of a copy of the shell
    /// before every step).
    pub fn waits_for_code(&self) -> bool {
        self.waiting && !crate::shell::on_demand::is_installed()
    }

    /// The wait is over once the code is here; false while it is not.
    fn ready(&mut self) -> bool {
        if self.waits_for_code() {
            return false;
        }
        self.waiting = false;
        true
    }

    /// Steps done so far, of [`Replay::total`].
    pub fn done(&self) -> usize {
        self.next - usize::from(self.running.is_some())
    }

    /// Steps to run.
    pub fn total(&self) -> usize {
        self.saved.steps.len()
    }

    /// Whether every step is done.
    pub fn is_complete(&self) -> bool {
        self.done() >= self.total()
    }

    /// Runs the next step to its end; false when there was none left.
    pub fn step(&mut self) -> bool {
        if !self.ready() || (self.running.is_none() && !self.start_step()) {
            return false;
        }
        self.proceed(u64::MAX);
        !self.waiting
    }

    /// Runs statements until `work` units of work (see [`crate::engine::Deployment::work`]) are
    /// done or `steps` steps have ended, at least one statement; true when the replay is
    /// complete. A page calls it once per task, so no task runs much longer than a slice: a long
    /// step goes on in the next call. Parsing a step pays for its bytes; when that uses up the
    /// slice, its statements start in the next call.
    pub fn run_for(&mut self, work: u64, steps: usize) -> bool {
        if !self.ready() {
            return false;
        }
        let start = self.working.deployment.work();
        let spent = |replay: &Self| replay.working.deployment.work().saturating_sub(start);
        let mut ended = 0;
        while ended < steps.max(1) {
            if self.running.is_none() {
                if !self.start_step() {
                    break;
                }
                if spent(self) >= work {
                    break;
                }
            }
            if self.proceed(work.saturating_sub(spent(self))) {
                ended += 1;
            }
            if self.waiting || spent(self) >= work {
                break;
            }
        }
        self.is_complete()
    }

    /// Starts the next saved step; false when there is none.
    fn start_step(&mut self) -> bool {
        let Some((console, source)) = self.saved.steps.get(self.next) else {
            return false;
        };
        self.next += 1;
        let execution = self.working.begin(*console, source.clone());
        self.running = Some((*console, execution));
        true
    }

    /// Runs the step in progress for `work` units (at least one statement); when it is done,
    /// it joins the timeline. True when it is done.
    fn proceed(&mut self, work: u64) -> bool {
        let Some((console, execution)) = self.running.as_mut() else {
            return true;
        };
        let done = self.working.proceed(execution, work);
        if self.working.deployment.missed_code() {
            *self = Self {
                waiting: true,
                ..Self::new(self.saved.clone())
            };
            return false;
        }
        if !done {
            return false;
        }
        let console = *console;
        let Some((_, execution)) = self.running.take() else {
            return true;
        };
        let (source, records) = execution.into_parts();
        if is_syntax_error(&records) {
            return true;
        }
        let playground = &mut self.playground;
        playground.steps.push(Rc::new(Step {
            console,
            source,
            records,
        }));
        // The steps still to run count as if each adds a step (one that does not parse adds none).
        let index = playground.steps.len();
        let keep = keeps_snapshot(index, index + self.saved.steps.len() - self.next);
        playground
            .snapshots
            .push(keep.then(|| Rc::new(self.working.clone())));
        true
    }

    /// The replayed playground, showing the saved step (the steps not run yet are left out).
    /// The replay is left empty.
    pub fn finish(&mut self) -> Playground {
        // A step already started ends first: it is part of the working shell's state.
        self.proceed(u64::MAX);
        let mut playground = std::mem::take(&mut self.playground);
        let working = std::mem::take(&mut self.working);
        let end = playground.steps.len();
        if playground.snapshots[end].is_none() {
            playground.snapshots[end] = Some(Rc::new(working));
        }
        playground.cursor = end;
        playground.go_to(self.saved.cursor);
        playground
    }
}

fn is_syntax_error(records: &[Record]) -> bool {
    matches!(records, [r] if matches!(&r.outcome, Outcome::Error(crate::shell::Failure::Shell { error, .. }) if error.kind == crate::shell::ErrorKind::Syntax))
}

/// A script's steps: the text of each top-level statement with the comment lines written above
/// it (captions and presenter directives belong to the statement they introduce), or the whole
/// text when it does not parse (so the error shows where it is). A comment on a statement's own
/// line stays with it, and comments after the last statement join the last step.
pub fn script_steps(script: &str) -> Vec<String> {
    let Ok(statements) = crate::shell::parser::parse_program(script) else {
        return vec![script.to_owned()];
    };
    let ends: Vec<usize> = statements
        .iter()
        .map(|statement| line_end(script, statement.span.end))
        .collect();
    let mut steps = Vec::with_capacity(statements.len());
    let mut from = 0;
    for (i, statement) in statements.iter().enumerate() {
        let last = i + 1 == statements.len();
        let end = if last { script.len() } else { ends[i] };
        let leading = script[from..statement.span.start]
            .trim_start_matches(|c: char| c.is_whitespace() || c == ';');
        let text = format!("{leading}{}", &script[statement.span.start..end]);
        steps.push(text.trim_end().to_owned());
        from = end;
    }
    steps
}

/// The end of the line `offset` is on, when only a comment follows on it (else `offset`).
fn line_end(script: &str, offset: usize) -> usize {
    let rest = &script[offset..];
    let line = rest.find('\n').map_or(rest, |n| &rest[..n]);
    let after = line.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
    if after.is_empty() || after.starts_with("//") {
        offset + line.len()
    } else {
        offset
    }
}
