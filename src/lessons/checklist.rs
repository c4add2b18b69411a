//! The checklist: goal lines and hint conditions checked against the engine's state, never
//! against typed text: the verdicts of the kills run during the task, the sessions' states and
//! listings, the cursors and operations bound to the script's variables, the last command's
//! reply, the commands sent, and the clock. An unmet line says why in the engine's words and
//! names the command that made it so.

use super::goals::{Condition, Goal, GoalKind, Listing, Running, Selector, EFFECTS};
use crate::collections::Map;
use crate::engine::kill::{Fate, Verdict};
use crate::engine::transactions::TxnState;
use crate::engine::SessionView;
use crate::playground::Step;
use crate::shell::{Failure, Outcome, Record, SessionNames, Shell};
use std::rc::Rc;

/// The task as the engine sees it: the shell when it started, the shell now, and the steps
/// run since (numbered from `first_step`, 1-based on the timeline).
pub struct TaskState<'a> {
    /// The shell when the task started.
    pub start: &'a Shell,
    /// The shell now.
    pub now: &'a Shell,
    /// The steps run during the task.
    pub steps: &'a [Rc<Step>],
    /// The timeline number of `steps[0]`.
    pub first_step: usize,
}

/// One checklist line: the goal, whether it holds, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalResult {
    /// The goal as written.
    pub text: String,
    /// Whether it holds.
    pub met: bool,
    /// When it does not: why, in the engine's words, naming the command that made it so.
    pub why: String,
}

/// A verdict reached during the task, with the command that reached it.
struct TaskVerdict<'a> {
    verdict: Verdict,
    step: usize,
    record: &'a Record,
}

impl<'a> TaskState<'a> {
    fn records(&self) -> impl Iterator<Item = (usize, &'a Record)> + '_ {
        self.steps
            .iter()
            .enumerate()
            .flat_map(move |(i, step)| step.records.iter().map(move |r| (self.first_step + i, r)))
    }

    fn verdicts(&self) -> Vec<TaskVerdict<'a>> {
        self.records()
            .filter_map(|(step, record)| record.report.as_ref().map(|r| (step, record, r)))
            .flat_map(|(step, record, report)| {
                report
                    .verdicts()
                    .into_iter()
                    .map(move |verdict| TaskVerdict {
                        verdict,
                        step,
                        record,
                    })
            })
            .collect()
    }

    fn last_record(&self) -> Option<(usize, &'a Record)> {
        self.records().last()
    }

    fn views(shell: &Shell) -> Map<SessionKey, SessionView> {
        shell
            .deployment
            .session_views()
            .into_iter()
            .map(|v| (SessionKey::of(&v), v))
            .collect()
    }

    /// The sessions a selector names, in the order they appeared. A variable or a connection
    /// names a session id, which is every `{ id, uid }` pair with that id.
    fn select(&self, selector: &Selector, named_elsewhere: &[SessionKey]) -> Vec<SessionKey> {
        let (start, now) = (Self::views(self.start), Self::views(self.now));
        let mut all: Vec<&SessionKey> = start.keys().collect();
        all.extend(now.keys().filter(|key| !start.contains_key(*key)));
        let view = |key: &SessionKey| now.get(key).or_else(|| start.get(key));
        let with_ids = |ids: Vec<String>| -> Vec<SessionKey> {
            all.iter()
                .filter(|key| ids.contains(&key.id))
                .map(|key| (*key).clone())
                .collect()
        };
        match selector {
            Selector::Binding(name) => with_ids(
                self.now
                    .session_bindings()
                    .into_iter()
                    .chain(self.start.session_bindings())
                    .find(|(n, _, _)| n == name)
                    .map(|(_, id, _)| vec![id])
                    .unwrap_or_default(),
            ),
            Selector::Owner(owner) => all
                .into_iter()
                .filter(|key| view(key).and_then(|v| v.owner.as_deref()) == Some(owner.as_str()))
                .cloned()
                .collect(),
            Selector::Conn(conn) => {
                let implicit = format!("implicit session of conn{conn}");
                let names = self.now.session_names();
                let mut ids: Vec<String> = self
                    .now
                    .session_bindings()
                    .into_iter()
                    .filter(|(_, _, c)| c == conn)
                    .map(|(_, id, _)| id)
                    .collect();
                ids.extend(
                    all.iter()
                        .filter(|key| names.name(&key.id) == Some(implicit.as_str()))
                        .map(|key| key.id.clone()),
                );
                with_ids(ids)
            }
            Selector::Others => all
                .into_iter()
                .filter(|key| !named_elsewhere.contains(key))
                .cloned()
                .collect(),
            Selector::All => all.into_iter().cloned().collect(),
        }
    }
}

/// A session as the server keys it: `{ id, uid }` (`UUID` text and uid hex). One id used by
/// two users is two sessions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SessionKey {
    id: String,
    uid: String,
}

impl SessionKey {
    fn of(view: &SessionView) -> Self {
        Self {
            id: view.id.clone(),
            uid: view.uid.clone(),
        }
    }

    fn is(&self, verdict: &Verdict) -> bool {
        verdict.id == self.id && verdict.uid == self.uid
    }
}

/// Checks every goal of a task; the results are in the goals' order.
pub fn evaluate(goals: &[Goal], state: &TaskState<'_>) -> Vec<GoalResult> {
    let context = Context::new(goals, state);
    goals
        .iter()
        .map(|goal| {
            let (met, why) = context.check(&goal.kind);
            GoalResult {
                text: goal.text.clone(),
                met,
                why,
            }
        })
        .collect()
}

/// Whether a hint's condition holds now.
pub fn condition_holds(condition: &Condition, goals: &[Goal], state: &TaskState<'_>) -> bool {
    let context = Context::new(goals, state);
    match condition {
        Condition::MatchedNone => state
            .records()
            .filter_map(|(_, r)| r.report.as_ref())
            .last()
            .is_some_and(|report| report.killed() == 0),
        Condition::Holds(kind) => context.check(kind).0,
    }
}

/// What every check needs, computed once per evaluation.
struct Context<'s, 'a> {
    state: &'s TaskState<'a>,
    verdicts: Vec<TaskVerdict<'a>>,
    start_views: Map<SessionKey, SessionView>,
    now_views: Map<SessionKey, SessionView>,
    names: SessionNames,
    named: Vec<SessionKey>,
}

impl<'s, 'a> Context<'s, 'a> {
    fn new(goals: &[Goal], state: &'s TaskState<'a>) -> Self {
        let named = goals
            .iter()
            .filter_map(Goal::selector)
            .filter(|s| !matches!(s, Selector::Others | Selector::All))
            .flat_map(|s| state.select(s, &[]))
            .collect();
        Self {
            verdicts: state.verdicts(),
            start_views: TaskState::views(state.start),
            now_views: TaskState::views(state.now),
            names: state.now.session_names(),
            named,
            state,
        }
    }

    /// The session's name (`appSession`), or the start of its id and its owner; a name shared
    /// by two sessions (one id used by two users) gets the owner too.
    fn label(&self, key: &SessionKey) -> String {
        let owner = self
            .now_views
            .get(key)
            .or_else(|| self.start_views.get(key))
            .and_then(|v| v.owner.clone())
            .unwrap_or_else(|| "no user".to_owned());
        let Some(name) = self.names.name(&key.id) else {
            return format!("session {}… ({owner})", key.id.get(..8).unwrap_or(&key.id));
        };
        let same_id = |views: &Map<SessionKey, SessionView>| {
            views
                .keys()
                .any(|other| other.id == key.id && other.uid != key.uid)
        };
        if same_id(&self.now_views) || same_id(&self.start_views) {
            format!("{name} ({owner})")
        } else {
            name.to_owned()
        }
    }

    fn command(step: usize, record: &Record) -> String {
        format!("command {step}, `{}`", one_line(&record.source))
    }

    /// The command whose events last mentioned the session, or that it is as it was when the
    /// task started.
    fn changed_by(&self, id: &SessionKey) -> String {
        self.changed_in_task(id)
            .unwrap_or_else(|| "as it was when the task started".to_owned())
    }

    /// The task's command whose events last mentioned the session, if any.
    fn changed_in_task(&self, key: &SessionKey) -> Option<String> {
        let short = format!("session {}", key.id.get(..8)?);
        self.state
            .records()
            .filter(|(_, r)| r.events.iter().any(|e| e.message.contains(&short)))
            .last()
            .map(|(step, record)| Self::command(step, record))
    }

    fn last_verdict(&self, key: &SessionKey) -> Option<&TaskVerdict<'a>> {
        self.verdicts.iter().rev().find(|v| key.is(&v.verdict))
    }

    fn killing_verdict(&self, key: &SessionKey) -> Option<&TaskVerdict<'a>> {
        self.verdicts
            .iter()
            .find(|v| key.is(&v.verdict) && v.verdict.fate == Fate::Killed)
    }

    /// `(met, why)` for every selected session; no session selected is unmet (for `others`,
    /// met).
    fn each(
        &self,
        selector: &Selector,
        check: impl Fn(&SessionKey) -> Result<(), String>,
    ) -> (bool, String) {
        let keys = self.state.select(selector, &self.named);
        if keys.is_empty() {
            return if matches!(selector, Selector::Others) {
                (true, String::new())
            } else {
                (
                    false,
                    format!("no session is {}", describe_selector(selector)),
                )
            };
        }
        let failures: Vec<String> = keys.iter().filter_map(|key| check(key).err()).collect();
        if failures.is_empty() {
            (true, String::new())
        } else {
            (false, failures.join("; "))
        }
    }

    fn check(&self, kind: &GoalKind) -> (bool, String) {
        match kind {
            GoalKind::Killed(_)
            | GoalKind::Survived(_)
            | GoalKind::Reason(..)
            | GoalKind::Effect(..) => self.verdict_goal(kind),
            GoalKind::Txn(..) | GoalKind::State(..) | GoalKind::Listed(..) => self.state_goal(kind),
            GoalKind::Cursor(..) | GoalKind::Op(..) => self.handle_goal(kind),
            GoalKind::Error(_) | GoalKind::Result(_) => self.last_command_goal(kind),
            _ => self.task_goal(kind),
        }
    }

    /// Killed, survived, reason and effect: the verdicts of the kills run during the task.
    fn verdict_goal(&self, kind: &GoalKind) -> (bool, String) {
        match kind {
            GoalKind::Killed(selector) => self.each(selector, |id| {
                if self.killing_verdict(id).is_some() {
                    return Ok(());
                }
                Err(match self.last_verdict(id) {
                    Some(v) => format!(
                        "{} survived, the goal says it is killed: {}, {} ({})",
                        self.label(id),
                        v.verdict.decided_by,
                        lower_first(&v.verdict.explanation),
                        Self::command(v.step, v.record)
                    ),
                    None => format!(
                        "{} has not been killed: no kill has named it yet",
                        self.label(id)
                    ),
                })
            }),
            GoalKind::Survived(selector) => {
                self.each(selector, |id| match self.killing_verdict(id) {
                    None => Ok(()),
                    Some(v) => Err(format!(
                        "{} was killed, the goal says it survives: {}, {} ({})",
                        self.label(id),
                        v.verdict.decided_by,
                        lower_first(&v.verdict.explanation),
                        Self::command(v.step, v.record)
                    )),
                })
            }
            GoalKind::Reason(selector, reason) => {
                self.each(selector, |id| match self.last_verdict(id) {
                    Some(v) if v.verdict.reason.code() == reason => Ok(()),
                    Some(v) => Err(format!(
                        "{}'s verdict has reason {}, not {reason}: {} ({})",
                        self.label(id),
                        v.verdict.reason.code(),
                        v.verdict.explanation,
                        Self::command(v.step, v.record)
                    )),
                    None => Err(format!(
                        "no kill has given {} a verdict yet",
                        self.label(id)
                    )),
                })
            }
            GoalKind::Effect(selector, effect) => self.each(selector, |id| {
                let mine: Vec<&TaskVerdict<'a>> =
                    self.verdicts.iter().filter(|v| id.is(&v.verdict)).collect();
                let had = |name: &str| {
                    mine.iter().any(|v| {
                        let e = &v.verdict.effects;
                        match name {
                            "transaction_aborted" => e.transaction_aborted.is_some(),
                            "prepared_transaction_kept" => e.prepared_transaction_kept.is_some(),
                            "operations_interrupted" => !e.operations_interrupted.is_empty(),
                            "cursors_closed" => !e.cursors_closed.is_empty(),
                            _ => false,
                        }
                    })
                };
                let ok = if effect == "nothing" {
                    !EFFECTS[..4].iter().any(|e| had(e))
                } else {
                    had(effect)
                };
                if ok {
                    Ok(())
                } else if mine.is_empty() {
                    Err(format!(
                        "no kill has given {} a verdict yet",
                        self.label(id)
                    ))
                } else {
                    let said: Vec<String> = mine
                        .iter()
                        .map(|v| {
                            format!(
                                "{} ({})",
                                v.verdict.explanation,
                                Self::command(v.step, v.record)
                            )
                        })
                        .collect();
                    Err(format!(
                        "{}: no {}; {}",
                        self.label(id),
                        effect.replace('_', " "),
                        said.join("; ")
                    ))
                }
            }),
            _ => (false, String::new()),
        }
    }

    /// Transaction state, headline state and listing: the sessions' state now.
    fn state_goal(&self, kind: &GoalKind) -> (bool, String) {
        match kind {
            GoalKind::Txn(selector, wanted) => self.each(selector, |id| {
                let now = self.now_views.get(id).and_then(|v| v.txn).map(|(_, s)| s);
                let name = now.map_or("none", |s| s.server_name().trim_start_matches("TxnState::"));
                if name.eq_ignore_ascii_case(wanted) {
                    Ok(())
                } else {
                    Err(format!(
                        "{}'s transaction is {name}, the goal says {wanted} ({})",
                        self.label(id),
                        self.changed_by(id)
                    ))
                }
            }),
            GoalKind::State(selector, wanted) => self.each(selector, |id| {
                let state = self.now_views.get(id).map_or("ended", |v| v.state.label());
                if state.replace(' ', "_") == *wanted {
                    Ok(())
                } else {
                    Err(format!(
                        "{} is {state}, the goal says {} ({})",
                        self.label(id),
                        wanted.replace('_', " "),
                        self.changed_by(id)
                    ))
                }
            }),
            GoalKind::Listed(selector, wanted) => self.each(selector, |id| {
                let (cache, collection) = self
                    .now_views
                    .get(id)
                    .map_or((false, false), |v| (v.in_cache, v.in_collection));
                let ok = match wanted {
                    Listing::Cache => cache,
                    Listing::Collection => collection,
                    Listing::Nowhere => !cache && !collection,
                };
                if ok {
                    Ok(())
                } else {
                    Err(format!(
                        "{} is {}",
                        self.label(id),
                        match (cache, collection) {
                            (true, true) => "in the cache ($listLocalSessions) and in config.system.sessions ($listSessions)",
                            (true, false) => "in the cache ($listLocalSessions) only; config.system.sessions gets it at the next refresh",
                            (false, true) => "in config.system.sessions ($listSessions) only",
                            (false, false) => "listed nowhere",
                        }
                    ))
                }
            }),
            _ => (false, String::new()),
        }
    }

    /// The cursor or operation bound to a variable.
    fn handle_goal(&self, kind: &GoalKind) -> (bool, String) {
        match kind {
            GoalKind::Cursor(name, wanted) => {
                let Some(binding) = self.state.now.cursor_binding(name) else {
                    return (false, format!("there is no cursor called {name}"));
                };
                let open =
                    binding.is_some_and(|id| self.state.now.deployment.cursors.contains_key(&id));
                let ok = (*wanted == Running::Yes) == open;
                let why = if open {
                    format!("{name} is still open")
                } else {
                    let closed_by = binding.and_then(|cursor| {
                        let text = format!("cursor {cursor} closed");
                        self.state
                            .records()
                            .filter(|(_, r)| r.events.iter().any(|e| e.message.contains(&text)))
                            .last()
                    });
                    format!(
                        "{name} is closed{}",
                        closed_by
                            .map(|(step, r)| format!(" ({})", Self::command(step, r)))
                            .unwrap_or_default()
                    )
                };
                (ok, if ok { String::new() } else { why })
            }
            GoalKind::Op(name, wanted) => {
                let Some(op) = self.state.now.operation_binding(name) else {
                    return (false, format!("there is no operation called {name}"));
                };
                let deployment = &self.state.now.deployment;
                let (now, words) = match deployment.finished_op(op) {
                    None => (Running::Yes, "still running".to_owned()),
                    Some(finished) => match &finished.killed {
                        Some((code, by)) => (
                            Running::Stopped,
                            format!("interrupted ({}, by {by})", code.name()),
                        ),
                        None => (Running::Done, "done".to_owned()),
                    },
                };
                let ok = now == *wanted;
                (
                    ok,
                    if ok {
                        String::new()
                    } else {
                        format!("operation {op} ({name}) is {words}")
                    },
                )
            }
            _ => (false, String::new()),
        }
    }

    /// The last statement's error or result.
    fn last_command_goal(&self, kind: &GoalKind) -> (bool, String) {
        match kind {
            GoalKind::Error(wanted) => match self.state.last_record() {
                None => (false, "no command has run yet".to_owned()),
                Some((step, record)) => {
                    let (code, name) = match &record.outcome {
                        Outcome::Error(Failure::Server {
                            code, code_name, ..
                        }) => (code.to_string(), code_name.clone()),
                        Outcome::Error(Failure::Shell { .. }) => {
                            ("shell".to_owned(), "a shell error".to_owned())
                        }
                        Outcome::Error(Failure::Driver { name, .. }) => {
                            (name.clone(), name.clone())
                        }
                        _ => ("none".to_owned(), "no error".to_owned()),
                    };
                    let ok = *wanted == code || wanted.eq_ignore_ascii_case(&name);
                    (
                        ok,
                        if ok {
                            String::new()
                        } else {
                            format!(
                                "the last command got {name}{}, the goal says {wanted} ({})",
                                if code == "none" || code == name {
                                    String::new()
                                } else {
                                    format!(" ({code})")
                                },
                                Self::command(step, record)
                            )
                        },
                    )
                }
            },
            GoalKind::Result(subset) => match self.state.last_record() {
                None => (false, "no command has run yet".to_owned()),
                Some((step, record)) => {
                    let ok = matches!(&record.outcome, Outcome::Value { value: bson::Bson::Document(doc), .. } if contains(doc, subset));
                    (
                        ok,
                        if ok {
                            String::new()
                        } else {
                            format!(
                                "the last command's result does not hold {} ({})",
                                crate::engine::bson_text::value_to_server_string(
                                    &bson::Bson::Document(subset.clone())
                                ),
                                Self::command(step, record)
                            )
                        },
                    )
                }
            },
            _ => (false, String::new()),
        }
    }

    /// What the whole task did: the other sessions, the commands sent, the clock.
    fn task_goal(&self, kind: &GoalKind) -> (bool, String) {
        match kind {
            GoalKind::UnchangedOthers => self.each(&Selector::Others, |id| {
                if let Some(v) = self.killing_verdict(id) {
                    return Err(format!(
                        "{} was killed: {}, {} ({})",
                        self.label(id),
                        v.verdict.decided_by,
                        lower_first(&v.verdict.explanation),
                        Self::command(v.step, v.record)
                    ));
                }
                let (before, after) = (self.start_views.get(id), self.now_views.get(id));
                // A retryable write's number (every insertOne sends one) is the session's own
                // use, not a disturbance of it.
                let shape = |v: Option<&SessionView>| {
                    v.map(|v| {
                        let txn = v
                            .txn
                            .filter(|(_, s)| *s != TxnState::ExecutedRetryableWrite);
                        (v.state, txn, v.cursors.clone(), v.operations.clone())
                    })
                };
                if shape(before) == shape(after) {
                    Ok(())
                } else {
                    let words = |v: Option<&SessionView>| v.map_or("gone", |v| v.state.label());
                    Err(format!(
                        "{} changed: {} at the start, {} now{}",
                        self.label(id),
                        words(before),
                        words(after),
                        self.changed_in_task(id)
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default()
                    ))
                }
            }),
            GoalKind::CommandsAtMost(limit) => {
                let count = self.state.records().count();
                let ok = count <= *limit;
                (
                    ok,
                    if ok {
                        String::new()
                    } else {
                        format!("{count} commands run, the goal allows {limit}: undo back to the start and try with fewer")
                    },
                )
            }
            GoalKind::Require(command) => {
                let ok = self
                    .state
                    .records()
                    .any(|(_, r)| r.commands.iter().any(|c| c == command));
                (
                    ok,
                    if ok {
                        String::new()
                    } else {
                        format!("no {command} command has been sent yet")
                    },
                )
            }
            GoalKind::Forbid(command) => match self
                .state
                .records()
                .find(|(_, r)| r.commands.iter().any(|c| c == command))
            {
                None => (true, String::new()),
                Some((step, record)) => (
                    false,
                    format!(
                        "{command} was sent ({}); the goal forbids it",
                        Self::command(step, record)
                    ),
                ),
            },
            GoalKind::TimeAtLeast(ms) => {
                let passed = self.state.now.deployment.now() - self.state.start.deployment.now();
                let ok = passed >= *ms;
                (
                    ok,
                    if ok {
                        String::new()
                    } else {
                        format!("{} of logical time has passed, the goal says at least {} (lab.advance moves the clock)", spoken_duration(passed), spoken_duration(*ms))
                    },
                )
            }
            _ => (false, String::new()),
        }
    }
}

fn describe_selector(selector: &Selector) -> String {
    match selector {
        Selector::Binding(name) => format!("bound to {name}"),
        Selector::Owner(owner) => format!("owned by {owner}"),
        Selector::Conn(conn) => format!("started on conn{conn}"),
        Selector::Others => "left unnamed".to_owned(),
        Selector::All => "open".to_owned(),
    }
}

/// Whether `doc` holds every field of `subset` (numbers compared by value).
fn contains(doc: &bson::Document, subset: &bson::Document) -> bool {
    subset.iter().all(|(key, wanted)| {
        doc.get(key).is_some_and(|have| match (have, wanted) {
            (bson::Bson::Document(a), bson::Bson::Document(b)) => contains(a, b),
            _ => number(have)
                .zip(number(wanted))
                .map_or(have == wanted, |(a, b)| (a - b).abs() < f64::EPSILON),
        })
    })
}

fn number(value: &bson::Bson) -> Option<f64> {
    match value {
        bson::Bson::Int32(n) => Some(f64::from(*n)),
        #[allow(
            clippy::cast_precision_loss,
            reason = "compared as the shell compares numbers"
        )]
        bson::Bson::Int64(n) => Some(*n as f64),
        bson::Bson::Double(n) => Some(*n),
        _ => None,
    }
}

/// A duration as a sentence says it: "10 minutes", "30 seconds", "1500 ms".
fn spoken_duration(ms: i64) -> String {
    let (count, unit) = if ms != 0 && ms % 60_000 == 0 {
        (ms / 60_000, "minute")
    } else if ms % 1000 == 0 {
        (ms / 1000, "second")
    } else {
        return format!("{ms} ms");
    };
    let s = if count == 1 { "" } else { "s" };
    format!("{count} {unit}{s}")
}

fn one_line(source: &str) -> String {
    let line = source
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
        .unwrap_or(source)
        .trim();
    if line.chars().count() > 80 {
        format!("{}…", line.chars().take(79).collect::<String>())
    } else {
        line.to_owned()
    }
}

/// A verdict's explanation inside a sentence: without its leading `Killed: ` / `Survived: `
/// (the sentence already says it) and starting lowercase.
fn lower_first(text: &str) -> String {
    let text = text
        .strip_prefix("Killed: ")
        .or_else(|| text.strip_prefix("Survived: "))
        .unwrap_or(text)
        .trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
