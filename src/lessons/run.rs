//! A lesson on a playground, the same for the learner's browser and for the checker: the
//! setup run step by step, predictions run with their keys computed, the task's start kept,
//! and the checklist and the state hints computed from the engine after every command.

use super::checklist::{self, GoalResult, TaskState};
use super::format::Lesson;
use super::predict::{self, Reveal};
use crate::engine::DeploymentOptions;
use crate::playground::Playground;
use crate::shell::Shell;
use std::rc::Rc;

/// How a run starts: the id seed, and whether decoy sessions of an extra user are added after
/// the setup (the checker's variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    /// Seed of the id source.
    pub seed: u64,
    /// Add decoy sessions of a user the lesson never names.
    pub decoys: bool,
}

impl Default for Variant {
    fn default() -> Self {
        Self {
            seed: DeploymentOptions::default().seed,
            decoys: false,
        }
    }
}

/// The script that adds a decoy user's sessions (a transaction in progress and an open cursor)
/// without touching anything else; access control is switched off for its `createUser` and back.
fn decoy_script(auth_on: bool) -> String {
    let (off, on) = if auth_on {
        ("lab.setAuth(false)\n", "lab.setAuth(true)\n")
    } else {
        ("", "")
    };
    format!(
        r#"{off}const __decoyConn = new Mongo()
__decoyConn.getDB("decoys").createUser({{ user: "decoy", pwd: "decoy", roles: ["readWrite"] }})
{on}__decoyConn.getDB("decoys").auth("decoy", "decoy")
__decoyConn.getDB("decoys").d.insertMany([{{ n: 1 }}, {{ n: 2 }}])
const __decoyTxn = __decoyConn.startSession()
__decoyTxn.startTransaction()
__decoyTxn.getDatabase("decoys").d.insertOne({{ n: 3 }})
const __decoyRead = __decoyConn.startSession()
const __decoyCursor = __decoyRead.getDatabase("decoys").d.find().batchSize(1)
__decoyCursor.next()
"#
    )
}

/// Runs the setup (and, for a variant, the decoys) on a fresh playground.
///
/// # Errors
/// The first setup step that failed, with its output.
pub fn set_up(lesson: &Lesson, variant: Variant) -> Result<Playground, String> {
    let mut playground = Playground::new(DeploymentOptions {
        seed: variant.seed,
        ..DeploymentOptions::default()
    });
    for step in &lesson.setup {
        run_checked(&mut playground, &step.source, "setup")?;
    }
    if variant.decoys {
        let auth = playground.shell().deployment.auth_enabled();
        for step in crate::playground::script_steps(&decoy_script(auth)) {
            run_checked(&mut playground, &step, "decoy setup")?;
        }
    }
    Ok(playground)
}

/// Runs one input, refusing it when a statement fails.
fn run_checked(playground: &mut Playground, source: &str, what: &str) -> Result<(), String> {
    let records = playground.run(1, source);
    match records.iter().find(|r| r.is_error()) {
        Some(failed) => Err(format!(
            "{what} step {} failed: `{}` → {}",
            playground.cursor(),
            failed.source.lines().next().unwrap_or(""),
            failed.output().trim()
        )),
        None => Ok(()),
    }
}

/// Runs prediction `index`'s command on `console` with the learner's answers, and reveals.
///
/// # Errors
/// A question the engine could not answer.
pub fn run_prediction(
    lesson: &Lesson,
    index: usize,
    answers: &[String],
    playground: &mut Playground,
) -> Result<Reveal, String> {
    let prediction = &lesson.predictions[index];
    let records = playground.run(lesson.task.console, &prediction.command);
    Reveal::new(
        &prediction.command,
        &prediction.questions,
        answers,
        &records,
        playground.shell(),
    )
}

/// Runs every prediction with "not sure" for each question (the checker's way to compute the
/// keys), returning the reveals.
///
/// # Errors
/// The first question the engine could not answer.
pub fn run_all_predictions(
    lesson: &Lesson,
    playground: &mut Playground,
) -> Result<Vec<Reveal>, String> {
    (0..lesson.predictions.len())
        .map(|index| {
            let answers =
                vec![predict::NOT_SURE.to_owned(); lesson.predictions[index].questions.len()];
            run_prediction(lesson, index, &answers, playground).map_err(|e| {
                format!(
                    "prediction {} (line {}): {e}",
                    index + 1,
                    lesson.predictions[index].line
                )
            })
        })
        .collect()
}

/// Where the task starts on a playground, and the shell at that point.
#[derive(Debug, Clone)]
pub struct TaskStart {
    /// Steps before the task.
    pub step: usize,
    /// The shell when the task started.
    pub shell: Rc<Shell>,
}

impl TaskStart {
    /// The task starts at the playground's current step.
    pub fn here(playground: &Playground) -> Self {
        Self {
            step: playground.cursor(),
            shell: playground.shell_rc(),
        }
    }
}

/// The checklist and the hints that fire, after the step shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// One result per goal line.
    pub goals: Vec<GoalResult>,
    /// Indexes (0-based) of the state hints whose condition holds.
    pub fired: Vec<usize>,
    /// Every goal holds.
    pub solved: bool,
    /// Commands run since the task started.
    pub commands: usize,
}

impl Progress {
    /// The goal lines that do not hold, as written.
    pub fn unmet(&self) -> Vec<&str> {
        self.goals
            .iter()
            .filter(|g| !g.met)
            .map(|g| g.text.as_str())
            .collect()
    }
}

/// The task's checklist as of the playground's step shown.
pub fn progress(lesson: &Lesson, playground: &Playground, start: &TaskStart) -> Progress {
    let cursor = playground.cursor();
    let steps = &playground.steps()[start.step.min(cursor)..cursor];
    let state = TaskState {
        start: &start.shell,
        now: playground.shell(),
        steps,
        first_step: start.step + 1,
    };
    let goals = checklist::evaluate(&lesson.task.goals, &state);
    let solved = cursor >= start.step && goals.iter().all(|g| g.met);
    let fired = if solved || steps.is_empty() {
        Vec::new()
    } else {
        lesson
            .hints
            .iter()
            .enumerate()
            .filter_map(|(i, hint)| hint.when.as_ref().map(|when| (i, when)))
            .filter(|(_, when)| checklist::condition_holds(when, &lesson.task.goals, &state))
            .map(|(i, _)| i)
            .collect()
    };
    Progress {
        goals,
        fired,
        solved,
        commands: steps.iter().map(|s| s.records.len()).sum(),
    }
}

/// Runs a list of inputs on the task's console.
pub fn run_steps(lesson: &Lesson, playground: &mut Playground, steps: &[String]) {
    for step in steps {
        playground.run(lesson.task.console, step);
    }
}
