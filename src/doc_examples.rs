//! Documentation examples that stay true: the ```` ```sessionlab ```` fences of a Markdown page
//! (and the `<code class="language-sessionlab">` blocks of an HTML page) run on the engine, and
//! their `//! expect <goal>` lines are checked, like doctests. An `expect` line is any lesson
//! goal line (`killed appSession`, `survived owner=auditor@db3`, `error 13`, …), checked
//! against what the block's own statements did. `sessionlab check-docs` runs it.
//!
//! Inside a block: `//! hide` / `//! show` (lines the reader does not see; they still run, as
//! one step), `//! expect <goal>`, and `//! choice "label" <command>` (a clickable variant of
//! the block's last step: the checker runs each one in its place, on the same steps before it,
//! and requires it to run without a shell error). The fence's `scenario=ID` attribute starts
//! from a built-in scenario's steps before its first kill.
//!
//! The same reading serves the page: `sessionlab-embed.js` hands a block's text to a mounted
//! playground ([`block`]), which runs [`Example::steps`] and shows the `expect` lines checked
//! live against the step shown, and the choices as buttons.

use crate::lessons::checklist::{self, TaskState};
use crate::lessons::goals::Goal;
use crate::playground::{script_steps, Playground};
use crate::shell::Outcome;

/// One example found in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The line of its opening fence (or `<code>` tag), 1-based.
    pub line: usize,
    /// The built-in scenario it starts from.
    pub scenario: Option<String>,
    /// The shell lines it runs, hidden ones included.
    pub source: String,
    /// Its steps: each run of hidden lines as one step starting with
    /// [`crate::lessons::format::HIDDEN_MARK`], each visible statement as its own.
    pub steps: Vec<String>,
    /// Its `//! expect` lines, their goals as written ([`Example::goals`] reads them).
    pub expects: Vec<Expect>,
    /// `(line, label, command)` per `//! choice` line.
    pub choices: Vec<(usize, String, String)>,
}

/// An `//! expect` line. Its goal is read where it is checked: `check-docs` reads every goal
/// when it reads a page ([`examples`]); a page's playground leaves them to the code that checks
/// them (the browser's checks part), so a page whose blocks expect nothing never carries the
/// goals' reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// Line, 1-based.
    pub line: usize,
    /// The column where the goal starts, 1-based.
    pub column: usize,
    /// The goal as written (`killed appSession`).
    pub goal: String,
}

/// A mistake in a page, at its line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The raw blocks of a page: `(line of the fence, info string, [(line, text)])`.
type RawBlock = (usize, String, Vec<(usize, String)>);

/// The `sessionlab` blocks of a Markdown page (not those shown inside a longer fence, as an
/// example of the syntax).
fn markdown_blocks(text: &str) -> Vec<RawBlock> {
    let mut blocks = Vec::new();
    let mut open: Option<RawBlock> = None;
    let mut outer: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let trimmed = line.trim_start();
        let ticks = trimmed.len() - trimmed.trim_start_matches('`').len();
        // CommonMark: a backtick fence's info string has no backtick (```` ```x ```` starting
        // a line is inline code, not a fence).
        let is_fence = ticks >= 3 && !trimmed[ticks..].contains('`');
        if open.is_none() && ticks >= 4 && is_fence {
            outer = match outer {
                Some(n) if n == ticks && trimmed.trim_end().len() == ticks => None,
                None => Some(ticks),
                keep => keep,
            };
            continue;
        }
        if outer.is_some() {
            continue;
        }
        match &mut open {
            Some(block) if trimmed.trim_end() == "```" => {
                blocks.push(std::mem::take(block));
                open = None;
            }
            Some((_, _, lines)) => lines.push((number, line.to_owned())),
            None if is_fence => {
                if let Some(info) = trimmed.strip_prefix("```sessionlab") {
                    if info.is_empty() || info.starts_with(char::is_whitespace) {
                        open = Some((number, info.trim().to_owned(), Vec::new()));
                    }
                }
            }
            None => {}
        }
    }
    blocks
}

/// The `<code class="language-sessionlab" …>` blocks of an HTML page (attributes of the
/// `<code>` tag or of an enclosing `<session-lab>` element), entities decoded.
fn html_blocks(text: &str) -> Vec<RawBlock> {
    const TAG: &str = "<code class=\"language-sessionlab\"";
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(TAG).map(|i| i + from) {
        let Some(tag_end) = text[at..].find('>').map(|i| i + at) else {
            break;
        };
        let Some(end) = text[tag_end..].find("</code>").map(|i| i + tag_end) else {
            break;
        };
        let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
        let mut info = attributes_of(&text[at + TAG.len()..tag_end]);
        if let Some(element) = text[..at].rfind("<session-lab") {
            if text[element..at].find("</session-lab>").is_none() {
                let element_end = text[element..].find('>').map_or(at, |i| i + element);
                info = format!("{} {info}", attributes_of(&text[element + 12..element_end]));
            }
        }
        let body_start = tag_end + 1;
        let first = line_of(body_start);
        let lines = decode_entities(&text[body_start..end])
            .lines()
            .enumerate()
            .map(|(i, l)| (first + i, l.to_owned()))
            .collect();
        blocks.push((line_of(at), info.trim().to_owned(), lines));
        from = end;
    }
    blocks
}

/// `name="value"` attributes as `name=value` words.
fn attributes_of(tag: &str) -> String {
    let mut words = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].split_whitespace().last().unwrap_or("");
        let after = &rest[eq + 2..];
        let Some(close) = after.find('"') else {
            break;
        };
        if !name.is_empty() && name != "class" {
            words.push(format!("{name}={}", decode_entities(&after[..close])));
        }
        rest = &after[close + 1..];
    }
    words.join(" ")
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The examples of a page (`html` for an HTML page, else Markdown).
///
/// # Errors
/// Every malformed directive or attribute, positioned.
pub fn examples(text: &str, html: bool) -> Result<Vec<Example>, Vec<DocError>> {
    let raw = if html {
        html_blocks(text)
    } else {
        markdown_blocks(text)
    };
    let mut errors = Vec::new();
    let found = raw
        .into_iter()
        .map(|(line, info, lines)| {
            let example = read_block(line, &info, lines, &mut errors);
            errors.extend(example.goals().err().unwrap_or_default());
            example
        })
        .collect();
    crate::collections::sort_by(&mut errors, |a, b| {
        (a.line, a.column).cmp(&(b.line, b.column))
    });
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// One block's text, as a page's loader hands it to a playground (`scenario` from its element).
/// Its `expect` lines' goals are not read here ([`Expect`]).
///
/// # Errors
/// Its malformed directives, positioned within the block.
pub fn block(text: &str, scenario: Option<&str>) -> Result<Example, Vec<DocError>> {
    let info = scenario
        .map(|id| format!("scenario={id}"))
        .unwrap_or_default();
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect();
    let mut errors = Vec::new();
    let example = read_block(0, &info, lines, &mut errors);
    if errors.is_empty() {
        Ok(example)
    } else {
        Err(errors)
    }
}

/// Reads one block: its attributes, directives and steps.
fn read_block(
    line: usize,
    info: &str,
    lines: Vec<(usize, String)>,
    errors: &mut Vec<DocError>,
) -> Example {
    let mut example = Example {
        line,
        scenario: None,
        source: String::new(),
        steps: Vec::new(),
        expects: Vec::new(),
        choices: Vec::new(),
    };
    for word in info.split_whitespace() {
        match word.split_once('=') {
            Some(("scenario", id)) if crate::scenarios::find(id).is_some() => {
                example.scenario = Some(id.to_owned());
            }
            Some(("scenario", id)) => errors.push(DocError {
                line,
                column: 1,
                message: format!("there is no scenario called \"{id}\""),
            }),
            // The embed's options (step, readonly, theme, height, …) are the page's business.
            _ => {}
        }
    }
    // Runs of lines, hidden or not, in order.
    let mut runs: Vec<(bool, String)> = Vec::new();
    let mut hidden = false;
    for (number, text) in lines {
        let trimmed = text.trim_start();
        let column = text.len() - trimmed.len() + 1;
        let Some(directive) = trimmed.strip_prefix("//!") else {
            example.source.push_str(&text);
            example.source.push('\n');
            match runs.last_mut() {
                Some((h, run)) if *h == hidden => run.push_str(&text),
                _ => runs.push((hidden, text)),
            }
            if let Some((_, run)) = runs.last_mut() {
                run.push('\n');
            }
            continue;
        };
        let directive = directive.trim();
        match directive {
            "hide" => hidden = true,
            "show" => hidden = false,
            _ => read_directive(&mut example, directive, (number, column + 4), errors),
        }
    }
    example.steps = runs
        .into_iter()
        .flat_map(|(hidden, run)| {
            if hidden {
                vec![format!(
                    "{}\n{}",
                    crate::lessons::format::HIDDEN_MARK,
                    run.trim_end()
                )]
            } else {
                script_steps(&run)
            }
        })
        .filter(|step| !step.trim().is_empty())
        .collect();
    example
}

/// An `expect` or `choice` directive (`at` is the column after `//! `).
fn read_directive(
    example: &mut Example,
    directive: &str,
    (number, at): (usize, usize),
    errors: &mut Vec<DocError>,
) {
    if let Some(goal) = directive.strip_prefix("expect ") {
        example.expects.push(Expect {
            line: number,
            column: at + 7,
            goal: goal.trim().to_owned(),
        });
    } else if let Some(rest) = directive.strip_prefix("choice ") {
        match parse_choice(rest.trim()) {
            Some((label, command)) => example.choices.push((number, label, command)),
            None => errors.push(DocError {
                line: number,
                column: at + 7,
                message: "a choice is //! choice \"label\" <command>".to_owned(),
            }),
        }
    } else {
        errors.push(DocError {
            line: number,
            column: at,
            message: format!(
                "unknown directive //! {directive} (known: hide, show, expect, choice)"
            ),
        });
    }
}

fn parse_choice(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix('"')?;
    let close = rest.find('"')?;
    let command = rest[close + 1..].trim();
    (!command.is_empty()).then(|| (rest[..close].to_owned(), command.to_owned()))
}

/// One checked line: where, what, and why it failed (empty when it held).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The line checked.
    pub line: usize,
    /// What was checked (`expect killed appSession`).
    pub what: String,
    /// Whether it held.
    pub passed: bool,
    /// Why not.
    pub why: String,
}

impl Example {
    /// Its `expect` lines' goals, in order.
    ///
    /// # Errors
    /// Every line that is not a goal, positioned.
    pub fn goals(&self) -> Result<Vec<Goal>, Vec<DocError>> {
        let mut errors = Vec::new();
        let goals = self
            .expects
            .iter()
            .filter_map(|expect| {
                Goal::parse(&expect.goal)
                    .map_err(|message| {
                        errors.push(DocError {
                            line: expect.line,
                            column: expect.column,
                            message,
                        });
                    })
                    .ok()
            })
            .collect();
        if errors.is_empty() {
            Ok(goals)
        } else {
            Err(errors)
        }
    }

    /// The steps a page's playground runs for it, and how many come before the example's own:
    /// its scenario's steps before the kill, as one hidden step, then its own steps.
    pub fn playground_steps(&self) -> (usize, Vec<String>) {
        let start = start_of(self);
        let prefix: Vec<String> = start.steps()[..start.cursor()]
            .iter()
            .map(|step| step.source.clone())
            .collect();
        let before = usize::from(!prefix.is_empty());
        let hidden = (!prefix.is_empty()).then(|| {
            format!(
                "{}\n{}",
                crate::lessons::format::HIDDEN_MARK,
                prefix.join("\n")
            )
        });
        (
            before,
            hidden
                .into_iter()
                .chain(self.steps.iter().cloned())
                .collect(),
        )
    }
}

/// A playground at the example's start (its scenario's steps before the first kill).
fn start_of(example: &Example) -> Playground {
    let mut playground = Playground::default();
    if let Some(scenario) = example.scenario.as_deref().and_then(crate::scenarios::find) {
        playground.run_script(1, scenario.script);
        let first_kill = playground
            .steps()
            .iter()
            .position(|step| step.records.iter().any(|r| r.report.is_some()));
        // Shown before the kill: the example's own steps take the place of the rest.
        playground.go_to(first_kill.unwrap_or(playground.steps().len()));
    }
    playground
}

/// Runs an example and checks its `expect` lines and its choices (a line that is not a goal
/// fails, saying why).
pub fn check(example: &Example) -> Vec<Checked> {
    let goals = match example.goals() {
        Ok(goals) => goals,
        Err(errors) => {
            return errors
                .into_iter()
                .map(|error| Checked {
                    line: error.line,
                    what: "the expect line is a goal".to_owned(),
                    passed: false,
                    why: error.to_string(),
                })
                .collect();
        }
    };
    let mut playground = start_of(example);
    let start = playground.shell_rc();
    let first = playground.cursor();
    for step in &example.steps {
        playground.run(1, step);
    }
    let steps = &playground.steps()[first..];
    let state = TaskState {
        start: &start,
        now: playground.shell(),
        steps,
        first_step: first + 1,
    };
    let mut outcomes: Vec<Checked> = checklist::evaluate(&goals, &state)
        .into_iter()
        .zip(goals.iter().zip(&example.expects))
        .map(|(result, (goal, expect))| Checked {
            line: expect.line,
            what: format!("expect {}", goal.text),
            passed: result.met,
            why: result.why,
        })
        .collect();
    if let Some(syntax) = steps.iter().flat_map(|s| &s.records).find(|r| {
        matches!(
            &r.outcome,
            Outcome::Error(crate::shell::Failure::Shell { .. })
        )
    }) {
        outcomes.push(Checked {
            line: example.line,
            what: "the example runs".to_owned(),
            passed: false,
            why: syntax.output().trim().to_owned(),
        });
    }
    for (line, label, command) in &example.choices {
        // In the place of the block's last step, after the ones before it.
        let mut variant = start_of(example);
        for step in &example.steps[..example.steps.len().saturating_sub(1)] {
            variant.run(1, step);
        }
        let records = variant.run(1, command);
        let failed = records.iter().find(|r| {
            matches!(
                &r.outcome,
                Outcome::Error(crate::shell::Failure::Shell { .. })
            )
        });
        outcomes.push(Checked {
            line: *line,
            what: format!("choice \"{label}\" runs"),
            passed: failed.is_none(),
            why: failed
                .map(|r| r.output().trim().to_owned())
                .unwrap_or_default(),
        });
    }
    outcomes
}

/// Every example of a page checked, in order.
///
/// # Errors
/// The page's malformed directives, positioned.
pub fn check_page(text: &str, html: bool) -> Result<Vec<Checked>, Vec<DocError>> {
    Ok(examples(text, html)?.iter().flat_map(check).collect())
}
