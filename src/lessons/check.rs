//! The checker for authors and CI (`sessionlab lesson check`): the setup runs; every
//! prediction has an engine answer; every name used exists; the task starts unsolved; the
//! solution solves it; every `wrong` attempt leaves a goal unmet and fires its hint; the
//! solution still solves it with other id seeds and with decoy sessions of an extra user. It
//! uses the same code as the learner's checklist ([`super::run`]).

use super::format::Lesson;
use super::goals::{Condition, GoalKind, Selector};
use super::run::{self, TaskStart, Variant};
use crate::playground::Playground;

/// Pass or fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It holds.
    Pass,
    /// It does not.
    Fail,
}

impl Status {
    /// `pass` or `fail`.
    pub fn code(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
        }
    }
}

/// One check of a lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What is checked (`solution solves the task`).
    pub name: String,
    /// Its status.
    pub status: Status,
    /// What was found (empty when it passed and there is nothing to add).
    pub message: String,
}

/// The id seeds of the variants, besides the default one.
pub const VARIANT_SEEDS: [u64; 3] = [7, 1_234_567, 0x5e55_10a5];

/// Checks a lesson; the checks in order, stopping at the first that fails (later ones would
/// only repeat it).
pub fn check(lesson: &Lesson) -> Vec<Check> {
    let mut checks = Vec::new();
    let mut record = |name: &str, result: Result<String, String>| {
        let ok = result.is_ok();
        checks.push(Check {
            name: name.to_owned(),
            status: if ok { Status::Pass } else { Status::Fail },
            message: result.unwrap_or_else(|e| e),
        });
        ok
    };
    let _ = record(
        "the setup runs",
        set_up_task(lesson, Variant::default()).map(|_| String::new()),
    ) && record("every prediction has an engine answer", predictions(lesson))
        && record("every name used exists", names(lesson))
        && record("the task starts unsolved", starts_unsolved(lesson))
        && record(
            "the solution solves the task",
            solves(lesson, Variant::default()),
        )
        && lesson.wrong.iter().enumerate().all(|(i, _)| {
            record(
                &format!("wrong attempt {} fails and fires its hint", i + 1),
                wrong(lesson, i),
            )
        })
        && record("the solution solves the variants", variants(lesson));
    checks
}

/// Whether every check passed.
pub fn passed(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.status == Status::Pass)
}

/// The playground at the task's start: setup, then every prediction's command.
fn set_up_task(lesson: &Lesson, variant: Variant) -> Result<(Playground, TaskStart), String> {
    let mut playground = run::set_up(lesson, variant)?;
    run::run_all_predictions(lesson, &mut playground)?;
    let start = TaskStart::here(&playground);
    Ok((playground, start))
}

fn predictions(lesson: &Lesson) -> Result<String, String> {
    let mut playground = run::set_up(lesson, Variant::default())?;
    let reveals = run::run_all_predictions(lesson, &mut playground)?;
    let keys: Vec<String> = reveals
        .iter()
        .flat_map(|r| r.rows.iter().map(|row| row.engine.clone()))
        .collect();
    Ok(if keys.is_empty() {
        "no predictions".to_owned()
    } else {
        format!("keys: {}", keys.join(" | "))
    })
}

fn names(lesson: &Lesson) -> Result<String, String> {
    let (mut playground, start) = set_up_task(lesson, Variant::default())?;
    let at_start = playground.shell().variable_names();
    run::run_steps(lesson, &mut playground, &lesson.solution);
    let after = playground.shell().variable_names();
    let known = |name: &str| at_start.iter().chain(&after).any(|n| n == name);
    let mut used: Vec<(String, String)> = Vec::new();
    let mut add_kind = |kind: &GoalKind, where_: String| match kind {
        GoalKind::Cursor(name, _) | GoalKind::Op(name, _) => used.push((name.clone(), where_)),
        other => {
            if let Some(Selector::Binding(name)) = other.selector() {
                used.push((name.clone(), where_));
            }
        }
    };
    for goal in &lesson.task.goals {
        add_kind(&goal.kind, format!("goal \"{}\"", goal.text));
    }
    for (i, hint) in lesson.hints.iter().enumerate() {
        if let Some(Condition::Holds(kind)) = &hint.when {
            add_kind(kind, format!("hint {}", i + 1));
        }
    }
    for (i, prediction) in lesson.predictions.iter().enumerate() {
        for question in &prediction.questions {
            if let Some(session) = question.session() {
                used.push((session.to_owned(), format!("prediction {}", i + 1)));
            }
        }
    }
    let missing: Vec<String> = used
        .iter()
        .filter(|(name, _)| !known(name))
        .map(|(name, where_)| {
            format!("{where_} names {name}, which neither the setup nor the solution defines")
        })
        .collect();
    drop(start);
    if missing.is_empty() {
        Ok(String::new())
    } else {
        Err(missing.join("; "))
    }
}

fn starts_unsolved(lesson: &Lesson) -> Result<String, String> {
    let (playground, start) = set_up_task(lesson, Variant::default())?;
    let progress = run::progress(lesson, &playground, &start);
    let unmet = progress.unmet();
    if unmet.is_empty() {
        Err(
            "every goal already holds right after the setup: the learner has nothing to do"
                .to_owned(),
        )
    } else {
        Ok(format!("unmet at the start: {}", unmet.join("; ")))
    }
}

fn solves(lesson: &Lesson, variant: Variant) -> Result<String, String> {
    let (mut playground, start) = set_up_task(lesson, variant)?;
    run::run_steps(lesson, &mut playground, &lesson.solution);
    let progress = run::progress(lesson, &playground, &start);
    if progress.solved {
        Ok(format!("{} command(s)", progress.commands))
    } else {
        let unmet: Vec<String> = progress
            .goals
            .iter()
            .filter(|g| !g.met)
            .map(|g| format!("\"{}\": {}", g.text, g.why))
            .collect();
        Err(format!("after the solution, unmet: {}", unmet.join("; ")))
    }
}

fn wrong(lesson: &Lesson, index: usize) -> Result<String, String> {
    let attempt = &lesson.wrong[index];
    let (mut playground, start) = set_up_task(lesson, Variant::default())?;
    run::run_steps(lesson, &mut playground, &attempt.steps);
    let progress = run::progress(lesson, &playground, &start);
    if progress.solved {
        return Err(format!(
            "the attempt at line {} solves the task: a wrong attempt must leave a goal unmet",
            attempt.line
        ));
    }
    let hint = attempt.hint - 1;
    if lesson.hints.get(hint).is_some_and(|h| h.when.is_none()) {
        return Err(format!(
            "hint {} is a numbered hint: a wrong attempt names a //! when hint",
            attempt.hint
        ));
    }
    if !progress.fired.contains(&hint) {
        let fired: Vec<String> = progress.fired.iter().map(|i| (i + 1).to_string()).collect();
        return Err(format!(
            "the attempt at line {} does not fire hint {} (fired: {})",
            attempt.line,
            attempt.hint,
            if fired.is_empty() {
                "none".to_owned()
            } else {
                fired.join(", ")
            }
        ));
    }
    let unmet = progress.unmet();
    Ok(format!(
        "unmet: {}; hint {} fired",
        unmet.join("; "),
        attempt.hint
    ))
}

fn variants(lesson: &Lesson) -> Result<String, String> {
    let mut tried = Vec::new();
    for seed in VARIANT_SEEDS {
        solves(
            lesson,
            Variant {
                seed,
                decoys: false,
            },
        )
        .map_err(|e| format!("with id seed {seed}: {e}"))?;
        tried.push(format!("seed {seed}"));
    }
    let seed = Variant::default().seed;
    solves(lesson, Variant { seed, decoys: true })
        .map_err(|e| format!("with decoy sessions of another user: {e}"))?;
    tried.push("decoy sessions".to_owned());
    Ok(tried.join(", "))
}
