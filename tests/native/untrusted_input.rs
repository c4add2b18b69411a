//! Issue 16: a link, a scenario file or a script is untrusted input. Every input the audit
//! reproduced gives an error or a result (never a panic), stays within the value limits
//! (16 MiB, 100 levels) and the work budget of one input, and keeps its output small.

use sessionlab::engine::EventKind;
use sessionlab::playground::Playground;
use sessionlab::shell::budget::{INPUT_WORK, STATEMENT_EVENTS, STATEMENT_OUTPUT_BYTES};
use sessionlab::shell::{Outcome, Record, Shell};

/// Runs `input` on `shell` and returns the text of its last record (value or error).
fn last_text(records: &[Record]) -> String {
    match &records.last().expect("a record").outcome {
        Outcome::Error(failure) => failure.text(),
        Outcome::Value { text, .. } => text.clone(),
        Outcome::Silent => String::new(),
    }
}

#[test]
fn handles_held_across_lab_reset_never_panic() {
    // Each of these used to index the session or cursor list of the shell that `lab.reset()`
    // had just replaced (a panic, so the app aborted on every reload of such a link).
    for input in [
        "db.getMongo().startSession().endSession(lab.reset())",
        "db.c.find().limit([lab.reset(), 5][1])",
        "db.c.find().batchSize([lab.reset(), 5][1])",
        "db.c.find().next([lab.reset()])",
        "db.getMongo().startSession().getDatabase(\"x\").c.insertOne([lab.reset(), {}][1])",
    ] {
        let mut shell = Shell::default();
        shell.execute(1, "db.c.insertOne({ _id: 1 }); lab.setAuth(true)");
        let records = shell.execute(1, input);
        assert!(
            records[0]
                .printed
                .iter()
                .any(|l| l.starts_with("Session Lab reset")),
            "{input}: {records:?}"
        );
        // The reset took effect when the statement ended: nothing of before is left.
        assert!(!shell.deployment.auth_enabled(), "{input}");
        assert_eq!(
            last_text(&shell.execute(1, "db.c.countDocuments({})")),
            "0",
            "{input}"
        );
    }
}

#[test]
fn negating_the_smallest_int_gives_a_double_as_javascript_does() {
    let mut shell = Shell::default();
    shell.execute(1, "x = NumberInt(\"-2147483648\")");
    let records = shell.execute(1, "const x = NumberInt(\"-2147483648\"); -x");
    assert_eq!(last_text(&records), "2147483648");
    let records = shell.execute(1, "const y = NumberLong(\"-9223372036854775808\"); -y");
    assert_eq!(last_text(&records), "9223372036854776000");
}

#[test]
fn a_doubling_array_stops_at_the_work_budget_instead_of_exhausting_memory() {
    let mut playground = Playground::default();
    playground.run(1, "let a = [1]");
    let mut stopped_at = None;
    for step in 1..=23 {
        let records = playground.run(1, "a = [a, a]");
        let text = last_text(&records);
        // (An assignment prints its value, as mongosh prints it: six levels, then `[Array]`.)
        if text.starts_with("MongoshInvalidInputError") {
            assert_eq!(
                text.lines().next(),
                Some(format!("MongoshInvalidInputError: this input stopped after {INPUT_WORK} units of work (commands, documents touched, timer steps, events) (1:9)").as_str()),
            );
            stopped_at.get_or_insert(step);
        }
    }
    // Reading `a` copies it: after 12 doublings it holds 8,191 values, and its two copies
    // (16,382) are more than one input's 15,000 units. The value stays what it was.
    assert_eq!(INPUT_WORK, 15_000);
    assert_eq!(stopped_at, Some(13));
    assert_eq!(
        last_text(&playground.run(1, "a[0][0][0][0][0][0][0][0][0][0][0][0][0]")),
        "1"
    );
}

#[test]
fn a_doubling_string_array_stops_at_16_mib() {
    let mut playground = Playground::default();
    playground.run(1, &format!("let a = [\"{}\"]", "x".repeat(30_000)));
    let mut stopped_at = None;
    for step in 1..=12 {
        let text = last_text(&playground.run(1, "a = [a, a]"));
        if text.starts_with("MongoshInvalidInputError") {
            assert_eq!(
                text.lines().next(),
                Some("MongoshInvalidInputError: this value is larger than 16777216 bytes as BSON (1:5)"),
            );
            stopped_at.get_or_insert(step);
        }
    }
    // 2^9 strings of 30,000 bytes are 15.4 MB as BSON; the tenth doubling would make 30.7 MB.
    assert_eq!(stopped_at, Some(10));
}

#[test]
fn nesting_stops_at_100_levels_without_overflowing_the_stack() {
    let mut shell = Shell::default();
    let input = format!("let a = 1; {}", "a = {x: a}; ".repeat(2000));
    let records = shell.execute(1, &input);
    // `let a = 1`, then 100 levels of nesting, all fine; the 101st level is refused, at its
    // object literal (column 11 + 100 × 12 + 5), and so is every one after it, until the
    // input's work budget stops it (each statement copies a value 100 levels deep).
    assert!(last_text(&records[..=100]).contains("x: { x: { x: { x: [Object] } } }"));
    assert_eq!(
        last_text(&records[..=101]).lines().next(),
        Some("MongoshInvalidInputError: this value nests more than 100 levels of documents and arrays (1:1216)")
    );
    assert!(last_text(&records[..=102]).contains("nests more than 100 levels"));
    assert!(records.len() < 2001, "{}", records.len());
    assert!(last_text(&records).contains("units of work"));
    // Assigning a field can nest a value too.
    let records = shell.execute(
        1,
        &format!("let b = {{}}; {}", "b.x = {y: b}; ".repeat(120)),
    );
    assert!(last_text(&records).contains("nests more than 100 levels"));
}

#[test]
fn a_year_of_refresh_ticks_over_running_operations_is_a_handful_of_events() {
    let mut shell = Shell::default();
    let start = "const c = new Mongo(); lab.background(c.getDB(\"admin\").runCommand({ sleep: 1, secs: 31000000 }))\n";
    shell.execute(1, &start.repeat(50));
    let records = shell.execute(1, "lab.advance(\"366d\")");
    let events = &records[0].events;
    assert!(events.len() <= STATEMENT_EVENTS, "{} events", events.len());
    let refreshes: Vec<_> = events
        .iter()
        .filter(|e| e.kind == EventKind::Refresh)
        .collect();
    assert!(
        refreshes
            .iter()
            .any(|e| e.message.starts_with("session cache refreshed ")
                && e.message.contains(" times, every 5 minutes")),
        "{refreshes:?}"
    );
    // Coalescing changed no outcome: every operation finished (each with its event).
    let finished = events
        .iter()
        .filter(|e| e.kind == EventKind::OperationFinished)
        .count();
    assert_eq!(finished, 50, "{events:?}");
    assert_eq!(
        last_text(&shell.execute(1, "db.currentOp().inprog.length")),
        "0"
    );
}

#[test]
fn coalesced_refreshes_keep_expiry_exact() {
    // A session used once expires 30 minutes after the refresh that wrote its record, whether
    // or not an operation keeps the refresh schedule busy meanwhile.
    let script = "db.runCommand({ startSession: 1 }); const c = new Mongo(); lab.background(c.getDB(\"admin\").runCommand({ sleep: 1, secs: 7200 }))";
    let mut shell = Shell::default();
    shell.execute(1, script);
    let records = shell.execute(1, "lab.advance(\"3h\")");
    let gone: Vec<_> = records[0]
        .events
        .iter()
        .filter(|e| e.kind == EventKind::SessionGone)
        .map(|e| (e.at, e.message.clone()))
        .collect();
    assert!(!gone.is_empty(), "{:?}", records[0].events);
    // Refresh at 5 min writes the records, the TTL pass at 35 min removes them.
    let start = sessionlab::engine::DEFAULT_START_MS;
    assert_eq!(gone[0].0 - start, 35 * 60_000, "{gone:?}");
}

#[test]
fn a_year_over_records_the_ttl_monitor_leaves_is_a_handful_of_steps() {
    // Found by the program fuzzer: with the TTL monitor off (or asleep for a day), an expired
    // record is not removed, and the refreshes over a running operation were then run one tick
    // at a time, 105,000 steps for a year. They change nothing until a pass removes the record.
    for setting in ["ttlMonitorEnabled: false", "ttlMonitorSleepSecs: 86400"] {
        let mut shell = Shell::default();
        shell.execute(
            1,
            &format!("db.runCommand({{ startSession: 1 }}); db.adminCommand({{ setParameter: 1, {setting} }})"),
        );
        let records = shell.execute(
            1,
            "new Mongo().getDB(\"admin\").runCommand({ sleep: 1, millis: 1e300 })",
        );
        assert!(
            !last_text(&records).contains("units of work"),
            "{setting}: {}",
            last_text(&records)
        );
        let refreshes = records[0]
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Refresh)
            .count();
        assert!(refreshes <= 4, "{setting}: {refreshes} refresh events");
        let gone = records[0]
            .events
            .iter()
            .filter(|e| e.kind == EventKind::SessionGone)
            .count();
        // Off, the monitor removes nothing; asleep for a day, it removes the idle sessions'
        // records at its passes.
        assert_eq!(
            gone > 0,
            setting.starts_with("ttlMonitorSleepSecs"),
            "{setting}: {gone}"
        );
    }
}

#[test]
fn fifteen_hundred_inserts_take_one_pass_and_duplicates_are_still_refused() {
    let mut shell = Shell::default();
    let docs = vec!["{}"; 1_500].join(",");
    let records = shell.execute(1, &format!("db.c.insertMany([{docs}])"));
    assert!(
        last_text(&records).contains("acknowledged: true"),
        "{}",
        last_text(&records)
    );
    assert_eq!(
        last_text(&shell.execute(1, "db.c.countDocuments({})")),
        "1500"
    );
    let records = shell.execute(1, "db.c.insertMany([{ _id: 1 }, { _id: 1 }])");
    assert!(last_text(&records).contains("E11000 duplicate key error"));
}

#[test]
fn a_write_larger_than_the_budget_is_refused_before_it_runs() {
    let mut shell = Shell::default();
    // 8,000 documents fit in one input's 32 KiB, but copying them is more than its work.
    let docs = vec!["{}"; 8_000].join(",");
    let records = shell.execute(1, &format!("db.c.insertMany([{docs}])"));
    assert!(
        last_text(&records).contains("units of work"),
        "{}",
        last_text(&records)
    );
    assert_eq!(last_text(&shell.execute(1, "db.c.countDocuments({})")), "0");
}

#[test]
fn work_past_the_budget_stops_the_input_with_a_clear_error() {
    let mut shell = Shell::default();
    let docs = vec!["{}"; 1_500].join(",");
    shell.execute(1, &format!("db.c.insertMany([{docs}])"));
    // Every count reads 1,500 documents (and costs a little more): the ninth ends below 15,000
    // units, the tenth past them, so the eleventh is refused and the input ends there.
    let records = shell.execute(1, &"db.c.countDocuments({})\n".repeat(12));
    assert_eq!(records.len(), 11);
    let stopped = records
        .iter()
        .position(|r| matches!(r.outcome, Outcome::Error(_)))
        .expect("the budget stops the input");
    assert_eq!(stopped, 10);
    assert_eq!(
        last_text(&records[..=stopped]).lines().next(),
        Some(
            format!("MongoshInvalidInputError: this input stopped after {INPUT_WORK} units of work (commands, documents touched, timer steps, events) (11:1)")
                .as_str()
        )
    );
    // The next input has a budget of its own.
    assert_eq!(
        last_text(&shell.execute(1, "db.c.countDocuments({})")),
        "1500"
    );
}

#[test]
fn a_sleep_of_1e300_ms_waits_a_year_and_says_so() {
    let mut shell = Shell::default();
    let input = "new Mongo().getDB(\"admin\").runCommand({sleep: 1, millis: 1e300})\n".repeat(5);
    let records = shell.execute(1, &input);
    assert_eq!(records.len(), 5);
    for record in &records {
        assert!(
            last_text(std::slice::from_ref(record)).contains("still running after a year"),
            "{record:?}"
        );
        assert!(record.events.len() < 20, "{:?}", record.events);
    }
}

#[test]
fn output_is_cut_at_the_budget() {
    let mut shell = Shell::default();
    // 512 strings of 1,000 characters: over 512 KB of text from a value of 547 parts.
    let records = shell.execute(1, &format!("let s = \"{}\"; let a = [s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s]; let b = [a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a]; [b, b]", "x".repeat(1000)));
    let text = last_text(&records);
    assert!(text.len() <= STATEMENT_OUTPUT_BYTES + 200, "{}", text.len());
    assert!(text.ends_with(&format!(
        "the rest is not shown: one statement prints at most {STATEMENT_OUTPUT_BYTES} bytes"
    )));
}

#[test]
fn a_transaction_commit_keeps_what_others_wrote_meanwhile() {
    let mut shell = Shell::default();
    let records = shell.execute(
        1,
        r#"db.c.insertOne({ _id: 1 })
const s = db.getMongo().startSession()
s.startTransaction()
s.getDatabase("test").c.insertOne({ _id: 2 })
db.c.insertOne({ _id: 3 })
s.commitTransaction()
db.c.find()"#,
    );
    assert_eq!(
        last_text(&records),
        "[ { _id: 1 }, { _id: 3 }, { _id: 2 } ]"
    );
}

#[test]
fn a_long_timeline_keeps_checkpoints_not_a_snapshot_per_step() {
    use sessionlab::playground::{SavedPlayground, CHECKPOINT_EVERY, RECENT_SNAPSHOTS};
    let steps = 1000;
    let saved = SavedPlayground {
        steps: vec![(1, "db.runCommand({ startSession: 1 })".to_owned()); steps],
        cursor: steps,
        seed: SavedPlayground::default_seed(),
    };
    let mut restored = Playground::restore(&saved);
    assert!(
        restored.snapshots_held() <= steps / CHECKPOINT_EVERY + RECENT_SNAPSHOTS + 2,
        "{} snapshots",
        restored.snapshots_held()
    );
    // Any step shows the board as it was, rebuilt from the checkpoint before it.
    let mut by_step = Playground::default();
    for _ in 0..40 {
        by_step.run(1, "db.runCommand({ startSession: 1 })");
    }
    for step in [37, 5, 16, 0, 999, 998] {
        restored.go_to(step);
        assert_eq!(restored.shell().deployment.session_views().len(), step);
        if step <= 40 {
            by_step.go_to(step);
            assert_eq!(
                restored.shell().deployment.board(),
                by_step.shell().deployment.board(),
                "step {step}"
            );
        }
    }
    assert!(restored.undo());
    assert_eq!(restored.cursor(), 997);
}

#[test]
fn links_and_files_past_the_limits_are_refused_with_a_reason() {
    use sessionlab::playground::SavedPlayground;
    use sessionlab::share::{self, LinkError};
    let saved = SavedPlayground {
        steps: vec![(1, "1".to_owned()); SavedPlayground::MAX_STEPS + 1],
        cursor: 0,
        seed: SavedPlayground::default_seed(),
    };
    let bytes = share::payload_bytes(&saved);
    let error = share::from_payload_bytes(&bytes).unwrap_err();
    assert_eq!(error, LinkError::TooManySteps(1001));
    assert_eq!(
        error.to_string(),
        "it has 1001 steps; a playground holds at most 1000"
    );
    let file = sessionlab::export::scenario_json(&saved);
    assert_eq!(
        sessionlab::export::parse_scenario(&file).unwrap_err(),
        "this scenario file has 1001 steps; a playground holds at most 1000"
    );
}

/// A BSON document nesting `levels` documents (the top one included), built by hand: the bson
/// crate's own encoder recurses too.
fn nested(levels: usize) -> Vec<u8> {
    let mut inner: Vec<u8> = vec![5, 0, 0, 0, 0];
    for _ in 1..levels {
        let mut doc = Vec::new();
        let len = i32::try_from(4 + 3 + inner.len() + 1).unwrap();
        doc.extend_from_slice(&len.to_le_bytes());
        doc.extend_from_slice(&[3, b'x', 0]);
        doc.extend_from_slice(&inner);
        doc.push(0);
        inner = doc;
    }
    inner
}

#[test]
fn a_payload_nesting_3000_documents_is_refused_before_decoding() {
    use sessionlab::bson_input::{read_document, BsonInputError};
    let error = sessionlab::share::from_payload_bytes(&nested(3000)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "its data is not a playground (it nests more than 100 levels)"
    );
    assert!(read_document(&nested(100)).is_ok());
    assert_eq!(read_document(&nested(101)), Err(BsonInputError::TooDeep));
    assert_eq!(read_document(&[1, 2, 3]), Err(BsonInputError::Malformed));
}

fn has_code_with_scope(value: &bson::Bson) -> bool {
    match value {
        bson::Bson::JavaScriptCodeWithScope(_) => true,
        bson::Bson::Document(d) => d.values().any(has_code_with_scope),
        bson::Bson::Array(a) => a.iter().any(has_code_with_scope),
        _ => false,
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

    /// The nesting scan accepts every document the decoder reads (code with scope aside, which
    /// nothing the app writes holds) and reads it the same.
    #[test]
    fn the_nesting_scan_accepts_what_the_decoder_reads(value in super::json_records::value()) {
        let bytes = bson::doc! { "v": value.clone() }.to_vec().unwrap();
        let read = sessionlab::bson_input::read_document(&bytes);
        if has_code_with_scope(&value) {
            proptest::prop_assert!(read.is_err());
        } else {
            // Compared as bytes (NaN is not equal to itself) with the decoder's own reading
            // (which sorts a regular expression's options).
            let decoded = bson::Document::from_reader(bytes.as_slice()).unwrap();
            proptest::prop_assert_eq!(read.map(|d| d.to_vec().unwrap()), Ok(decoded.to_vec().unwrap()));
        }
    }

    /// On any bytes it never panics, and never accepts what the decoder refuses.
    #[test]
    fn the_nesting_scan_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..96)) {
        if sessionlab::bson_input::read_document(&bytes).is_ok() {
            proptest::prop_assert!(bson::Document::from_reader(bytes.as_slice()).is_ok());
        }
    }
}

#[test]
fn the_markdown_transcript_cannot_be_broken_out_of() {
    use sessionlab::export::{fenced, markdown, table_cell};
    assert_eq!(
        fenced("js", "a /* ``` */ b"),
        "````js\na /* ``` */ b\n````\n"
    );
    assert_eq!(fenced("js", "plain"), "```js\nplain\n```\n");
    assert_eq!(
        table_cell("evil|user\n# Title ![x](http://e/x.png) <b>"),
        "evil\\|user \\# Title \\!\\[x\\](http://e/x.png) \\<b\\>"
    );
    let mut p = Playground::default();
    p.run(1, "db.getSiblingDB(\"admin\").createUser({ user: \"a|b\\n## owned\", pwd: \"p\", roles: [\"root\"] }) /* ``` */");
    let text = markdown(p.steps(), &p.shell().session_names());
    assert!(text.contains("````js\n"), "{text}");
    assert!(!text.contains("\n## owned"), "{text}");
}

#[test]
fn embed_snippets_escape_their_attribute() {
    let snippet =
        sessionlab::share::embed_snippet("https://x/?embed&a=\"><script>alert(1)</script>", 300);
    assert!(
        snippet.starts_with("<iframe src=\"https://x/?embed&amp;a=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" "),
        "{snippet}"
    );
}

#[test]
fn board_commands_quote_names_as_the_shell_reads_them() {
    use sessionlab::board_commands::{create_user, log_in};
    use sessionlab::engine::auth::UserName;
    let mut shell = Shell::default();
    let user = "al\u{1}ice@example.com\"'`\\";
    let records = shell.execute(1, &create_user(user, "db\u{7f}1", "read"));
    assert_eq!(last_text(&records), "{ ok: 1 }", "{records:?}");
    let records = shell.execute(1, &log_in(user, "db\u{7f}1", "secret"));
    assert_eq!(last_text(&records), "{ ok: 1 }", "{records:?}");
    // A user name may hold '@'; the owner's database is after the last one.
    assert_eq!(
        UserName::split_display("alice@example.com@admin"),
        Some(("alice@example.com", "admin"))
    );
}

proptest::proptest! {
    /// Any text written as a string literal lexes back to itself.
    #[test]
    fn string_literals_round_trip(text in ".*") {
        use sessionlab::shell::lexer::{string_literal, tokenize, TokenKind};
        let tokens = tokenize(&string_literal(&text)).unwrap();
        proptest::prop_assert!(matches!(&tokens[0].kind, TokenKind::Str(s) if *s == text), "{tokens:?}");
    }
}

#[test]
fn errors_deep_in_a_long_line_show_a_window_of_it() {
    // 60 characters on each side of the caret, which sits under the refused `{ x: d }`.
    let mut shell = Shell::default();
    let input = format!("let d = 1; {}", "d = { x: d }; ".repeat(2000));
    let records = shell.execute(1, &input);
    let frame = last_text(&records[..=101]);
    assert_eq!(
        frame,
        "MongoshInvalidInputError: this value nests more than 100 levels of documents and arrays (1:1416)\n1 | …d = { x: d }; d = { x: d }; d = { x: d }; d = { x: d }; d = { x: d }; d = { x: d }; d = { x: d }; d = { x: d }; d = { x: d }; d …\n                                                                 ^^^^^^^^\nhint: MongoDB documents nest at most 100 levels; build a flatter value"
    );
}

#[test]
fn board_variable_names_are_fresh() {
    use sessionlab::board_commands::fresh_name;
    let taken = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    assert_eq!(fresh_name("s", &[]), "s1");
    assert_eq!(fresh_name("s", &taken(&["s1", "s2", "s4"])), "s3");
    // Only `s<n>` as written takes `n`: `s01`, `s+1`, `session1` and `c1` do not.
    assert_eq!(
        fresh_name("s", &taken(&["s01", "s+1", "session1", "c1"])),
        "s1"
    );
    // 20,000 names, as a board with many cursors has.
    let many: Vec<String> = (1..=20_000).map(|n| format!("c{n}")).collect();
    assert_eq!(fresh_name("c", &many), "c20001");
}

#[test]
fn a_pipeline_that_multiplies_documents_stops_at_its_memory_limit() {
    // Two arrays of 400: unwinding one copies the other 400 times (160,000 values), which a
    // server refuses past its 100 MB stage limit and Session Lab past 100,000 values.
    let mut shell = Shell::default();
    let items = vec!["0"; 400].join(", ");
    shell.execute(
        1,
        &format!("db.c.insertOne({{ a: [{items}], b: [{items}] }})"),
    );
    let records = shell.execute(1, "db.c.aggregate([{ $unwind: \"$a\" }]).toArray().length");
    assert_eq!(
        last_text(&records),
        "MongoServerError[QueryExceededMemoryLimitNoDiskUseAllowed]: PlanExecutor error during aggregation :: caused by :: Exceeded memory limit for $unwind, but didn't allow external sort. Pass allowDiskUse:true to opt in."
    );
    // One of them unwound alone fits, and the deployment answers as before.
    let records = shell.execute(
        1,
        "db.c.aggregate([{ $project: { a: 1 } }, { $unwind: \"$a\" }]).toArray().length",
    );
    assert_eq!(last_text(&records), "400");
}

#[test]
fn functions_pay_for_every_call_and_cannot_recurse_without_end() {
    let mut shell = Shell::default();
    let records = shell.execute(1, "const f = x => f(x); f(1)");
    assert!(
        last_text(&records).starts_with("RangeError: Maximum call stack size exceeded"),
        "{}",
        last_text(&records)
    );
    let docs = vec!["{}"; 20].join(", ");
    shell.execute(1, &format!("db.n.insertMany([{docs}])"));
    let records = shell.execute(
        1,
        "db.n.find().forEach(a => db.n.find().forEach(b => db.n.find().forEach(c => c)))",
    );
    assert!(
        last_text(&records).contains(&format!(
            "this input stopped after {INPUT_WORK} units of work"
        )),
        "{}",
        last_text(&records)
    );
}
