//! The shell language: mongosh's number rule, constructors, member access, variables, and the
//! printer's mongosh formatting.

use sessionlab::shell::printer::format_bson;
use sessionlab::shell::{Outcome, Shell};

fn value_of(input: &str) -> String {
    let mut shell = Shell::default();
    let records = shell.execute(1, input);
    match &records.last().unwrap().outcome {
        Outcome::Value { text, .. } => text.clone(),
        other => panic!("{input}: {other:?}"),
    }
}

fn json_of(input: &str) -> serde_json::Value {
    let mut shell = Shell::default();
    match &shell.execute(1, input).last().unwrap().outcome {
        Outcome::Value { value, .. } => value.clone().into_relaxed_extjson(),
        other => panic!("{input}: {other:?}"),
    }
}

#[test]
fn numbers_follow_mongosh_int_and_double_rules() {
    assert_eq!(
        json_of("({ a: 1, b: 1.5, c: 3000000000, d: -2, e: 1e3, f: 0x10, g: 1.0, h: -0 })")
            .to_string(),
        r#"{"a":1,"b":1.5,"c":3000000000.0,"d":-2,"e":1000,"f":16,"g":1,"h":-0.0}"#,
        "an integer value is an int however it is written (JavaScript has one kind of number, and js-bson sends its integers in 32 bits as int), -0 a double"
    );
    assert_eq!(
        value_of(
            "({ a: Int32(7), b: Long(7), c: Double(7), d: NumberLong(\"9007199254740993\") })"
        ),
        "{ a: 7, b: Long('7'), c: 7, d: Long('9007199254740993') }"
    );
    assert_eq!(value_of("NumberDecimal(\"1.50\")"), "Decimal128('1.50')");
    // `NumberDecimal` reads its argument's text as JavaScript writes it (none is "0"); the
    // decimal keeps every digit it was given, and prints as js-bson's `toString`.
    assert_eq!(
        value_of(
            "[NumberDecimal(), NumberDecimal(0.1), NumberDecimal(1e21), NumberDecimal(NumberLong(\"-9007199254740993\")), NumberDecimal(Int32(7)), NumberDecimal(Decimal128(\"1.0E+7\"))]"
        ),
        "[\n  Decimal128('0'),\n  Decimal128('0.1'),\n  Decimal128('1E+21'),\n  Decimal128('-9007199254740993'),\n  Decimal128('7'),\n  Decimal128('1.0E+7')\n]"
    );
    // The integer constructors convert as mongosh's do: `NumberInt` through `parseInt` and
    // `| 0` (wrapping at 2^32), `Int32` through `+value | 0`, `NumberLong` through js-bson's
    // `Long.fromString` (wrapping at 2^64) or `Long.fromNumber` (held at the limits), `Long(low,
    // high)` from its two halves.
    assert_eq!(
        value_of(
            "[NumberInt(\"3000000000\"), NumberInt(\" 12px\"), NumberInt(1e21), Int32(\"0x10\"), Int32(\"12px\")]"
        ),
        "[ -1294967296, 12, 1, 16, 0 ]"
    );
    // `Double` and `Number` are JavaScript's `+value` (`Number()` alone is 0, `Double()` NaN).
    assert_eq!(
        value_of("[Double(\"0x10\"), Number(\" 12 \"), Number(), Double(\"abc\"), Double(), Number(true)]"),
        "[ 16, 12, 0, NaN, NaN, 1 ]"
    );
    assert_eq!(
        value_of(
            "[NumberLong(\"9223372036854775808\"), NumberLong(\"abc\"), NumberLong(1e30), Long(-5), Long(1, 2)]"
        ),
        "[\n  Long('-9223372036854775808'),\n  Long('0'),\n  Long('9223372036854775807'),\n  Long('4294967291'),\n  Long('8589934593')\n]"
    );
    assert_eq!(
        value_of("[NumberDecimal(\"0.0000001\"), NumberDecimal(\"-Infinity\"), NumberDecimal(\"1e6112\")]"),
        "[\n  Decimal128('1E-7'),\n  Decimal128('-Infinity'),\n  Decimal128('1.0E+6112')\n]"
    );
    // Doubles print as JavaScript writes numbers: exponents from 1e21 up and below 1e-6,
    // negative zero as util.inspect shows it, and number keys as their `String()`.
    assert_eq!(
        value_of("[1e21, 1e20, 1.5e-7, 0.000001]"),
        "[ 1e+21, 100000000000000000000, 1.5e-7, 0.000001 ]"
    );
    assert_eq!(
        value_of("[-0.0, 0.1, Number(\"-2.5e-300\")]"),
        "[ -0, 0.1, -2.5e-300 ]"
    );
    // `-0` is negative zero in JavaScript, a double, whatever the literal looked like.
    assert_eq!(value_of("[-0, - 0, 0]"), "[ -0, -0, 0 ]");
    assert_eq!(json_of("({ z: -0 })").to_string(), r#"{"z":-0.0}"#);
    assert_eq!(
        value_of("({ 1e21: 1, 1.50: 2 })"),
        "{ '1e+21': 1, '1.5': 2 }"
    );
}

#[test]
fn constructors_print_as_mongosh() {
    assert_eq!(
        value_of("UUID(\"f9b3d8d9-9496-4fff-868f-04a6196fc58a\")"),
        "UUID('f9b3d8d9-9496-4fff-868f-04a6196fc58a')"
    );
    assert_eq!(
        value_of("ObjectId(\"507f1f77bcf86cd799439011\")"),
        "ObjectId('507f1f77bcf86cd799439011')"
    );
    assert_eq!(
        value_of("ISODate(\"2026-01-02\")"),
        "ISODate('2026-01-02T00:00:00.000Z')"
    );
    assert_eq!(
        value_of("new Date(0)"),
        "ISODate('1970-01-01T00:00:00.000Z')"
    );
    // mongosh's own examples: the separators are optional, a zone may follow the time.
    assert_eq!(
        value_of("ISODate(\"20201002 102950.842\")"),
        "ISODate('2020-10-02T10:29:50.842Z')"
    );
    assert_eq!(
        value_of("ISODate(\"20201002T102950+0200\")"),
        "ISODate('2020-10-02T08:29:50.000Z')"
    );
    // The engine's rules: February 30 rolls over, as in Node and Chromium.
    assert_eq!(
        value_of("ISODate(\"2021-02-30\")"),
        "ISODate('2021-03-02T00:00:00.000Z')"
    );
    // Years past 9999 print as `toISOString` prints them; beyond a JavaScript date's reach,
    // `Invalid Date`.
    assert_eq!(
        value_of("new Date(253402300800000)"),
        "ISODate('+010000-01-01T00:00:00.000Z')"
    );
    assert_eq!(
        value_of("({ d: new Date(-62167219200001) })"),
        "{ d: ISODate('-000001-12-31T23:59:59.999Z') }"
    );
    assert_eq!(value_of("new Date(9e15)"), "Invalid Date");
    assert_eq!(
        value_of("Timestamp({ t: 5, i: 1 })"),
        "Timestamp({ t: 5, i: 1 })"
    );
    assert_eq!(value_of("Timestamp(5, 1)"), "Timestamp({ t: 5, i: 1 })");
    assert_eq!(
        value_of("BinData(0, \"q7oc2XL5Z21QyQd2tQ/A6GGLLGCbirgBuLrVEkZkUrQ=\")"),
        "Binary.createFromBase64('q7oc2XL5Z21QyQd2tQ/A6GGLLGCbirgBuLrVEkZkUrQ=', 0)"
    );
    assert_eq!(
        value_of("Binary.createFromBase64(\"AQI=\", 4)"),
        "Binary.createFromBase64('AQI=', 4)"
    );
    assert_eq!(
        value_of("Binary.createFromHexString(\"0102\", 0)"),
        "Binary.createFromBase64('AQI=', 0)"
    );
    assert_eq!(
        value_of("[MinKey, MaxKey(), null, true]"),
        "[ MinKey(), MaxKey(), null, true ]"
    );
}

#[test]
fn variables_members_and_js_object_semantics() {
    assert_eq!(
        value_of("const a = { x: [1, { y: 'z' }] }\na.x[1].y"),
        "z",
        "a string on its own prints as it is, as mongosh prints it"
    );
    assert_eq!(value_of("let b = { k: 1 }; b.k = 2; b"), "{ k: 2 }");
    assert_eq!(
        value_of("({ user: 'a', user: 'b', db: 'd' })"),
        "{ user: 'b', db: 'd' }",
        "a repeated key keeps its first place and its last value"
    );
    assert_eq!(
        value_of("({ 'quoted key': 1, $db: 'admin', trailing: [1, 2,], })"),
        "{ 'quoted key': 1, '$db': 'admin', trailing: [ 1, 2 ] }"
    );
    assert_eq!(value_of("db.getName()"), "test");
    assert_eq!(value_of("use db1\ndb.getName()"), "db1");
    assert_eq!(
        value_of("db.getSiblingDB('admin').system.sessions"),
        "admin.system.sessions"
    );
    assert_eq!(value_of("// comment\n/* block */ 1; 2"), "2");
    // JavaScript's global numbers, which mongosh prints and a learner types back.
    assert_eq!(
        value_of("[NaN, Infinity, -Infinity]"),
        "[ NaN, Infinity, -Infinity ]"
    );
    assert_eq!(
        value_of("db.n.insertOne({ _id: 1, x: NaN }); db.n.findOne({ x: NaN })"),
        "{ _id: 1, x: NaN }"
    );
    // `!` is JavaScript's: an empty string is false (the server's truthiness counts it true),
    // and a `Long` or `Decimal128` is an object, true even when it is zero.
    for (input, negated) in [
        ("!''", "true"),
        ("!'a'", "false"),
        ("!0", "true"),
        ("!0.5", "false"),
        ("!null", "true"),
        ("!{}", "false"),
        ("!NumberLong(0)", "false"),
        ("!NumberDecimal('0')", "false"),
    ] {
        assert_eq!(value_of(input), negated, "{input}");
    }
}

#[test]
fn the_printer_breaks_long_documents_like_util_inspect() {
    let long = bson::doc! { "id": { "id": bson::Bson::String("x".repeat(40)) }, "timeoutMinutes": 30, "ok": 1.0 };
    assert_eq!(format_bson(&bson::Bson::Document(long)), "{\n  id: { id: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },\n  timeoutMinutes: 30,\n  ok: 1\n}");
    let deep = bson::doc! { "a": { "b": { "c": { "d": 1 } } } };
    assert_eq!(
        format_bson(&bson::Bson::Document(deep)),
        "{\n  a: { b: { c: { d: 1 } } }\n}"
    );
    assert_eq!(format_bson(&bson::Bson::Document(bson::doc! {})), "{}");
}

#[test]
fn start_session_reply_prints_like_mongosh() {
    let mut shell = Shell::default();
    let records = shell.execute(1, "db.runCommand({ startSession: 1 })");
    let Outcome::Value { text, .. } = &records[0].outcome else {
        panic!()
    };
    assert!(
        text.starts_with("{\n  id: { id: UUID('")
            && text.ends_with("') },\n  timeoutMinutes: 30,\n  ok: 1\n}"),
        "{text}"
    );
}

#[test]
fn cursors_page_by_twenty_and_it_continues() {
    let mut shell = Shell::default();
    let records = shell.execute(1, "db.c.insertMany([{n:1},{n:2},{n:3},{n:4},{n:5},{n:6},{n:7},{n:8},{n:9},{n:10},{n:11},{n:12},{n:13},{n:14},{n:15},{n:16},{n:17},{n:18},{n:19},{n:20},{n:21},{n:22}])\ndb.c.find({}, {}).batchSize(5)\nit");
    let Outcome::Value { text, .. } = &records[1].outcome else {
        panic!()
    };
    assert!(text.ends_with("Type \"it\" for more"), "{text}");
    assert_eq!(text.matches("_id").count(), 20);
    let Outcome::Value { text, .. } = &records[2].outcome else {
        panic!()
    };
    assert_eq!(text.matches("_id").count(), 2);
    assert!(!text.contains("Type \"it\""));
}

#[test]
fn completion_suggests_methods_commands_and_names() {
    let mut shell = Shell::default();
    shell.execute(1, "db.getSiblingDB('db1').createUser({ user: 'appReader', pwd: 'x', roles: [] })\nconst s = db.getMongo().startSession()");
    let items = |text: &str| shell.complete(1, text, text.len()).items;
    assert!(items("db.run").contains(&"runCommand".to_owned()));
    assert_eq!(
        items("db.runCommand({ killAllS"),
        vec!["killAllSessions", "killAllSessionsByPattern"]
    );
    assert_eq!(
        items("db.runCommand({ killAllSessions: [ { user: \"app"),
        vec!["appReader"]
    );
    assert!(items("s.start").contains(&"startTransaction".to_owned()));
    assert!(items("lab.adv").contains(&"advance".to_owned()));
}

#[test]
fn highlighting_joins_neighbours_of_one_class() {
    use sessionlab::shell::highlight::{highlight, Class};
    // 8,000 empty documents are one plain piece, not 24,000 elements to draw.
    let many = format!("[{}]", "{}, ".repeat(8000));
    assert_eq!(highlight(&many), vec![(many.as_str(), Class::Plain)]);
    assert_eq!(
        highlight("db.c.insertOne({ a: 1 }) // x"),
        vec![
            ("db", Class::Name),
            (".", Class::Plain),
            ("c", Class::Name),
            (".", Class::Plain),
            ("insertOne", Class::Name),
            ("({ ", Class::Plain),
            ("a", Class::Field),
            (": ", Class::Plain),
            ("1", Class::Number),
            (" })", Class::Plain),
            (" // x", Class::Comment),
        ]
    );
}

#[test]
fn highlighting_marks_the_words_the_parser_reserves_and_the_shells_own() {
    use sessionlab::shell::highlight::{highlight, Class};
    let keywords = |source| {
        highlight(source)
            .into_iter()
            .filter(|(_, class)| *class == Class::Keyword)
            .map(|(text, _)| text)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keywords("const f = function (x) { return null }"),
        vec!["const", "function", "null"]
    );
    assert_eq!(keywords("use admin"), vec!["use"]);
    assert_eq!(keywords("show dbs"), vec!["show"]);
}

#[test]
fn highlighting_marks_the_operators_the_shell_refuses() {
    use sessionlab::shell::highlight::{highlight, Class};
    // Only the operator is marked: what follows it is still read and drawn as it is.
    assert_eq!(
        highlight("f(x * 2)"),
        vec![
            ("f", Class::Name),
            ("(", Class::Plain),
            ("x", Class::Name),
            (" ", Class::Plain),
            ("*", Class::Error),
            (" ", Class::Plain),
            ("2", Class::Number),
            (")", Class::Plain),
        ]
    );
    let marked = |source| {
        highlight(source)
            .into_iter()
            .filter(|(_, class)| *class == Class::Error)
            .map(|(text, _)| text)
            .collect::<Vec<_>>()
    };
    assert_eq!(marked("a === b && !c"), vec!["===", "&&"]);
    assert_eq!(marked("{ a: -1, b: +2, c: !d }"), Vec::<&str>::new());
}

#[test]
fn highlighting_covers_the_source_exactly() {
    for source in [
        "db.runCommand({ killAllSessions: [] }) // kill",
        "const x = 'unterminated",
        "a “smart” quote",
        "",
    ] {
        let joined: String = sessionlab::shell::highlight::highlight(source)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(joined, source);
    }
}

#[test]
fn projections_keep_or_drop_fields_in_the_documents_order() {
    let setup = "db.p.insertOne({ _id: 1, a: 1, b: { c: 2, d: 3 }, e: 4 }); ";
    assert_eq!(
        value_of(&format!(
            "{setup}db.p.findOne({{}}, {{ e: 1, \"b.d\": 1 }})"
        )),
        "{ _id: 1, b: { d: 3 }, e: 4 }"
    );
    assert_eq!(
        value_of(&format!(
            "{setup}db.p.findOne({{}}, {{ _id: 0, \"b.c\": 0, e: 0 }})"
        )),
        "{ a: 1, b: { d: 3 } }"
    );
    assert_eq!(
        value_of(&format!(
            "{setup}db.p.aggregate([{{ $project: {{ _id: 0, \"b.c\": 1 }} }}]).toArray()"
        )),
        "[ { b: { c: 2 } } ]"
    );
    // `_id` named alone: `{ _id: 1 }` keeps only `_id` (an inclusion), `{ _id: 0 }` drops it
    // and keeps the rest, `{}` keeps everything (the server's `computeProjectionType`).
    for (projection, expected) in [
        ("{ _id: 1 }", "{ _id: 1 }"),
        ("{ _id: true }", "{ _id: 1 }"),
        ("{ _id: 0 }", "{ a: 1, b: { c: 2, d: 3 }, e: 4 }"),
        ("{}", "{ _id: 1, a: 1, b: { c: 2, d: 3 }, e: 4 }"),
        ("{ _id: 1, e: 0 }", "{ _id: 1, a: 1, b: { c: 2, d: 3 } }"),
    ] {
        assert_eq!(
            value_of(&format!("{setup}db.p.findOne({{}}, {projection})")),
            expected,
            "{projection}"
        );
    }
    let listed = value_of(&format!(
        "{setup}db.aggregate([{{ $listLocalSessions: {{}} }}, {{ $project: {{ _id: 1 }} }}]).toArray()"
    ));
    assert!(
        listed.contains("_id: {") && !listed.contains("lastUse"),
        "{listed}"
    );
    let mut shell = Shell::default();
    let records = shell.execute(1, &format!("{setup}db.p.findOne({{}}, {{ a: 1, e: 0 }})"));
    let Outcome::Error(failure) = &records.last().unwrap().outcome else {
        panic!("{records:?}");
    };
    assert_eq!(
        failure.text().lines().next().unwrap(),
        "MongoServerError[Location31254]: Cannot do exclusion on field e in inclusion projection"
    );
}

/// The legacy BSON types (code with scope, symbols, DB pointers; only BSON from outside can
/// hold them) are written by the shell as bson's own `Display` writes them, without reaching the
/// float formatter that `Display` brings, and in the server's messages as its
/// `BSONElement::toString` writes them.
#[test]
fn legacy_bson_types_print_as_bson_writes_them() {
    // { p: DBPointer("db1.coll", 5f0000000000000000000001) }, written byte by byte: bson has
    // no public constructor for it.
    let namespace = b"db1.coll\0";
    let id = [0x5f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    let mut element = vec![0x0C, b'p', 0];
    element.extend(i32::try_from(namespace.len()).unwrap().to_le_bytes());
    element.extend(namespace);
    element.extend(id);
    let mut bytes = i32::try_from(4 + element.len() + 1)
        .unwrap()
        .to_le_bytes()
        .to_vec();
    bytes.extend(element);
    bytes.push(0);
    let doc = bson::Document::from_reader(bytes.as_slice()).unwrap();
    let pointer = doc.get("p").unwrap().clone();
    let code_with_scope = bson::Bson::JavaScriptCodeWithScope(bson::JavaScriptCodeWithScope {
        code: "function () { return x; }".to_owned(),
        scope: bson::doc! { "x": 1 },
    });
    let symbol = bson::Bson::Symbol("sym".to_owned());
    let server_texts = [
        "DBRef('db1.coll',5f0000000000000000000001)",
        "CodeWScope( function () { return x; }, { x: 1 })",
        "\"sym\"",
    ];
    for (value, server_text) in [pointer, code_with_scope, symbol]
        .into_iter()
        .zip(server_texts)
    {
        assert_eq!(format_bson(&value), value.to_string());
        assert_eq!(
            sessionlab::engine::bson_text::value_to_server_string(&value),
            server_text
        );
    }
    assert_eq!(
        format_bson(doc.get("p").unwrap()),
        "DbPointer(db1.coll, 5f0000000000000000000001)"
    );
}

/// A string literal's escapes are JavaScript's (`\b`, `\f` and `\v` are the control characters,
/// as `\u0008`, `\u000c` and `\u000b` are), and a string prints as `util.inspect` prints it:
/// control characters escaped, the quotes chosen by what the text holds.
#[test]
fn strings_read_and_print_as_in_javascript() {
    assert_eq!(
        value_of(r#"["\b\f\v", "\u0008\u000c\u000b", "a\qb", "\r\u0000\u007f\u009f"]"#),
        r"[ '\b\f\x0B', '\b\f\x0B', 'aqb', '\r\x00\x7F\x9F' ]"
    );
    assert_eq!(value_of(r#"["it's"]"#), r#"[ "it's" ]"#);
    assert_eq!(value_of(r#"["it's \"x\""]"#), r#"[ `it's "x"` ]"#);
    assert_eq!(
        value_of(r#"["it's \"x\" ${y}"]"#),
        r#"[ 'it\'s "x" ${y}' ]"#
    );
    // `\xHH`, `\u{H…}`, a surrogate pair and a backslash ending a line, as JavaScript reads them.
    assert_eq!(
        value_of("[\"it\\x27s\", \"\\u{1F600}\", \"\\uD83D\\uDE00\", \"a\\\nb\"]"),
        "[ \"it's\", '😀', '😀', 'ab' ]"
    );
    assert_eq!(value_of(r#"({ "a\tb": 1 })"#), r"{ 'a\tb': 1 }");
}

/// The `_id`s of a script's inserts, in order, as their 24 hex digits.
fn inserted_ids(shell: &mut Shell, input: &str) -> Vec<String> {
    shell.execute(1, input);
    let records = shell.execute(1, "db.c.find({}, { _id: 1 }).toArray()");
    let Outcome::Value { value, .. } = &records.last().unwrap().outcome else {
        panic!("{records:?}")
    };
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d.as_document()
                .unwrap()
                .get_object_id("_id")
                .unwrap()
                .to_hex()
        })
        .collect()
}

#[test]
fn object_ids_are_made_as_js_bson_and_mongod_make_them() {
    // Seconds, five bytes unique to the process, a counter: the ids of one insertMany differ in
    // their last digits, and begin with the deployment's clock (2026-01-01T00:00:00Z).
    let mut shell = Shell::default();
    let ids = inserted_ids(
        &mut shell,
        "db.c.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }])",
    );
    let seconds = format!("{:08x}", 1_767_225_600_u32);
    for (a, b) in ids.iter().zip(&ids[1..]) {
        assert_eq!(a[..18], b[..18], "{ids:?}");
        let next = u32::from_str_radix(&a[18..], 16).unwrap() + 1;
        assert_eq!(u32::from_str_radix(&b[18..], 16).unwrap(), next, "{ids:?}");
    }
    assert!(ids[0].starts_with(&seconds), "{ids:?}");
    // 90 seconds later the shell's next id carries the new time, the same process and the next
    // count; the server's (an insert command's document without _id) another process's bytes.
    shell.execute(1, "lab.advance(\"90s\")");
    let later = inserted_ids(&mut shell, "db.c.insertOne({ n: 4 })");
    let fourth = &later[3];
    assert!(
        fourth.starts_with(&format!("{:08x}", 1_767_225_690_u32)),
        "{fourth}"
    );
    assert_eq!(fourth[8..18], ids[0][8..18]);
    let counter = |id: &str| u32::from_str_radix(&id[18..], 16).unwrap();
    assert_eq!(counter(fourth), counter(&ids[2]) + 1);
    let by_server = inserted_ids(
        &mut shell,
        "db.runCommand({ insert: \"c\", documents: [{ n: 5 }] })",
    );
    assert_ne!(by_server[4][8..18], ids[0][8..18], "{by_server:?}");
    // js-bson's getTimestamp() reads the seconds back.
    let records = shell.execute(1, "db.c.findOne({ n: 4 })._id.getTimestamp()");
    let Outcome::Value { text, .. } = &records.last().unwrap().outcome else {
        panic!("{records:?}")
    };
    assert_eq!(text, "ISODate('2026-01-01T00:01:30.000Z')");
}
