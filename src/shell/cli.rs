//! The headless runner: `sessionlab run [--json] [--seed N] FILE` runs a script against a
//! fresh deployment and prints the transcript as the console shows it, or JSON Lines (one
//! object per top-level statement). Exit code 0 when the script ran (server errors are
//! results), 2 on a syntax error (reported on stderr), 64 on bad usage, 66 on an unreadable file.

use super::{code_frame, Failure, Outcome, Shell};
use crate::engine::DeploymentOptions;
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str =
    "usage: sessionlab run [--json] [--seed N] FILE\n       (FILE may be - for standard input)";

/// Entry point of the native binary.
pub fn main() -> ExitCode {
    match parse_args() {
        Ok(args) => run(&args),
        Err(message) => {
            eprintln!("sessionlab: {message}\n{USAGE}");
            ExitCode::from(64)
        }
    }
}

struct Args {
    json: bool,
    seed: u64,
    file: String,
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut json = false;
    let mut seed = DeploymentOptions::default().seed;
    let mut file = None;
    let mut command = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("json") => json = true,
            Long("seed") => {
                seed = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?;
            }
            Long("help") | Short('h') => return Err("help".into()),
            Value(v) if command.is_none() => command = Some(v.string().map_err(|e| e.to_string())?),
            Value(v) if file.is_none() => file = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    match command.as_deref() {
        Some("run") => {}
        Some(other) => return Err(format!("unknown command '{other}'")),
        None => return Err("missing command".into()),
    }
    Ok(Args {
        json,
        seed,
        file: file.ok_or("missing FILE")?,
    })
}

fn run(args: &Args) -> ExitCode {
    let source = if args.file == "-" {
        let mut text = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
            eprintln!("sessionlab: cannot read standard input: {e}");
            return ExitCode::from(66);
        }
        text
    } else {
        match std::fs::read_to_string(&args.file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("sessionlab: cannot read {}: {e}", args.file);
                return ExitCode::from(66);
            }
        }
    };
    let mut shell = Shell::new(DeploymentOptions {
        seed: args.seed,
        ..DeploymentOptions::default()
    });
    let records = shell.execute(1, &source);
    if let [record] = records.as_slice() {
        if let Outcome::Error(Failure::Shell { error, .. }) = &record.outcome {
            if error.kind == super::ErrorKind::Syntax {
                eprintln!("{}", code_frame(&source, error));
                return ExitCode::from(2);
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for record in &records {
        let written = if args.json {
            writeln!(out, "{}", record.json())
        } else {
            write!(out, "{}", record.transcript())
        };
        if written.is_err() {
            return ExitCode::from(74);
        }
    }
    ExitCode::SUCCESS
}
