//! The native checkers: `sessionlab check-docs [--json] FILE…` (documentation examples, see
//! [`crate::doc_examples`]) and `sessionlab lesson check [--json] FILE…`, which checks lesson
//! files (see [`super::check`]). Exit 0
//! when every lesson passes, 1 when one fails, 2 when a file is malformed or unreadable, 64 on
//! bad usage. `--json` prints `{ version, status, lessons: [{ file, id, status, checks: [{
//! name, status, message }] }] }`, checks in order, the first failure last.

use super::check::{self, Status};
use std::fmt::Write as _;
use std::process::ExitCode;

const USAGE: &str = "usage: sessionlab lesson check [--json] FILE...";

/// `[--json] FILE…`: whether `--json` was given, and the files (at least one; `None` for bad
/// usage).
fn json_and_files(args: &[String]) -> Option<(bool, Vec<&String>)> {
    let files: Vec<&String> = args.iter().filter(|a| *a != "--json").collect();
    let usable = !files.is_empty() && !files.iter().any(|f| f.starts_with("--"));
    usable.then(|| (args.iter().any(|a| a == "--json"), files))
}

/// `sessionlab check-docs [--json] FILE…`: runs the `sessionlab` blocks of Markdown or HTML
/// pages and checks their `//! expect` lines (see [`crate::doc_examples`]). Exit 0 when every
/// line holds, 1 when one does not, 2 when a page is malformed or unreadable.
pub fn check_docs() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(2).collect();
    let Some((json, files)) = json_and_files(&args) else {
        eprintln!("sessionlab: usage: sessionlab check-docs [--json] FILE...");
        return ExitCode::from(64);
    };
    let mut worst = 0_u8;
    let mut pages = Vec::new();
    for file in files {
        let html = std::path::Path::new(file)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        let (status, lines) = match std::fs::read_to_string(file) {
            Err(e) => (2, vec![serde_json::json!({ "line": 0, "check": "the page is read", "status": "malformed", "message": e.to_string() })]),
            Ok(text) => match crate::doc_examples::check_page(&text, html) {
                Err(errors) => (2, errors.iter().map(|e| serde_json::json!({ "line": e.line, "column": e.column, "check": "the page parses", "status": "malformed", "message": e.message })).collect()),
                Ok(checked) => (
                    u8::from(checked.iter().any(|c| !c.passed)),
                    checked.iter().map(|c| serde_json::json!({ "line": c.line, "check": c.what, "status": if c.passed { "pass" } else { "fail" }, "message": c.why })).collect(),
                ),
            },
        };
        worst = worst.max(status);
        if !json {
            for line in &lines {
                let column = line["column"]
                    .as_u64()
                    .map(|c| format!(":{c}"))
                    .unwrap_or_default();
                let message = line["message"].as_str().unwrap_or("");
                println!(
                    "{file}:{}{column}: {} {}{}",
                    line["line"],
                    line["status"].as_str().unwrap_or(""),
                    line["check"].as_str().unwrap_or(""),
                    if message.is_empty() {
                        String::new()
                    } else {
                        format!(": {message}")
                    }
                );
            }
        }
        pages.push(serde_json::json!({ "file": file, "checks": lines }));
    }
    if json {
        println!(
            "{:#}",
            serde_json::json!({ "version": 1, "status": if worst == 0 { "pass" } else { "fail" }, "pages": pages })
        );
    }
    ExitCode::from(worst)
}

/// Entry point (the arguments after the program name start with `lesson`).
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(2).collect();
    let Some(("check", rest)) = args.split_first().map(|(c, r)| (c.as_str(), r)) else {
        eprintln!("sessionlab: {USAGE}");
        return ExitCode::from(64);
    };
    let Some((json, files)) = json_and_files(rest) else {
        eprintln!("sessionlab: {USAGE}");
        return ExitCode::from(64);
    };
    let mut worst = 0_u8;
    let mut reports = Vec::new();
    for file in files {
        let (status, report) = check_file(file);
        worst = worst.max(status);
        if !json {
            print!("{}", text_report(&report));
        }
        reports.push(report);
    }
    if json {
        let all = serde_json::json!({
            "version": 1,
            "status": if worst == 0 { "pass" } else { "fail" },
            "lessons": reports.iter().map(FileReport::json).collect::<Vec<_>>(),
        });
        println!("{all:#}");
    }
    ExitCode::from(worst)
}

/// One file's outcome.
struct FileReport {
    file: String,
    id: Option<String>,
    /// Parse errors, `file:line:column: message`.
    malformed: Vec<String>,
    checks: Vec<check::Check>,
}

impl FileReport {
    fn status(&self) -> &'static str {
        if !self.malformed.is_empty() {
            "malformed"
        } else if check::passed(&self.checks) {
            "pass"
        } else {
            "fail"
        }
    }

    fn json(&self) -> serde_json::Value {
        let mut checks: Vec<serde_json::Value> = self
            .malformed
            .iter()
            .map(|m| serde_json::json!({ "name": "the file parses", "status": "fail", "message": m }))
            .collect();
        checks.extend(self.checks.iter().map(|c| {
            serde_json::json!({ "name": c.name, "status": c.status.code(), "message": c.message })
        }));
        serde_json::json!({ "file": self.file, "id": self.id, "status": self.status(), "checks": checks })
    }
}

/// Checks one file: `(exit status, report)`.
fn check_file(file: &str) -> (u8, FileReport) {
    let mut report = FileReport {
        file: file.to_owned(),
        id: None,
        malformed: Vec::new(),
        checks: Vec::new(),
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            report
                .malformed
                .push(format!("{file}: cannot read it: {e}"));
            return (2, report);
        }
    };
    match super::parse(&text) {
        Err(errors) => {
            report.malformed = errors.iter().map(|e| format!("{file}:{e}")).collect();
            (2, report)
        }
        Ok(lesson) => {
            report.id = Some(lesson.id.clone());
            report.checks = check::check(&lesson);
            (u8::from(!check::passed(&report.checks)), report)
        }
    }
}

fn text_report(report: &FileReport) -> String {
    let mut out = format!(
        "{} {}{}\n",
        report.status().to_uppercase(),
        report.file,
        report
            .id
            .as_ref()
            .map(|id| format!(" ({id})"))
            .unwrap_or_default()
    );
    for line in &report.malformed {
        let _ = writeln!(out, "  error: {line}");
    }
    for c in &report.checks {
        let mark = if c.status == Status::Pass {
            "ok  "
        } else {
            "FAIL"
        };
        let _ = write!(out, "  {mark} {}", c.name);
        if !c.message.is_empty() {
            let _ = write!(out, ": {}", c.message);
        }
        out.push('\n');
    }
    out
}
