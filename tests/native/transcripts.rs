//! Golden transcripts: every `tests/scripts/*.js` runs on a fresh deployment and its console
//! transcript must equal the `.out` beside it; every menu scenario likewise
//! (`tests/scripts/scenario-<id>.out`). `UPDATE_EXPECT=1 cargo test --test native transcripts`
//! rewrites the files; review the diff. Also the runner's CLI contract (exit codes, JSON Lines).

use std::path::{Path, PathBuf};
use std::process::Command;

fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts")
}

fn transcript(script: &str) -> String {
    let mut shell = sessionlab::shell::Shell::default();
    shell
        .execute(1, script)
        .iter()
        .map(sessionlab::shell::Record::transcript)
        .collect()
}

#[track_caller]
fn check_golden(actual: &str, golden: &Path) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(golden, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(golden)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_EXPECT=1", golden.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{} differs from the transcript at line {}:\n  expected: {:?}\n  actual:   {:?}",
            golden.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn script_transcripts_match_their_golden_files() {
    let mut checked = 0;
    for entry in std::fs::read_dir(scripts_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("js") {
            let script = std::fs::read_to_string(&path).unwrap();
            check_golden(&transcript(&script), &path.with_extension("out"));
            checked += 1;
        }
    }
    assert!(checked >= 2, "found {checked} scripts");
}

#[test]
fn scenario_transcripts_match_their_golden_files() {
    for scenario in sessionlab::scenarios::SCENARIOS {
        check_golden(
            &transcript(scenario.script),
            &scripts_dir().join(format!("scenario-{}.out", scenario.id)),
        );
    }
}

#[test]
fn no_statement_of_a_scenario_fails_unexpectedly() {
    for scenario in sessionlab::scenarios::SCENARIOS {
        let mut shell = sessionlab::shell::Shell::default();
        let failures: Vec<String> = shell
            .execute(1, scenario.script)
            .iter()
            .filter(|r| r.is_error())
            .map(|r| r.source.clone())
            .collect();
        let expected: &[&str] = match scenario.id {
            "prepared-survives" => &["s1.commitTransaction()"],
            "kill-own" => &["appDb.getSiblingDB(\"admin\").runCommand({ killAllSessions: [] })"],
            _ => &[],
        };
        assert_eq!(failures, expected, "scenario {}", scenario.id);
    }
}

fn runner(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sessionlab"));
    command
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_runner_prints_the_transcript_and_exits_zero_even_with_server_errors() {
    let path = scripts_dir().join("manual-pages.js");
    let (code, stdout, _) = runner(&["run", path.to_str().unwrap()], None);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        std::fs::read_to_string(path.with_extension("out")).unwrap()
    );
    let (code, stdout, _) = runner(&["run", "-"], Some("db.runCommand({ nosuch: 1 })"));
    assert_eq!(code, 0);
    assert!(stdout.contains("MongoServerError[CommandNotFound]: no such command: 'nosuch'"));
}

#[test]
fn the_runner_prints_json_lines() {
    let script = "db.runCommand({ killAllSessions: [] })\ndb.runCommand({ killAllSessions: 1 })\nconst x = 1\nnosuch";
    let (code, stdout, _) = runner(&["run", "--json", "-"], Some(script));
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["source"], "db.runCommand({ killAllSessions: [] })");
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["result"], serde_json::json!({ "ok": 1.0 }));
    assert!(lines[0]["verdicts"].is_array());
    assert_eq!(
        lines[1]["error"],
        serde_json::json!({ "name": "MongoServerError", "code": 14, "codeName": "TypeMismatch", "errmsg": "BSON field 'KillAllSessionsCmd.killAllSessions' is the wrong type 'int', expected type 'array'", "errorLabels": [] })
    );
    assert!(lines[2].get("result").is_none() && lines[2].get("error").is_none());
    assert_eq!(lines[3]["error"]["name"], "ReferenceError");
    assert_eq!(lines[3]["error"]["line"], 4);
}

#[test]
fn the_runner_exits_two_on_a_syntax_error_with_the_frame_on_stderr() {
    let (code, stdout, stderr) = runner(&["run", "-"], Some("db.runCommand({ ping: 1 }\n"));
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(stderr, "SyntaxError: unclosed '(': expected ')' before the end of input (1:14)\n1 | db.runCommand({ ping: 1 }\n                 ^\nhint: add the missing ')'\n");
    let (code, _, stderr) = runner(&["run"], None);
    assert_eq!(code, 64);
    assert!(stderr.contains("usage: sessionlab run"));
}
