//! mongosh prints with Node's `util.inspect`; Session Lab's printer must give the same text.
//! `tests/printing/util-inspect.json` holds random values with what `util.inspect` printed for
//! them under mongosh's options (written by `tests/printing/generate.mjs`): a statement's value
//! (six levels deep, 100 items of an array, 10,000 characters of a string, long arrays of short
//! entries in columns) and `printjson`'s (everything, one entry per line). Each is typed into
//! the shell as a literal and printed both ways.

use serde::Deserialize;
use sessionlab::shell::{Outcome, Record, Shell};

#[derive(Deserialize)]
struct Printed {
    literal: String,
    value: String,
    printjson: Option<String>,
}

fn shown(records: &[Record]) -> String {
    match &records.last().expect("a record").outcome {
        Outcome::Value { text, .. } => text.clone(),
        Outcome::Error(failure) => failure.text(),
        Outcome::Silent => records.last().expect("a record").printed.join("\n"),
    }
}

#[test]
fn values_print_as_util_inspect_prints_them_for_mongosh() {
    let cases: Vec<Printed> =
        serde_json::from_str(include_str!("../printing/util-inspect.json")).expect("the cases");
    assert_eq!(cases.len(), 160);
    let mut shell = Shell::default();
    for case in &cases {
        assert_eq!(
            shown(&shell.execute(1, &case.literal)),
            case.value,
            "{}",
            case.literal
        );
        if let Some(expected) = &case.printjson {
            let records = shell.execute(1, &format!("printjson({})", case.literal));
            assert_eq!(shown(&records), *expected, "printjson({})", case.literal);
        }
    }
}

#[test]
fn a_cursor_batch_prints_whole_and_a_plain_array_as_util_inspect_cuts_it() {
    let mut shell = Shell::default();
    shell.execute(1, "db.c.insertOne({ _id: 1, deep: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } }, many: [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101] })");
    // `find()` prints the batch with `fullDepthInspectOptions`: every level, every item. (The
    // expected texts are Node's `util.inspect` of the same values.)
    let batch = shown(&shell.execute(1, "db.c.find({}, { deep: 1 })"));
    assert_eq!(batch, "[\n  {\n    _id: 1,\n    deep: {\n      a: {\n        b: {\n          c: {\n            d: { e: { f: { g: 1 } } }\n          }\n        }\n      }\n    }\n  }\n]");
    let batch = shown(&shell.execute(1, "db.c.find({}, { many: 1 })"));
    assert!(
        batch.contains("100, 101") && !batch.contains("more item"),
        "{batch}"
    );
    // `findOne()` and `toArray()` are plain values: six levels, 100 items.
    let one = shown(&shell.execute(1, "db.c.findOne({}, { deep: 1 })"));
    assert_eq!(one, "{\n  _id: 1,\n  deep: {\n    a: {\n      b: {\n        c: { d: { e: { f: [Object] } } }\n      }\n    }\n  }\n}");
    let array = shown(&shell.execute(1, "db.c.find({}, { many: 1 }).toArray()"));
    assert!(
        array.ends_with("96, 97, 98, 99,\n      ... 2 more items\n    ]\n  }\n]"),
        "{array}"
    );
}

#[test]
fn a_string_on_its_own_prints_as_it_is() {
    let mut shell = Shell::default();
    // A statement's string value and print's and printjson's strings are written out as they
    // are (mongosh's `formatSimpleType`), not quoted as a string inside a document is.
    assert_eq!(shown(&shell.execute(1, "\"it's\"")), "it's");
    assert_eq!(
        shown(&shell.execute(1, "printjson(\"ann\", [\"ann\"])")),
        "ann [\n  'ann'\n]"
    );
    assert_eq!(shown(&shell.execute(1, "print(\"a\\u0001\")")), "a\u{1}");
    // …except a statement's string with control characters besides tabs and newlines.
    assert_eq!(shown(&shell.execute(1, "\"a\\u0001\"")), "'a\\x01'");
}

#[test]
fn an_empty_cursor_prints_nothing_and_it_past_the_end_says_no_cursor() {
    let mut shell = Shell::default();
    // mongosh's `formatCursor` prints an empty batch as nothing; the record keeps the value.
    let records = shell.execute(1, "db.empty.find()");
    assert!(
        matches!(&records[0].outcome, Outcome::Value { text, value } if text.is_empty() && *value == bson::Bson::Array(vec![]))
    );
    assert_eq!(records[0].output(), "");
    // `it` on a cursor with nothing left prints mongosh's "no cursor", as with none at all.
    shell.execute(1, "db.c.insertMany([{ _id: 1 }, { _id: 2 }])");
    assert_eq!(
        shown(&shell.execute(1, "db.c.find().batchSize(1)")),
        "[ { _id: 1 }, { _id: 2 } ]"
    );
    assert_eq!(shown(&shell.execute(1, "it")), "no cursor");
}

#[test]
fn print_shows_shell_objects_as_mongosh_shows_them() {
    let mut shell = Shell::default();
    shell.execute(
        1,
        "const s = db.getMongo().startSession(); db.c.insertOne({ _id: 1 })",
    );
    let id = shown(&shell.execute(1, "s.getSessionId().id"));
    // A database as its name, a collection as its namespace, a session as its id, a cursor as
    // its first batch, `undefined` as nothing; `printjson` with its own layout.
    assert_eq!(
        shown(&shell.execute(1, "print(db, db.c, s, db.c.find(), undefined)")),
        format!("test test.c {{ id: {id} }} [ {{ _id: 1 }} ] ")
    );
    assert_eq!(
        shown(&shell.execute(1, "printjson(s)")),
        format!("{{\n  id: {id}\n}}")
    );
}

/// `lab.advance` prints each event it runs into with its time; the console lists a record's
/// other events, so those are not shown twice. A command's own events are listed.
#[test]
fn lab_advance_prints_its_events_once() {
    let mut shell = Shell::default();
    shell.execute(1, "db.items.insertMany([{ n: 1 }, { n: 2 }])");
    shell.execute(1, "lab.implicitSessions(false)");
    shell.execute(1, "const c = db.items.find().batchSize(1); c.next()");
    let advance = shell.execute(1, "lab.advance(\"11m\")").remove(0);
    assert!(
        advance.printed.iter().any(|line| line.ends_with(
            "closed: it timed out, idle for cursorTimeoutMillis (600000 ms) without a session"
        )),
        "{:?}",
        advance.printed
    );
    assert!(!advance.events.is_empty());
    assert_eq!(advance.events_not_printed().count(), 0);
    // Printed after other lines, in one statement, they are not listed again either.
    shell.execute(1, "const e = db.items.find().batchSize(1); e.next()");
    let guarded = shell
        .execute(
            1,
            "try { print(\"before\"); lab.advance(\"11m\") } catch (error) { }",
        )
        .remove(0);
    assert_eq!(guarded.printed.first().map(String::as_str), Some("before"));
    assert!(!guarded.events.is_empty());
    assert_eq!(guarded.events_not_printed().count(), 0);
    shell.execute(1, "lab.implicitSessions(true)");
    // An event naming a session is printed with the session's name, as the console lists it.
    shell.execute(
        1,
        "const s = db.getMongo().startSession(); s.startTransaction(); s.getDatabase(\"test\").items.insertOne({ n: 3 })",
    );
    let expiry = shell.execute(1, "lab.advance(\"70s\")").remove(0);
    assert!(
        expiry.printed.iter().any(|line| line
            .contains(" (s) aborted: it ran longer than transactionLifetimeLimitSeconds (60)")),
        "{:?}",
        expiry.printed
    );
    assert_eq!(
        expiry.events_not_printed().count(),
        0,
        "{:?}",
        expiry.events
    );
    let kill = shell
        .execute(1, "const d = db.items.find().batchSize(1); d.next(); db.runCommand({ killAllSessions: [] })")
        .pop()
        .unwrap();
    assert!(!kill.events.is_empty());
    assert!(kill.events_not_printed().eq(&kill.events));
}
