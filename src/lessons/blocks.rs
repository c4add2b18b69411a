//! A lesson file's body: its prose (introduction, task text, recap) and its blocks, one reader
//! per kind: `setup` (with `//! hide` and `//! show`),
//! `predict` (`//! ask`), `task` (`//! goal`, `conn=N`), `solution`, `hints` (`//! hint`,
//! `//! when`) and `wrong` (`hint=N`). Each mistake is reported at its line and column.

use super::goals::{Condition, Goal};
use super::lesson::{
    error, fingerprint, Hint, Lesson, LessonError, Prediction, SetupStep, Task, Wrong, HIDDEN_MARK,
};

/// A fenced block's lines, numbered from `first_line`.
pub(super) struct Block<'a> {
    /// The line of the opening fence.
    pub info_line: usize,
    /// The lines inside.
    pub lines: &'a [&'a str],
    /// The number of `lines[0]`.
    pub first_line: usize,
}

/// A `//!` directive: its line, the column where its text starts, and the text.
type Directive<'a> = (usize, usize, &'a str);

type Mistakes = Result<(), Vec<LessonError>>;

/// Where a prose line goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ProseTarget {
    /// Before the first `predict` or `task` block.
    Intro,
    /// After it.
    Task,
    /// After `## Recap`.
    Recap,
}

/// A lesson being read, with the mistakes found so far.
pub(super) struct Reader {
    pub(super) lesson: Lesson,
    pub(super) errors: Vec<LessonError>,
    prose: ProseTarget,
    /// The task block's line, once seen.
    pub(super) task_line: Option<usize>,
    /// The task block had a mistake (its goals are then not complained about again).
    task_failed: bool,
    pub(super) solution_seen: bool,
}

impl Reader {
    pub(super) fn new(text: &str) -> Self {
        Self {
            lesson: Lesson {
                id: String::new(),
                title: String::new(),
                learns: String::new(),
                minutes: 0,
                requires: Vec::new(),
                tags: Vec::new(),
                intro: String::new(),
                task_text: String::new(),
                recap: String::new(),
                setup: Vec::new(),
                predictions: Vec::new(),
                task: Task {
                    console: 1,
                    goals: Vec::new(),
                },
                solution: Vec::new(),
                hints: Vec::new(),
                wrong: Vec::new(),
                fingerprint: fingerprint(text),
            },
            errors: Vec::new(),
            prose: ProseTarget::Intro,
            task_line: None,
            task_failed: false,
            solution_seen: false,
        }
    }

    fn push_prose(&mut self, line: &str) {
        let target = match self.prose {
            ProseTarget::Intro => &mut self.lesson.intro,
            ProseTarget::Task => &mut self.lesson.task_text,
            ProseTarget::Recap => &mut self.lesson.recap,
        };
        target.push_str(line);
        target.push('\n');
    }

    /// Reads the body: prose and blocks.
    pub(super) fn body(&mut self, lines: &[&str], start: usize) {
        let mut index = start;
        while index < lines.len() {
            let line = lines[index];
            let number = index + 1;
            let Some(info) = line.trim_start().strip_prefix("```") else {
                if line.trim() == "## Recap" {
                    self.prose = ProseTarget::Recap;
                } else {
                    self.push_prose(line);
                }
                index += 1;
                continue;
            };
            let end = closing_fence(lines, index + 1);
            let Some(kind) = info.trim().strip_prefix("sessionlab").map(str::trim) else {
                // Another language's code block: prose.
                for l in &lines[index..=end.min(lines.len() - 1)] {
                    self.push_prose(l);
                }
                index = end + 1;
                continue;
            };
            if end >= lines.len() {
                self.errors
                    .push(error(number, 1, "this ```sessionlab block is never closed"));
                break;
            }
            if (kind.starts_with("predict") || kind.starts_with("task"))
                && self.prose == ProseTarget::Intro
            {
                self.prose = ProseTarget::Task;
            }
            let block = Block {
                info_line: number,
                lines: &lines[index + 1..end],
                first_line: number + 1,
            };
            if let Err(mut e) = self.block(kind, &block) {
                self.task_failed |= kind.starts_with("task");
                self.errors.append(&mut e);
            }
            index = end + 1;
        }
        for text in [
            &mut self.lesson.intro,
            &mut self.lesson.task_text,
            &mut self.lesson.recap,
        ] {
            *text = text.trim().to_owned();
        }
    }

    /// The checks across blocks, then the lesson or its mistakes in order.
    pub(super) fn finish(mut self, last_line: usize) -> Result<Lesson, Vec<LessonError>> {
        match self.task_line {
            None => self.errors.push(error(
                last_line,
                1,
                "the lesson has no ```sessionlab task block",
            )),
            Some(line) if self.lesson.task.goals.is_empty() && !self.task_failed => {
                self.errors
                    .push(error(line, 1, "the task block has no //! goal line"));
            }
            Some(_) => {}
        }
        if !self.solution_seen {
            self.errors.push(error(
                last_line,
                1,
                "the lesson has no ```sessionlab solution block",
            ));
        }
        let hints = self.lesson.hints.len();
        for wrong in &self.lesson.wrong {
            if wrong.hint == 0 || wrong.hint > hints {
                self.errors.push(error(
                    wrong.line,
                    1,
                    format!(
                        "hint={} names no hint: the hints block has {hints}",
                        wrong.hint
                    ),
                ));
            }
        }
        crate::collections::sort_by(&mut self.errors, |a, b| {
            (a.line, a.column).cmp(&(b.line, b.column))
        });
        if self.errors.is_empty() {
            Ok(self.lesson)
        } else {
            Err(self.errors)
        }
    }
}

/// The index of the line closing a fence opened before `from` (or `lines.len()`).
fn closing_fence(lines: &[&str], from: usize) -> usize {
    (from..lines.len())
        .find(|i| lines[*i].trim() == "```")
        .unwrap_or(lines.len())
}

impl<'a> Block<'a> {
    /// The `//!` directives, and the other lines as shell input.
    fn split(&self) -> (Vec<Directive<'a>>, String) {
        let mut directives = Vec::new();
        let mut shell = String::new();
        for (i, line) in self.lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if let Some(directive) = trimmed.strip_prefix("//!") {
                let column = line.len() - trimmed.len()
                    + 4
                    + (directive.len() - directive.trim_start().len());
                directives.push((self.first_line + i, column, directive.trim()));
            } else {
                shell.push_str(line);
                shell.push('\n');
            }
        }
        (directives, shell)
    }

    fn at_info(&self, message: impl Into<String>) -> Vec<LessonError> {
        vec![error(self.info_line, 1, message)]
    }
}

/// Refuses the directives a `kind` block does not take.
fn only(kind: &str, directives: &[Directive<'_>], allowed: &[&str]) -> Mistakes {
    let wrong: Vec<LessonError> = directives
        .iter()
        .filter(|(_, _, d)| !allowed.contains(&first_word(d)))
        .map(|(line, column, d)| {
            let takes = if allowed.is_empty() {
                String::new()
            } else {
                format!(" (it takes {})", allowed.join(", "))
            };
            error(
                *line,
                *column,
                format!(
                    "unknown directive //! {} in a {kind} block{takes}",
                    first_word(d)
                ),
            )
        })
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong)
    }
}

fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("")
}

/// `key=value` attributes of a block's info string.
fn attributes(text: &str) -> Vec<(&str, &str)> {
    text.split_whitespace()
        .filter_map(|item| item.split_once('='))
        .collect()
}

fn collected(errors: Vec<LessonError>) -> Mistakes {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

impl Reader {
    /// Reads one block (`info` is what follows `sessionlab` on the fence).
    pub(super) fn block(&mut self, info: &str, block: &Block<'_>) -> Mistakes {
        let (kind, attrs) = info.split_once(char::is_whitespace).unwrap_or((info, ""));
        let attrs = attributes(attrs);
        let (directives, shell) = block.split();
        match kind {
            "setup" => self.setup(block),
            "predict" => {
                only(kind, &directives, &["ask"])?;
                self.predict(block, &directives, &shell)
            }
            "task" => {
                if self.task_line.is_some() {
                    return Err(block.at_info("a lesson has one task block"));
                }
                self.task_line = Some(block.info_line);
                only(kind, &directives, &["goal"])?;
                self.task(block, &attrs, &directives, &shell)
            }
            "solution" => {
                only(kind, &directives, &[])?;
                self.solution(block, &shell)
            }
            "hints" => {
                only(kind, &directives, &["hint", "when"])?;
                self.hints(&directives)
            }
            "wrong" => {
                only(kind, &directives, &[])?;
                self.wrong(block, &attrs, &shell)
            }
            "" => Err(block.at_info("a ```sessionlab block names its kind: setup, predict, task, solution, hints or wrong")),
            other => Err(block.at_info(format!(
                "unknown block kind \"{other}\" (known: setup, predict, task, solution, hints, wrong)"
            ))),
        }
    }

    /// Visible lines become a step per statement; hidden ones one step starting with
    /// [`HIDDEN_MARK`].
    fn setup(&mut self, block: &Block<'_>) -> Mistakes {
        let mut errors = Vec::new();
        let mut hidden = false;
        let mut text = String::new();
        let setup = &mut self.lesson.setup;
        let flush = |text: &mut String, hidden: bool, setup: &mut Vec<SetupStep>| {
            if hidden {
                if !text.trim().is_empty() {
                    setup.push(SetupStep {
                        source: format!("{HIDDEN_MARK}\n{}", text.trim_end()),
                        hidden: true,
                    });
                }
            } else {
                setup.extend(
                    crate::playground::script_steps(text)
                        .into_iter()
                        .map(|source| SetupStep {
                            source,
                            hidden: false,
                        }),
                );
            }
            text.clear();
        };
        for (i, line) in block.lines.iter().enumerate() {
            match line.trim() {
                "//! hide" | "//! show" => {
                    flush(&mut text, hidden, setup);
                    hidden = line.trim() == "//! hide";
                }
                directive if directive.starts_with("//!") => errors.push(error(
                    block.first_line + i,
                    line.find("//!").unwrap_or(0) + 1,
                    format!("unknown directive {directive} in a setup block (it takes //! hide and //! show)"),
                )),
                _ => {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
        flush(&mut text, hidden, setup);
        collected(errors)
    }

    fn predict(
        &mut self,
        block: &Block<'_>,
        directives: &[Directive<'_>],
        shell: &str,
    ) -> Mistakes {
        let mut questions = Vec::new();
        let mut errors = Vec::new();
        for (line, column, directive) in directives {
            let rest = directive.strip_prefix("ask").unwrap_or("").trim();
            match super::predict::parse_questions(rest) {
                Ok(mut q) => questions.append(&mut q),
                Err(message) => errors.push(error(*line, *column + 4, message)),
            }
        }
        if questions.is_empty() && errors.is_empty() {
            errors.push(error(block.info_line, 1, "a predict block asks something: //! ask fate appSession, //! ask error ok Unauthorized, …"));
        }
        if shell.trim().is_empty() {
            errors.push(error(
                block.info_line,
                1,
                "a predict block holds the command it asks about",
            ));
        }
        collected(errors)?;
        self.lesson.predictions.push(Prediction {
            command: shell.trim().to_owned(),
            questions,
            line: block.info_line,
        });
        Ok(())
    }

    fn task(
        &mut self,
        block: &Block<'_>,
        attrs: &[(&str, &str)],
        directives: &[Directive<'_>],
        shell: &str,
    ) -> Mistakes {
        if !shell.trim().is_empty() {
            return Err(block.at_info("a task block holds //! goal lines only"));
        }
        for (key, value) in attrs {
            match *key {
                "conn" => {
                    self.lesson.task.console = value.parse().map_err(|_| {
                        block.at_info(format!("conn={value}: expected a connection number"))
                    })?;
                }
                other => {
                    return Err(
                        block.at_info(format!("unknown task attribute {other}= (it takes conn=N)"))
                    )
                }
            }
        }
        let mut errors = Vec::new();
        for (line, column, directive) in directives {
            let rest = directive.strip_prefix("goal").unwrap_or("").trim();
            match Goal::parse(rest) {
                Ok(goal) => self.lesson.task.goals.push(goal),
                Err(message) => errors.push(error(*line, *column + 5, message)),
            }
        }
        collected(errors)
    }

    fn solution(&mut self, block: &Block<'_>, shell: &str) -> Mistakes {
        if self.solution_seen {
            return Err(block.at_info("a lesson has one solution block"));
        }
        self.solution_seen = true;
        self.lesson.solution = crate::playground::script_steps(shell);
        if self.lesson.solution.is_empty() {
            return Err(block.at_info("the solution block is empty"));
        }
        Ok(())
    }

    fn hints(&mut self, directives: &[Directive<'_>]) -> Mistakes {
        let mut errors = Vec::new();
        for (line, column, directive) in directives {
            if let Some(text) = directive.strip_prefix("hint") {
                self.lesson.hints.push(Hint {
                    text: text.trim().to_owned(),
                    when: None,
                    line: *line,
                });
            } else if let Some(rest) = directive.strip_prefix("when") {
                let Some((condition, text)) = split_condition(rest) else {
                    errors.push(error(
                        *line,
                        *column,
                        "a state hint is //! when <condition>: <text>",
                    ));
                    continue;
                };
                match Condition::parse(condition.trim()) {
                    Ok(when) => self.lesson.hints.push(Hint {
                        text: text.trim().to_owned(),
                        when: Some(when),
                        line: *line,
                    }),
                    Err(message) => errors.push(error(*line, *column + 5, message)),
                }
            }
        }
        collected(errors)
    }

    fn wrong(&mut self, block: &Block<'_>, attrs: &[(&str, &str)], shell: &str) -> Mistakes {
        let hint = attrs
            .iter()
            .find(|(k, _)| *k == "hint")
            .ok_or_else(|| {
                block.at_info(
                    "a wrong block names the hint it must fire: ```sessionlab wrong hint=N",
                )
            })?
            .1
            .parse()
            .map_err(|_| block.at_info("hint=N takes a hint's number"))?;
        let steps = crate::playground::script_steps(shell);
        if steps.is_empty() {
            return Err(block.at_info("the wrong block is empty"));
        }
        self.lesson.wrong.push(Wrong {
            steps,
            hint,
            line: block.info_line,
        });
        Ok(())
    }
}

/// Splits `<condition>: <text>` at the first `:` outside the condition's braces, brackets and
/// quotes, so that a `result { field: value }` condition keeps its own colons.
fn split_condition(rest: &str) -> Option<(&str, &str)> {
    let (mut depth, mut quote) = (0usize, None);
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth = depth.saturating_sub(1),
            (None, ':') if depth == 0 => return Some((&rest[..i], &rest[i + 1..])),
            _ => {}
        }
    }
    None
}
