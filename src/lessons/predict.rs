//! Predict, then run: the questions a `predict` block asks about its command, the answer key
//! the engine computes when the command runs (never written by the author, so it cannot
//! drift), and the first-try score with each miss explained.

use crate::engine::kill::Verdict;
use crate::shell::{Failure, Outcome, Record, Shell};

/// One question about what the command will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Killed or survived? (a session variable)
    Fate(String),
    /// Which effects will the kill have on it? (a session variable)
    Effect(String),
    /// Which error will the command get? (`ok` and code names to choose from)
    Error(Vec<String>),
    /// Will the session still be listed by `$listLocalSessions`? (a session variable)
    Listed(String),
    /// What will this expression print after the command?
    Value(String),
}

/// The effects a learner can tick, in the order shown (the engine's effect names).
pub const EFFECTS: [(&str, &str); 4] = [
    ("transaction_aborted", "its transaction is aborted"),
    (
        "prepared_transaction_kept",
        "its prepared transaction is kept",
    ),
    (
        "operations_interrupted",
        "its running operations are interrupted",
    ),
    ("cursors_closed", "its cursors are closed"),
];

/// "Not sure": an answer that is neither right nor wrong.
pub const NOT_SURE: &str = "not sure";

/// Parses the text after `//! ask`: `fate a b c` asks one question per session.
///
/// # Errors
/// What is wrong, in words.
pub fn parse_questions(text: &str) -> Result<Vec<Question>, String> {
    let (kind, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let words: Vec<String> = rest.split_whitespace().map(str::to_owned).collect();
    let sessions = |make: fn(String) -> Question| {
        if words.is_empty() {
            Err(format!("ask {kind} names one or more session variables"))
        } else {
            Ok(words.iter().cloned().map(make).collect())
        }
    };
    match kind {
        "fate" => sessions(Question::Fate),
        "effect" => sessions(Question::Effect),
        "listed" => sessions(Question::Listed),
        "error" if words.len() >= 2 => Ok(vec![Question::Error(words)]),
        "error" => Err(
            "ask error lists the choices, at least two: ok Unauthorized InvalidOptions".to_owned(),
        ),
        "value" if !rest.trim().is_empty() => Ok(vec![Question::Value(rest.trim().to_owned())]),
        "value" => Err("ask value takes a shell expression, like appCursor.hasNext()".to_owned()),
        other => Err(format!(
            "unknown question \"{other}\" (known: fate, effect, error, listed, value)"
        )),
    }
}

impl Question {
    /// The question, in words.
    pub fn prompt(&self) -> String {
        match self {
            Question::Fate(s) => format!("Is {s} killed or does it survive?"),
            Question::Effect(s) => format!("What happens to {s}? Tick every effect."),
            Question::Error(_) => "What does the command reply?".to_owned(),
            Question::Listed(s) => format!("Is {s} still listed by $listLocalSessions afterwards?"),
            Question::Value(expr) => format!("What does {expr} print afterwards?"),
        }
    }

    /// The choices offered (empty for a typed value).
    pub fn choices(&self) -> Vec<String> {
        match self {
            Question::Fate(_) => vec!["killed".to_owned(), "survived".to_owned()],
            Question::Effect(_) => EFFECTS.iter().map(|(code, _)| (*code).to_owned()).collect(),
            Question::Error(choices) => choices.clone(),
            Question::Listed(_) => vec!["yes".to_owned(), "no".to_owned()],
            Question::Value(_) => Vec::new(),
        }
    }

    /// Whether several choices may be ticked (the effects).
    pub fn is_multiple(&self) -> bool {
        matches!(self, Question::Effect(_))
    }

    /// The session it asks about, if any.
    pub fn session(&self) -> Option<&str> {
        match self {
            Question::Fate(s) | Question::Effect(s) | Question::Listed(s) => Some(s),
            _ => None,
        }
    }
}

/// The words for a choice (`cursors_closed` → "its cursors are closed").
pub fn choice_label(choice: &str) -> &str {
    EFFECTS
        .iter()
        .find(|(code, _)| *code == choice)
        .map_or(choice, |(_, words)| words)
}

/// The engine's answer to one question, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The answer in the same words as the choices (effects joined by `, `, sorted as shown;
    /// `nothing` for none).
    pub answer: String,
    /// Why, in the engine's words.
    pub why: String,
}

/// The id of the session bound to variable `session`.
fn session_id(after: &Shell, session: &str) -> Result<String, String> {
    after
        .session_bindings()
        .into_iter()
        .find(|(name, _, _)| name == session)
        .map(|(_, id, _)| id)
        .ok_or_else(|| format!("there is no session called {session}"))
}

/// The last verdict the command's kills gave the session bound to `session`.
fn verdict(records: &[Record], after: &Shell, session: &str) -> Result<Verdict, String> {
    let id = session_id(after, session)?;
    records
        .iter()
        .rev()
        .filter_map(|r| r.report.as_ref())
        .find_map(|report| report.verdicts().into_iter().find(|v| v.id == id))
        .ok_or_else(|| format!("the command gave {session} no verdict (it ran no kill, or the kill did not judge it)"))
}

/// Computes the answer key from what the command did (`records`) and the shell after it.
///
/// # Errors
/// The question the engine cannot answer, in words (a session the kill did not judge, an
/// error that is not among the choices, …).
pub fn answer_key(question: &Question, records: &[Record], after: &Shell) -> Result<Key, String> {
    match question {
        Question::Fate(session) => {
            let v = verdict(records, after, session)?;
            Ok(Key {
                answer: v.fate.code().to_owned(),
                why: format!("{}: {}", v.decided_by, v.explanation),
            })
        }
        Question::Effect(session) => {
            let v = verdict(records, after, session)?;
            let e = &v.effects;
            let had = [
                e.transaction_aborted.is_some(),
                e.prepared_transaction_kept.is_some(),
                !e.operations_interrupted.is_empty(),
                !e.cursors_closed.is_empty(),
            ];
            let answer: Vec<&str> = EFFECTS
                .iter()
                .zip(had)
                .filter(|(_, had)| *had)
                .map(|((code, _), _)| *code)
                .collect();
            Ok(Key {
                answer: effects_answer(&answer),
                why: v.explanation,
            })
        }
        Question::Error(choices) => error_key(choices, records),
        Question::Listed(session) => {
            let id = session_id(after, session)?;
            let view = after
                .deployment
                .session_views()
                .into_iter()
                .find(|v| v.id == id);
            let (cache, collection) =
                view.map_or((false, false), |v| (v.in_cache, v.in_collection));
            let in_or_not = |yes: bool| if yes { "in" } else { "not in" };
            Ok(Key {
                answer: if cache { "yes" } else { "no" }.to_owned(),
                why: format!(
                    "{session} is {} the cache ($listLocalSessions) and {} config.system.sessions ($listSessions)",
                    in_or_not(cache),
                    in_or_not(collection)
                ),
            })
        }
        Question::Value(expr) => {
            let mut probe = after.clone();
            match probe.execute(1, expr).as_slice() {
                [record] if !record.is_error() => Ok(Key {
                    answer: record.output().trim().to_owned(),
                    why: format!("{expr} printed this after the command"),
                }),
                _ => Err(format!("{expr} does not evaluate after the command")),
            }
        }
    }
}

/// The reply of the command's last statement: `ok` or the error's code name, which must be
/// among the choices.
fn error_key(choices: &[String], records: &[Record]) -> Result<Key, String> {
    let last = records.last().ok_or("the command did not run")?;
    let (answer, why) = match &last.outcome {
        Outcome::Error(Failure::Server {
            code,
            code_name,
            errmsg,
            ..
        }) => (code_name.clone(), format!("{code_name} ({code}): {errmsg}")),
        Outcome::Error(failure) => {
            return Err(format!(
                "the command failed in the shell, not on the server: {}",
                failure.text()
            ))
        }
        _ => ("ok".to_owned(), "the command succeeded (ok: 1)".to_owned()),
    };
    if !choices.contains(&answer) {
        return Err(format!(
            "the engine's answer, {answer}, is not among the choices ({})",
            choices.join(", ")
        ));
    }
    Ok(Key { answer, why })
}

/// The effects answer for ticked effect codes, in the order shown.
pub fn effects_answer(ticked: &[&str]) -> String {
    let ordered: Vec<&str> = EFFECTS
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| ticked.contains(code))
        .collect();
    if ordered.is_empty() {
        "nothing".to_owned()
    } else {
        ordered.join(", ")
    }
}

/// How a learner's answer compares with the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Right on the first try.
    Right,
    /// Wrong.
    Wrong,
    /// "Not sure": neither.
    NotSure,
}

/// Marks one answer (values compared with spaces normalised).
pub fn mark(answer: &str, key: &Key) -> Mark {
    if answer == NOT_SURE {
        return Mark::NotSure;
    }
    let normal = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    if normal(answer) == normal(&key.answer) {
        Mark::Right
    } else {
        Mark::Wrong
    }
}

/// One row of the reveal table: you said / the engine / why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevealRow {
    /// The question.
    pub question: String,
    /// What the learner said.
    pub said: String,
    /// The engine's answer.
    pub engine: String,
    /// Why.
    pub why: String,
    /// Right, wrong or not sure.
    pub mark: Mark,
}

/// The reveal of a prediction: its rows and its first-try score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reveal {
    /// The command asked about.
    pub command: String,
    /// One row per question.
    pub rows: Vec<RevealRow>,
}

impl Reveal {
    /// Compares the answers with the keys the engine computed.
    ///
    /// # Errors
    /// A question the engine could not answer.
    pub fn new(
        command: &str,
        questions: &[Question],
        answers: &[String],
        records: &[Record],
        after: &Shell,
    ) -> Result<Self, String> {
        let rows = questions
            .iter()
            .zip(answers)
            .map(|(question, said)| {
                let key = answer_key(question, records, after)?;
                Ok(RevealRow {
                    question: question.prompt(),
                    said: said.clone(),
                    mark: mark(said, &key),
                    engine: key.answer,
                    why: key.why,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Self {
            command: command.to_owned(),
            rows,
        })
    }

    /// Right answers.
    pub fn right(&self) -> usize {
        self.rows.iter().filter(|r| r.mark == Mark::Right).count()
    }
}
