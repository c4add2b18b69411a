//! The lesson a playground is running: which prediction is waiting for an answer, the reveals
//! so far, where the task started, the hints revealed and whether the solution was shown. The
//! page's reducer holds one; every change goes through here, so the rules (a prediction's
//! command runs only once it is answered; showing the solution never counts as solving) hold
//! wherever a lesson runs.

use super::format::Lesson;
use super::predict::Reveal;
use super::run::{self, Progress, TaskStart, Variant};
use crate::playground::Playground;
use std::rc::Rc;

/// A lesson in progress on a playground.
#[derive(Debug, Clone)]
pub struct ActiveLesson {
    /// The lesson.
    pub lesson: Rc<Lesson>,
    /// The prediction waiting for an answer (its index), if any.
    pub predicting: Option<usize>,
    /// The reveals of the predictions answered, in order.
    pub reveals: Vec<Reveal>,
    /// Where the task started (once every prediction is answered).
    pub task: Option<TaskStart>,
    /// Numbered hints revealed.
    pub hints_shown: usize,
    /// The solution was shown.
    pub solution_seen: bool,
}

impl PartialEq for ActiveLesson {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lesson, &other.lesson)
            && self.predicting == other.predicting
            && self.reveals == other.reveals
            && self.task.as_ref().map(|t| t.step) == other.task.as_ref().map(|t| t.step)
            && self.hints_shown == other.hints_shown
            && self.solution_seen == other.solution_seen
    }
}

impl ActiveLesson {
    /// Starts a lesson on a fresh playground: its setup runs, then the first prediction waits
    /// (or the task starts).
    ///
    /// # Errors
    /// The setup step that failed (the checker keeps shipped lessons from it).
    pub fn start(lesson: Rc<Lesson>) -> Result<(Self, Playground), String> {
        let playground = run::set_up(&lesson, Variant::default())?;
        let mut active = Self {
            predicting: None,
            reveals: Vec::new(),
            task: None,
            hints_shown: 0,
            solution_seen: false,
            lesson,
        };
        active.next_stage(&playground);
        Ok((active, playground))
    }

    /// The next prediction, or the task.
    fn next_stage(&mut self, playground: &Playground) {
        let next = self.reveals.len();
        if next < self.lesson.predictions.len() {
            self.predicting = Some(next);
        } else {
            self.predicting = None;
            self.task = Some(TaskStart::here(playground));
        }
    }

    /// Runs the waiting prediction's command with the learner's answers (one per question) and
    /// reveals; the next prediction (or the task) follows.
    ///
    /// # Errors
    /// No prediction is waiting, the answers do not fit its questions, or the engine could not
    /// answer one (the checker keeps shipped lessons from that).
    pub fn answer(
        &mut self,
        answers: &[String],
        playground: &mut Playground,
    ) -> Result<(), String> {
        let index = self
            .predicting
            .ok_or("no prediction is waiting for an answer")?;
        let questions = &self.lesson.predictions[index].questions;
        if answers.len() != questions.len() || answers.iter().any(String::is_empty) {
            return Err("answer every question first (\"not sure\" is an answer)".to_owned());
        }
        let reveal = run::run_prediction(&self.lesson, index, answers, playground)?;
        self.reveals.push(reveal);
        self.next_stage(playground);
        Ok(())
    }

    /// Plays the reference solution from the step shown, as a branch of the learner's timeline
    /// (the learner's own steps stay before it, a step back). The lesson is then "solution
    /// seen", never "solved".
    pub fn show_solution(&mut self, playground: &mut Playground) {
        if self.task.is_none() {
            return;
        }
        self.solution_seen = true;
        run::run_steps(&self.lesson, playground, &self.lesson.solution);
    }

    /// Reveals the next numbered hint.
    pub fn next_hint(&mut self) {
        let numbered = self.numbered_hints();
        self.hints_shown = (self.hints_shown + 1).min(numbered);
    }

    /// How many numbered hints the lesson has.
    pub fn numbered_hints(&self) -> usize {
        self.lesson
            .hints
            .iter()
            .filter(|h| h.when.is_none())
            .count()
    }

    /// The task's checklist as of the step shown (`None` before the task starts).
    pub fn progress(&self, playground: &Playground) -> Option<Progress> {
        let task = self.task.as_ref()?;
        Some(run::progress(&self.lesson, playground, task))
    }

    /// Prediction questions answered and answered right on the first try.
    pub fn prediction_score(&self) -> (usize, usize) {
        let right = self.reveals.iter().map(Reveal::right).sum();
        let asked = self.reveals.iter().map(|r| r.rows.len()).sum();
        (right, asked)
    }

    /// Whether the console and the board must wait: a prediction is unanswered, so nothing may
    /// run (and nothing reveals the outcome) until it is.
    pub fn blocks_input(&self) -> bool {
        self.predicting.is_some()
    }
}
