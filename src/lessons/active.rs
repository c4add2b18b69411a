//! The lesson a playground is running: which prediction is waiting for an answer, the reveals
//! so far, where the task started, the hints revealed and whether the solution was shown. The
//! page's reducer holds one; every change goes through here, so the rules (a prediction's
//! command runs only once it is answered; showing the solution never counts as solving) hold
//! wherever a lesson runs.

use super::format::Lesson;
use super::predict::Reveal;
use super::run::{self, Progress, TaskStart, Variant};
use crate::playground::Playground;
use bson::{doc, Bson, Document};
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
    /// The answers given, one list per prediction answered.
    pub answers: Vec<Vec<String>>,
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
            answers: Vec::new(),
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
        self.answers.push(answers.to_vec());
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

/// What the autosave keeps of a lesson in progress, so a reload resumes it: which lesson (and
/// which version of its file), the answers given, the hints revealed and whether the solution
/// was shown. The reveals and the task's start are computed again from these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedLesson {
    /// The lesson's id.
    pub id: String,
    /// Its file's fingerprint when it was started.
    pub fingerprint: String,
    /// The answers given, one list per prediction answered.
    pub answers: Vec<Vec<String>>,
    /// Numbered hints revealed.
    pub hints_shown: usize,
    /// The solution was shown.
    pub solution_seen: bool,
}

impl SavedLesson {
    /// `{ id, fingerprint, answers: [[…], …], hintsShown, solutionSeen }`.
    pub fn to_document(&self) -> Document {
        let answers: Vec<Bson> = self
            .answers
            .iter()
            .map(|list| Bson::Array(list.iter().cloned().map(Bson::String).collect()))
            .collect();
        doc! {
            "id": &self.id,
            "fingerprint": &self.fingerprint,
            "answers": answers,
            "hintsShown": i64::try_from(self.hints_shown).unwrap_or(0),
            "solutionSeen": self.solution_seen,
        }
    }

    /// Reads it back (`None` when it is not one).
    pub fn from_document(doc: &Document) -> Option<Self> {
        let answers = doc
            .get_array("answers")
            .ok()?
            .iter()
            .map(|list| {
                list.as_array()?
                    .iter()
                    .map(|a| a.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            id: doc.get_str("id").ok()?.to_owned(),
            fingerprint: doc.get_str("fingerprint").ok()?.to_owned(),
            answers,
            hints_shown: usize::try_from(doc.get_i64("hintsShown").ok()?).ok()?,
            solution_seen: doc.get_bool("solutionSeen").ok()?,
        })
    }
}

impl ActiveLesson {
    /// What the autosave keeps of it.
    pub fn saved(&self) -> SavedLesson {
        SavedLesson {
            id: self.lesson.id.clone(),
            fingerprint: self.lesson.fingerprint.clone(),
            answers: self.answers.clone(),
            hints_shown: self.hints_shown,
            solution_seen: self.solution_seen,
        }
    }

    /// Resumes a saved lesson, `lesson` being the shipped lesson of its id
    /// ([`super::catalogue::resume`] finds it), on the timeline it was saved with: the setup and
    /// the answered predictions are run again on a scratch playground (the same inputs give the
    /// same reveals), and the timeline must start with the same steps.
    ///
    /// # Errors
    /// Why it cannot be resumed: the lesson changed, or the timeline no longer starts with its
    /// setup.
    pub fn resume(
        saved: &SavedLesson,
        lesson: Rc<Lesson>,
        playground: &Playground,
    ) -> Result<Self, String> {
        if lesson.fingerprint != saved.fingerprint {
            return Err(format!(
                "the lesson \"{}\" changed since it was started: start it again from the Lessons menu",
                lesson.title
            ));
        }
        let (mut active, mut scratch) = Self::start(lesson)?;
        for answers in &saved.answers {
            active.answer(answers, &mut scratch)?;
        }
        let (lesson_steps, mine) = (scratch.steps(), playground.steps());
        if mine.len() < lesson_steps.len()
            || lesson_steps
                .iter()
                .zip(mine)
                .any(|(a, b)| a.source != b.source)
        {
            return Err("the timeline no longer starts with the lesson's setup".to_owned());
        }
        if let Some(task) = active.task.as_mut() {
            let mut at_start = playground.clone();
            at_start.go_to(task.step);
            task.shell = at_start.shell_rc();
        }
        active.hints_shown = saved.hints_shown.min(active.numbered_hints());
        active.solution_seen = saved.solution_seen;
        Ok(active)
    }
}
