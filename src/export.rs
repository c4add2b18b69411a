//! Files a playground writes and reads: the scenario as JSON (to open again later or
//! elsewhere) and the transcript as Markdown (for issues and course material) and as JSON (the
//! runner's records, as `sessionlab run --json` prints them). Natively the JSON text comes from
//! `serde_json`; in the browser from its own `JSON` (`ui::files`), so the app has no JSON
//! library.

use crate::engine::operations::ConnId;
use crate::playground::{SavedPlayground, Step};
use crate::shell::json::{Numbers, RecordJson};
use crate::shell::SessionNames;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::rc::Rc;

/// The `format` value of a scenario file.
pub const SCENARIO_FORMAT: &str = "sessionlab-scenario";

/// A scenario file: `{ "format": "sessionlab-scenario", "version": 1, "steps": [{ "console",
/// "source" }, …], "step": n, "seed": n }`, and for a saved workshop (presenter mode's "Save
/// workshop") `"branches": [{ "at": n, "steps": […] }, …]`: the timelines the forks kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Always [`SCENARIO_FORMAT`].
    pub format: String,
    /// Always 1.
    pub version: u32,
    /// The inputs, in order.
    pub steps: Vec<FileStep>,
    /// The step shown (how many steps are applied).
    pub step: usize,
    /// The id seed.
    pub seed: u64,
    /// The branches kept by forks (a workshop), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<FileBranch>,
}

/// A branch of a workshop file: a whole timeline, sharing its first `at` steps with the one it
/// forked from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileBranch {
    /// Steps shared with the timeline it forked from.
    pub at: usize,
    /// The timeline's inputs.
    pub steps: Vec<FileStep>,
}

/// A timeline and the branches kept with it.
pub type Workshop = (SavedPlayground, Vec<(usize, SavedPlayground)>);

/// One input of a scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileStep {
    /// The console (connection number) it ran on.
    pub console: ConnId,
    /// The text typed.
    pub source: String,
}

impl ScenarioFile {
    /// The fields a file may have (every other is refused).
    pub const FIELDS: &'static [&'static str] =
        &["format", "version", "steps", "step", "seed", "branches"];

    /// A workshop: the timeline and the branches its forks kept.
    pub fn workshop(saved: &SavedPlayground, branches: &[(usize, SavedPlayground)]) -> Self {
        Self {
            branches: branches
                .iter()
                .map(|(at, branch)| FileBranch {
                    at: *at,
                    steps: file_steps(branch),
                })
                .collect(),
            ..Self::from(saved)
        }
    }

    /// The workshop to restore: the timeline, then each branch read by the same rules.
    ///
    /// # Errors
    /// A sentence saying what is wrong with the file or with one of its branches.
    pub fn into_workshop(mut self) -> Result<Workshop, String> {
        let branches = std::mem::take(&mut self.branches);
        let seed = self.seed;
        let saved = self.into_saved()?;
        let branches = branches
            .into_iter()
            .enumerate()
            .map(|(i, branch)| {
                let file = ScenarioFile {
                    format: SCENARIO_FORMAT.to_owned(),
                    version: 1,
                    step: branch.steps.len(),
                    steps: branch.steps,
                    seed,
                    branches: Vec::new(),
                };
                file.into_saved()
                    .map(|timeline| (branch.at.min(timeline.steps.len()), timeline))
                    .map_err(|why| format!("branch {}: {why}", i + 1))
            })
            .collect::<Result<_, _>>()?;
        Ok((saved, branches))
    }
}

fn file_steps(saved: &SavedPlayground) -> Vec<FileStep> {
    saved
        .steps
        .iter()
        .map(|(console, source)| FileStep {
            console: *console,
            source: source.clone(),
        })
        .collect()
}

impl FileStep {
    /// The fields a step may have.
    pub const FIELDS: &'static [&'static str] = &["console", "source"];
}

impl From<&SavedPlayground> for ScenarioFile {
    fn from(saved: &SavedPlayground) -> Self {
        Self {
            format: SCENARIO_FORMAT.to_owned(),
            version: 1,
            steps: file_steps(saved),
            step: saved.cursor,
            seed: saved.seed,
            branches: Vec::new(),
        }
    }
}

impl ScenarioFile {
    /// The playground to restore.
    ///
    /// # Errors
    /// A sentence saying what is wrong, when the file is not a version-1 scenario file.
    pub fn into_saved(self) -> Result<SavedPlayground, String> {
        if self.format != SCENARIO_FORMAT {
            return Err(format!(
                "this is not a Session Lab scenario file (its format is \"{}\")",
                self.format
            ));
        }
        if self.version != 1 {
            return Err(format!(
                "this scenario file is version {}; this Session Lab reads version 1",
                self.version
            ));
        }
        if self.steps.len() > SavedPlayground::MAX_STEPS {
            return Err(format!(
                "this scenario file has {} steps; a playground holds at most {}",
                self.steps.len(),
                SavedPlayground::MAX_STEPS
            ));
        }
        if let Some(step) = self.steps.iter().find(|s| s.console == 0) {
            return Err(format!(
                "the step \"{}\" has console 0; consoles are numbered from 1",
                step.source
            ));
        }
        let steps: Vec<(ConnId, String)> = self
            .steps
            .into_iter()
            .map(|s| (s.console, s.source))
            .collect();
        Ok(SavedPlayground {
            cursor: self.step.min(steps.len()),
            steps,
            seed: self.seed,
        })
    }
}

/// A fenced code block whose fence is longer than any run of backticks in `text`, so nothing in
/// the text can close it (a `/* ``` */` comment once ended the block and injected Markdown).
pub fn fenced(language: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{language}\n{text}\n{fence}\n")
}

/// Text for one table cell: on one line, with Markdown's punctuation escaped, so a user name
/// like `a|b\n# Title` stays a name instead of becoming cells, headings, links or images.
pub fn table_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '|' | '#' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The transcript of the steps shown, as Markdown: each step's input (without its `//!`
/// directives: a presenter's notes stay private) as a `js` block, what it
/// printed and returned as a text block, and after a kill command a table of verdicts, each
/// session named as the page names it (`names`: its variable, or its implicit session's
/// connection) and each verdict with the command entry that decided it.
pub fn markdown(steps: &[Rc<Step>], names: &SessionNames) -> String {
    let mut out = String::from("# Session Lab transcript\n");
    for (i, step) in steps.iter().enumerate() {
        let _ = write!(
            out,
            "\n**Step {}** · conn{}\n\n{}",
            i + 1,
            step.console,
            fenced(
                "js",
                crate::presenter::without_directives(&step.source).trim_end()
            )
        );
        let output: String = step
            .records
            .iter()
            .map(crate::shell::Record::output)
            .collect();
        if !output.is_empty() {
            let _ = write!(out, "\n{}", fenced("text", output.trim_end_matches('\n')));
        }
        for report in step.records.iter().filter_map(|r| r.report.as_ref()) {
            let _ = write!(
                out,
                "\nVerdicts of {}:\n\n| session | owner | fate | decided by | why |\n| --- | --- | --- | --- | --- |\n",
                report.command
            );
            for v in report.verdicts() {
                let fate = v.fate.code();
                let name = names
                    .name(&v.id)
                    .map(|n| format!("{} ", table_cell(n)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {name}`{}` | {} | **{fate}** | {} | {} |",
                    &v.id[..8],
                    table_cell(v.user.as_deref().unwrap_or("(no user)")),
                    table_cell(&v.decided_by),
                    table_cell(&v.explanation)
                );
            }
        }
    }
    out
}

/// The runner's records of the steps shown (one per top-level statement).
pub fn transcript_records(steps: &[Rc<Step>], numbers: Numbers) -> Vec<RecordJson<'_>> {
    steps
        .iter()
        .flat_map(|step| {
            step.records
                .iter()
                .map(move |r| RecordJson::new(r, numbers))
        })
        .collect()
}

/// The transcript of the steps shown as a JSON array of the runner's records.
#[cfg(not(target_arch = "wasm32"))]
pub fn transcript_json(steps: &[Rc<Step>]) -> String {
    serde_json::to_string_pretty(&transcript_records(steps, Numbers::Relaxed)).unwrap_or_default()
}

/// The scenario file's JSON text.
#[cfg(not(target_arch = "wasm32"))]
pub fn scenario_json(saved: &SavedPlayground) -> String {
    serde_json::to_string_pretty(&ScenarioFile::from(saved)).unwrap_or_default()
}

/// Reads a scenario file.
///
/// # Errors
/// A sentence saying what is wrong: not JSON (with its line and column), not a scenario file,
/// or an unknown version.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_scenario(text: &str) -> Result<SavedPlayground, String> {
    let file: ScenarioFile = serde_json::from_str(text).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            format!("the file is not JSON ({e})")
        } else {
            format!("the file is not a Session Lab scenario ({e})")
        }
    })?;
    file.into_saved()
}
