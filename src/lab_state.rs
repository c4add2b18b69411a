//! The playground page's state and its reducer, without the browser: the timeline, the active
//! console, the live-region announcement, the input history, the notice, the replay in
//! progress, and what each [`Action`] does to them (`LabState::apply`). `ui::store` hands it to
//! Yew; the native tests call it directly.

use crate::engine::kill::KillReport;
use crate::engine::operations::ConnId;
use crate::lessons::active::ActiveLesson;
use crate::playground::{Playground, Replay, SavedPlayground};
use crate::shell::{Outcome, Record};
use std::cell::RefCell;
use std::rc::Rc;

/// What the user can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Run text on a console.
    Run(ConnId, String),
    /// Load a scenario by id (replaces the timeline), showing step `.1` (its kill when `None`).
    Scenario(String, Option<usize>),
    /// One step back.
    Undo,
    /// One step forward.
    Redo,
    /// Show the board after N steps.
    GoTo(usize),
    /// Switch console tab.
    SelectConsole(ConnId),
    /// Start again from nothing.
    Reset,
    /// Replace the timeline with a saved one, replayed a slice at a time (see [`ReplayJob`]).
    Restore(Box<ReplayJob>),
    /// Run the next slice of the replay in progress.
    ReplaySlice,
    /// The lesson files the replay in progress waits for (to resume its lesson) were fetched,
    /// or could not be: then it finishes without the lesson, saying why.
    LessonFiles(Result<(), Notice>),
    /// Stop the replay in progress and start with an empty playground.
    CancelReplay,
    /// Remember an input in the history (also for inputs that did not parse).
    Remember(String),
    /// Show or clear the notice.
    Notify(Option<Notice>),
    /// The start (autosave, link, scenario or script) is loaded: from now on changes are saved.
    Started,
    /// A lesson: start one, answer its prediction, reveal a hint, show its solution, leave it.
    Lesson(LessonAction),
    /// Bring back branch `index` (the timeline shown becomes a branch in its place).
    BringBack(usize),
    /// The branches the autosave kept (restored with it).
    KeepBranches(Vec<Branch>),
    /// Go back to a timeline (a presenter's script, after trying the room's suggestion),
    /// showing its step `.1`: the timeline shown is kept as a branch unless it is that one.
    ReturnTo(Box<SavedPlayground>, usize),
    /// The code fetched on first use ([`crate::shell::on_demand`], with the commands') that an
    /// input or the replay waits for is installed, or could not be fetched (the page's
    /// sentence): the input runs, or is dropped saying so; the replay goes on, or offers to try
    /// again.
    CodeFetched(Result<(), String>),
    /// Fetch that code again after a failure, for the replay that waits for it.
    RetryCode,
    /// Stop waiting for that code: the input is not run (it stays in the history), the scenario
    /// is not loaded.
    CancelWait,
}

/// What reached a command or a shell method whose code is still to fetch
/// ([`crate::shell::on_demand`]), and
/// is done again once the code is here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waiting {
    /// An input on a console.
    Input(ConnId, String),
    /// A built-in scenario, by id, and the step to show (its kill when `None`).
    Scenario(String, Option<usize>),
}

/// The steps a run at an earlier step replaced: the whole timeline as it was, so bringing it
/// back is a replay like any other (a slice per browser task).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    /// Steps shared with the timeline it forked from.
    pub at: usize,
    /// The timeline as it was (shown at its last step when brought back).
    pub saved: SavedPlayground,
}

impl Branch {
    /// The first step of its own, in one line (for the timeline's list).
    pub fn first_step(&self) -> &str {
        self.saved
            .steps
            .get(self.at)
            .and_then(|(_, source)| source.lines().find(|l| !l.trim().is_empty()))
            .unwrap_or("")
            .trim()
    }

    /// How many steps of its own it has.
    pub fn own_steps(&self) -> usize {
        self.saved.steps.len().saturating_sub(self.at)
    }
}

/// Where a run may fork: the step shown, the first later step, the timeline as it was.
type ForkPoint = (usize, Rc<crate::playground::Step>, SavedPlayground);

/// The most branches kept (the oldest goes first).
pub const MAX_BRANCHES: usize = 10;

/// What a learner does in a lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LessonAction {
    /// Start a shipped lesson by id (replaces the timeline).
    Start(String),
    /// Answer the waiting prediction (one answer per question), which runs its command.
    Answer(Vec<String>),
    /// Reveal the next numbered hint.
    NextHint,
    /// Play the reference solution from the step shown.
    ShowSolution,
    /// Leave the lesson (the timeline stays).
    Leave,
}

impl Action {
    /// Whether the action changes what is autosaved: the timeline, the history, or the start
    /// being loaded (so a loaded start is saved once). A replay changes it when it is done.
    fn changes_saved(&self) -> bool {
        !matches!(
            self,
            Action::Notify(_)
                | Action::SelectConsole(_)
                | Action::Restore(_)
                | Action::ReplaySlice
                | Action::LessonFiles(_)
                | Action::KeepBranches(_)
                | Action::RetryCode
                | Action::CancelWait
        )
    }

    /// Whether the action acts on the timeline, which a replay in progress is about to replace.
    fn waits_for_replay(&self) -> bool {
        matches!(
            self,
            Action::Run(..)
                | Action::Undo
                | Action::Redo
                | Action::GoTo(_)
                | Action::Scenario(..)
                | Action::Reset
                | Action::Lesson(_)
                | Action::BringBack(_)
                | Action::ReturnTo(..)
        )
    }

    /// Whether the action changes the timeline (its steps or the step shown).
    fn moves_timeline(&self) -> bool {
        self.changes_saved()
            && !matches!(
                self,
                Action::Remember(_)
                    | Action::Started
                    | Action::Lesson(LessonAction::NextHint | LessonAction::Leave)
            )
    }
}

/// Work one replay slice may do, in units of the deployment's work count. A slice is one browser
/// task and runs at least one statement (a long step goes on in the next slice), so its length
/// is bounded by this plus one statement, or by parsing one input (the README reports the
/// longest tasks measured).
pub const SLICE_WORK: u64 = 2_500;
/// Steps one replay slice may run.
pub const SLICE_STEPS: usize = 40;

/// A saved playground being replayed (a link, a file, the autosave, a script): a slice runs per
/// browser task, the page shows progress and can cancel, and when it is done the playground
/// takes its place.
#[derive(Debug, Clone)]
pub struct ReplayJob {
    /// The replay; each slice advances it in place.
    pub replay: Rc<RefCell<Replay>>,
    /// The step to show when done (clamped to the steps); the saved one when `None`.
    pub show: Option<usize>,
    /// Shown when done.
    pub notice: Option<Notice>,
    /// Whether it replays the user's own autosave (so the page keeps it aside when cancelled).
    pub own_work: bool,
    /// The lesson in progress it was saved with, resumed when it is done.
    pub lesson: Option<crate::lessons::active::SavedLesson>,
}

impl ReplayJob {
    /// A job replaying `saved`.
    pub fn new(saved: SavedPlayground) -> Self {
        Self {
            replay: Rc::new(RefCell::new(Replay::new(saved))),
            show: None,
            notice: None,
            own_work: false,
            lesson: None,
        }
    }

    /// Steps done and to do.
    pub fn progress(&self) -> (usize, usize) {
        let replay = self.replay.borrow();
        (replay.done(), replay.total())
    }

    /// Whether a step reached a command whose code is still to fetch (see
    /// [`Replay::waits_for_code`]; [`Action::CodeFetched`] ends the wait).
    pub fn waits_for_code(&self) -> bool {
        self.replay.borrow().waits_for_code()
    }

    /// Whether its steps are done and it waits for the lesson files to resume its lesson (the
    /// browser fetches them on first use; [`Action::LessonFiles`] ends the wait).
    pub fn waits_for_lesson_files(&self) -> bool {
        let (done, total) = self.progress();
        done == total && self.lesson.is_some() && !crate::lessons::catalogue::is_loaded()
    }
}

impl PartialEq for ReplayJob {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.replay, &other.replay)
    }
}

/// A message above the board: a link that opened or did not, an import, a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// One or two sentences.
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
    /// Offer to bring back the work a link replaced.
    pub offer_previous: bool,
    /// Text to show for copying by hand (a link or an embed snippet).
    pub copyable: Option<String>,
}

impl Notice {
    /// A plain message.
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            error: false,
            offer_previous: false,
            copyable: None,
        }
    }

    /// A failure.
    pub fn error(text: impl Into<String>) -> Self {
        Self {
            error: true,
            ..Self::info(text)
        }
    }
}

/// The UI state.
#[derive(Debug, Clone)]
pub struct LabState {
    /// Steps and snapshots.
    pub playground: Playground,
    /// Active console.
    pub console: ConnId,
    /// Text for the live region.
    pub announcement: String,
    /// Inputs typed, oldest first.
    pub history: Vec<String>,
    /// Bumped on every change, so effects can tell changes apart.
    pub revision: u64,
    /// Bumped on every change of what is saved (the timeline and the history), so the autosave
    /// never writes because a notice appeared.
    pub changes: u64,
    /// The message shown above the board.
    pub notice: Option<Notice>,
    /// Whether the start is loaded; nothing is autosaved before, so a link that is still
    /// opening (or failed) never overwrites the saved work with an empty playground.
    pub started: bool,
    /// The replay in progress, if any.
    pub replay: Option<ReplayJob>,
    /// The built-in scenario the timeline was loaded from, named on screen until another
    /// timeline replaces it.
    pub scenario: Option<&'static crate::scenarios::Scenario>,
    /// The lesson being run on the timeline, if any.
    pub lesson: Option<ActiveLesson>,
    /// Timelines that a run at an earlier step forked from, newest last.
    pub branches: Vec<Branch>,
    /// What reached a command whose code is still to fetch, done once it is here.
    pub waiting: Option<Waiting>,
    /// Why that code could not be fetched, while the replay waits for it.
    pub code_failure: Option<String>,
}

impl Default for LabState {
    fn default() -> Self {
        Self {
            playground: Playground::default(),
            console: 1,
            announcement: String::new(),
            history: Vec::new(),
            revision: 0,
            changes: 0,
            notice: None,
            started: false,
            replay: None,
            scenario: None,
            lesson: None,
            branches: Vec::new(),
            waiting: None,
            code_failure: None,
        }
    }
}

impl PartialEq for LabState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

impl LabState {
    /// Whether an input or the replay waits for the code of a command fetched on first use
    /// (and it has not failed to come).
    pub fn waits_for_code(&self) -> bool {
        self.code_failure.is_none()
            && (self.waiting.is_some()
                || self.replay.as_ref().is_some_and(ReplayJob::waits_for_code))
    }

    /// Runs an input on `console` as a new step, or keeps it until the code of a command it
    /// reached is here; the history remembers it (once, when it is run again).
    fn run_input(&mut self, console: ConnId, source: String) {
        if self.history.last() != Some(&source) {
            self.history.push(source.clone());
        }
        if let Ok(records) = self.playground.try_run(console, &source) {
            self.announcement = Self::announce(&records);
            self.console = console;
        } else {
            "Loading the code of this command…".clone_into(&mut self.announcement);
            self.waiting = Some(Waiting::Input(console, source));
        }
    }

    /// What the arrival (or the failure) of the commands' code does.
    fn code_fetched(&mut self, fetched: Result<(), String>) {
        match fetched {
            Ok(()) => match self.waiting.take() {
                Some(Waiting::Input(console, source)) => self.run_input(console, source),
                Some(Waiting::Scenario(id, show)) => self.load_scenario(&id, show),
                None => {}
            },
            Err(why) => {
                if let Some(what) = self.stop_waiting() {
                    let notice = Notice::error(format!("{why} {what}"));
                    self.announcement.clone_from(&notice.text);
                    self.notice = Some(notice);
                }
                if self.replay.as_ref().is_some_and(ReplayJob::waits_for_code) {
                    self.announcement.clone_from(&why);
                    self.code_failure = Some(why);
                }
            }
        }
    }

    /// Drops what waits for the code of a command, saying what that means.
    fn stop_waiting(&mut self) -> Option<&'static str> {
        match self.waiting.take()? {
            Waiting::Input(..) => {
                Some("The command was not run; it is in the console's history (↑).")
            }
            Waiting::Scenario(..) => Some("The scenario was not loaded."),
        }
    }

    /// The kill report of the step shown, if that step ran a kill command.
    pub fn report_at_cursor(&self) -> Option<KillReport> {
        let cursor = self.playground.cursor();
        let step = self.playground.steps().get(cursor.checked_sub(1)?)?;
        step.records.iter().rev().find_map(|r| r.report.clone())
    }

    /// The step (counted from 1, as the cursor) of the timeline's last kill command, if any.
    pub fn kill_step(&self) -> Option<usize> {
        self.playground
            .steps()
            .iter()
            .rposition(|step| step.records.iter().any(|r| r.report.is_some()))
            .map(|index| index + 1)
    }

    /// Replaces the timeline with a built-in scenario's script on console 1, one step per
    /// top-level statement; returns false, changing nothing, when a step reached a command
    /// whose code is still to fetch.
    fn load_script(&mut self, script: &str) -> bool {
        let mut playground = Playground::default();
        if playground.try_run_script(1, script).is_err() {
            return false;
        }
        self.playground = playground;
        self.console = 1;
        self.branches.clear();
        true
    }

    /// Replaces the timeline with a built-in scenario, opened at its (last) kill with the
    /// verdicts showing, or at step `show`; the steps after it are a Redo away. One that reaches
    /// a command whose code is still to fetch waits for it, the timeline unchanged.
    fn load_scenario(&mut self, id: &str, show: Option<usize>) {
        let Some(scenario) = crate::scenarios::find(id) else {
            return;
        };
        if !self.load_script(scenario.script) {
            "Loading the code of a command this scenario runs…".clone_into(&mut self.announcement);
            self.waiting = Some(Waiting::Scenario(id.to_owned(), show));
            return;
        }
        self.scenario = Some(scenario);
        self.lesson = None;
        if let Some(kill) = self.kill_step() {
            self.playground.go_to(kill);
        }
        let last = self
            .playground
            .cursor()
            .checked_sub(1)
            .and_then(|i| self.playground.steps().get(i))
            .map(|s| s.records.clone())
            .unwrap_or_default();
        self.announcement = format!(
            "Scenario loaded: {}. {}",
            scenario.title,
            Self::announce(&last)
        );
        if let Some(step) = show {
            self.show_step(step);
        }
    }

    /// Stops the replay in progress: the playground starts empty (the page keeps the user's own
    /// work aside before it cancels a replay of it).
    fn cancel_replay(&mut self) {
        let Some(job) = self.replay.take() else {
            return;
        };
        self.code_failure = None;
        let (done, total) = job.progress();
        self.playground = Playground::default();
        self.console = 1;
        self.started = true;
        self.changes += 1;
        self.notice = Some(Notice {
            offer_previous: job.own_work,
            ..Notice::info(format!(
                "Stopped replaying after {done} of {total} step(s): this playground starts empty.{}",
                if job.own_work {
                    " Your saved work was kept aside."
                } else {
                    ""
                }
            ))
        });
    }

    /// Runs a slice of the replay in progress; when it is done the replayed playground takes
    /// the timeline's place.
    fn replay_slice(&mut self) {
        let Some(job) = self.replay.clone() else {
            return;
        };
        if job.waits_for_code() {
            return;
        }
        // The replayed playground takes the timeline's place in a task of its own: drawing it
        // is work too, and a slice has already used its share of the task.
        let (done, total) = job.progress();
        if done < total {
            job.replay.borrow_mut().run_for(SLICE_WORK, SLICE_STEPS);
            return;
        }
        if job.waits_for_lesson_files() {
            return;
        }
        self.replay = None;
        self.scenario = None;
        self.lesson = None;
        let mut playground = job.replay.borrow_mut().finish();
        if let Some(step) = job.show {
            playground.go_to(step);
        }
        self.announcement = format!("Loaded {} step(s).", playground.steps().len());
        self.playground = playground;
        self.console = 1;
        self.changes += 1;
        self.started = true;
        if let Some(saved) = &job.lesson {
            let resumed = crate::lessons::catalogue::runner()
                .ok_or_else(|| "the lesson files are not here".to_owned())
                .and_then(|runner| (runner.resume)(saved, &self.playground));
            match resumed {
                Ok(active) => self.lesson = Some(active),
                Err(why) => {
                    self.notice = Some(Notice::error(format!(
                        "The lesson in progress could not be resumed: {why}. Its timeline is kept."
                    )));
                }
            }
        }
        if let Some(notice) = job.notice {
            self.announcement.clone_from(&notice.text);
            self.notice = Some(notice);
        }
    }

    /// Shows the board after `step` steps (clamped to the timeline).
    fn show_step(&mut self, step: usize) {
        self.playground.go_to(step);
        self.announcement = format!(
            "Showing step {} of {}.",
            self.playground.cursor(),
            self.playground.steps().len()
        );
    }

    /// Where an action that runs something may fork: the step shown, the first later step and
    /// the timeline as it is (`None` when nothing comes after the step shown).
    fn fork_point(&self, action: &Action) -> Option<ForkPoint> {
        let forks = matches!(
            action,
            Action::Run(..)
                | Action::CodeFetched(_)
                | Action::Lesson(LessonAction::Answer(_) | LessonAction::ShowSolution)
        );
        let cursor = self.playground.cursor();
        let first = self.playground.steps().get(cursor).filter(|_| forks)?;
        Some((cursor, Rc::clone(first), self.playground.save()))
    }

    /// Keeps the later steps as a branch when the action replaced them.
    fn keep_replaced(&mut self, (at, first, mut saved): ForkPoint) {
        let replaced = !self
            .playground
            .steps()
            .get(at)
            .is_some_and(|step| Rc::ptr_eq(step, &first));
        if replaced {
            saved.cursor = saved.steps.len();
            self.keep_branch(Branch { at, saved });
        }
    }

    fn keep_branch(&mut self, branch: Branch) {
        if self.branches.len() == MAX_BRANCHES {
            self.branches.remove(0);
        }
        self.announcement = format!(
            "{} The {} step(s) you had after step {} are kept as a branch (Timeline › Branches).",
            self.announcement,
            branch.own_steps(),
            branch.at
        );
        self.branches.push(branch);
    }

    /// Brings back branch `index`: the timeline shown becomes a branch in its place, and the
    /// branch's timeline is replayed (a lesson in progress goes on, on the same setup).
    fn bring_back(&mut self, index: usize) {
        if index >= self.branches.len() {
            return;
        }
        let branch = self.branches.remove(index);
        let mut current = self.playground.save();
        current.cursor = current.steps.len();
        self.branches.push(Branch {
            at: branch.at,
            saved: current,
        });
        self.replay = Some(ReplayJob {
            notice: Some(Notice::info(format!(
                "Brought back the branch after step {}: {} step(s). What you had is kept as a branch.",
                branch.at,
                branch.own_steps()
            ))),
            lesson: self.lesson.as_ref().map(ActiveLesson::saved),
            ..ReplayJob::new(branch.saved)
        });
    }

    /// Goes back to `saved` at step `show`; what was tried meanwhile is kept as a branch.
    fn return_to(&mut self, saved: SavedPlayground, show: usize) {
        let mut current = self.playground.save();
        if current.steps == saved.steps {
            self.show_step(show);
            return;
        }
        // The branch that holds the script is the one coming back.
        self.branches
            .retain(|branch| branch.saved.steps != saved.steps);
        let at = current
            .steps
            .iter()
            .zip(&saved.steps)
            .take_while(|(a, b)| a == b)
            .count();
        current.cursor = current.steps.len();
        self.keep_branch(Branch { at, saved: current });
        self.replay = Some(ReplayJob {
            show: Some(show),
            notice: Some(Notice::info(format!(
                "Back to the script at step {show}. What you tried after step {at} is kept as a branch."
            ))),
            lesson: self.lesson.as_ref().map(ActiveLesson::saved),
            ..ReplayJob::new(saved)
        });
    }

    /// What a lesson action does.
    fn lesson_action(&mut self, action: LessonAction) {
        match action {
            LessonAction::Start(id) => {
                let Some((lesson, runner)) =
                    crate::lessons::catalogue::find(&id).zip(crate::lessons::catalogue::runner())
                else {
                    self.notice = Some(Notice::error(format!(
                        "There is no lesson called \"{id}\"."
                    )));
                    return;
                };
                match (runner.start)(lesson) {
                    Ok((active, playground)) => {
                        self.announcement = format!("Lesson started: {}.", active.lesson.title);
                        self.playground = playground;
                        self.console = active.lesson.task.console;
                        self.scenario = None;
                        self.lesson = Some(active);
                    }
                    Err(error) => {
                        self.notice = Some(Notice::error(format!(
                            "This lesson could not start: {error}"
                        )));
                    }
                }
            }
            LessonAction::Answer(answers) => {
                let (Some(lesson), Some(runner)) =
                    (self.lesson.as_mut(), crate::lessons::catalogue::runner())
                else {
                    return;
                };
                match (runner.answer)(lesson, &answers, &mut self.playground) {
                    Ok(()) => {
                        let reveal = lesson.reveals.last();
                        self.announcement = reveal.map_or_else(String::new, |r| {
                            format!("{} of {} predicted right.", r.right(), r.rows.len())
                        });
                    }
                    Err(error) => self.announcement = error,
                }
            }
            LessonAction::NextHint => {
                if let Some(lesson) = self.lesson.as_mut() {
                    lesson.next_hint();
                }
            }
            LessonAction::ShowSolution => {
                if let (Some(lesson), Some(runner)) =
                    (self.lesson.as_mut(), crate::lessons::catalogue::runner())
                {
                    (runner.show_solution)(lesson, &mut self.playground);
                    "The reference solution ran after your steps; step back to compare."
                        .clone_into(&mut self.announcement);
                }
            }
            LessonAction::Leave => {
                self.lesson = None;
                "Left the lesson; the timeline stays.".clone_into(&mut self.announcement);
            }
        }
    }

    fn announce(records: &[Record]) -> String {
        let Some(last) = records.last() else {
            return String::new();
        };
        if let Some(report) = records.iter().rev().find_map(|r| r.report.as_ref()) {
            let killed = report.killed();
            let survived = report.len() - killed;
            return format!(
                "{}: {killed} session(s) killed, {survived} survived.",
                report.command
            );
        }
        match &last.outcome {
            Outcome::Error(failure) => format!(
                "Error: {}",
                failure.text().lines().next().unwrap_or_default()
            ),
            Outcome::Value { text, .. } if !text.is_empty() => {
                format!("Result: {}", text.chars().take(120).collect::<String>())
            }
            Outcome::Value { .. } | Outcome::Silent => last
                .printed
                .first()
                .cloned()
                .unwrap_or_else(|| "Done.".to_owned()),
        }
    }
}

impl LabState {
    /// Why `action` must wait, if it acts on the timeline while something is about to replace
    /// it: the replay in progress, or what waits for the code of a command (the page says so
    /// instead of losing what the action did).
    fn must_wait(&self, action: &Action) -> Option<&'static str> {
        if !action.waits_for_replay() {
            None
        } else if self.waiting.is_some() {
            Some("Wait until the code of the command has loaded.")
        } else if self.replay.is_some() {
            Some("Wait until the replay is done, or cancel it.")
        } else {
            None
        }
    }

    /// The state after `action`: the reducer, a plain function the native tests call.
    #[must_use]
    pub fn apply(&self, action: Action) -> Self {
        let mut next = self.clone();
        next.revision += 1;
        if let Some(wait) = self.must_wait(&action) {
            wait.clone_into(&mut next.announcement);
            return next;
        }
        if action.changes_saved() {
            next.changes += 1;
        }
        if action.moves_timeline() && next.notice.as_ref().is_some_and(|n| n.copyable.is_some()) {
            // A copied link or snippet describes the board as it was: once the timeline moves it
            // would be a stale link shown next to a different board.
            next.notice = None;
        }
        if next.lesson.as_ref().is_some_and(ActiveLesson::blocks_input)
            && matches!(action, Action::Run(..) | Action::Redo)
        {
            "Answer the prediction first: the command runs once you have said what you expect."
                .clone_into(&mut next.announcement);
            return next;
        }
        let before = next.fork_point(&action);
        // (A scenario clears them once it is loaded: it may wait for code first.)
        if matches!(
            action,
            Action::Reset | Action::Lesson(LessonAction::Start(_))
        ) {
            next.branches.clear();
        }
        match action {
            Action::BringBack(index) => next.bring_back(index),
            Action::ReturnTo(saved, show) => next.return_to(*saved, show),
            Action::KeepBranches(mut branches) => {
                let excess = branches.len().saturating_sub(MAX_BRANCHES);
                branches.drain(..excess);
                next.branches = branches;
            }
            Action::Lesson(lesson_action) => next.lesson_action(lesson_action),
            Action::Run(console, source) => next.run_input(console, source),
            Action::CodeFetched(fetched) => next.code_fetched(fetched),
            Action::RetryCode => next.code_failure = None,
            Action::CancelWait => {
                if let Some(what) = next.stop_waiting() {
                    next.announcement = format!("Cancelled. {what}");
                }
            }
            Action::Remember(source) => {
                if next.history.last() != Some(&source) {
                    next.history.push(source);
                }
            }
            Action::ReplaySlice => next.replay_slice(),
            Action::LessonFiles(fetched) => {
                // Only a replay that resumes a lesson is concerned (another may have replaced
                // the one that asked for the files).
                let waiting = next.replay.as_mut().filter(|job| job.lesson.is_some());
                if let (Err(notice), Some(job)) = (fetched, waiting) {
                    job.lesson = None;
                    job.notice = Some(notice);
                }
            }
            Action::CancelReplay => next.cancel_replay(),
            Action::Started => next.started = true,
            Action::Notify(notice) => {
                if let Some(notice) = &notice {
                    next.announcement.clone_from(&notice.text);
                }
                next.notice = notice;
            }
            Action::Scenario(id, show) => next.load_scenario(&id, show),
            Action::Undo => next.show_step(next.playground.cursor().saturating_sub(1)),
            Action::Redo => next.show_step(next.playground.cursor() + 1),
            Action::GoTo(step) => next.show_step(step),
            Action::SelectConsole(console) => next.console = console,
            Action::Reset => {
                next = LabState {
                    revision: next.revision,
                    changes: next.changes,
                    started: next.started,
                    console: 1,
                    announcement: "Reset: a fresh deployment.".to_owned(),
                    ..LabState::default()
                };
            }
            Action::Restore(job) => {
                let (_, total) = job.progress();
                next.announcement = format!("Replaying {total} step(s)…");
                next.code_failure = None;
                // The replay starts in the next task, a slice per task: this one has decoded
                // the link or file already, and even a short link can hold a heavy step.
                next.replay = Some(*job);
            }
        }
        if let Some(before) = before {
            next.keep_replaced(before);
        }
        if !next
            .playground
            .shell()
            .connections()
            .contains(&next.console)
        {
            next.console = 1;
        }
        next
    }
}
