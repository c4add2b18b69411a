//! Malformed inputs and their exact error text: syntax errors with line, column, the source
//! line, a caret under the span and a hint; unknown methods; wrong argument types; server
//! errors as mongosh shows them. The expectations are inline (`UPDATE_EXPECT=1` rewrites them;
//! review the diff).

#![allow(
    clippy::needless_raw_string_hashes,
    reason = "expect-test writes its literals as r#\"…\"#"
)]

use expect_test::{expect, Expect};
use sessionlab::shell::{Outcome, Shell};

/// Runs `input` on a fresh shell and checks the text of the last record's error.
#[track_caller]
fn check(input: &str, expected: Expect) {
    let mut shell = Shell::default();
    let records = shell.execute(1, input);
    let last = records.last().expect("a record");
    let Outcome::Error(failure) = &last.outcome else {
        panic!("no error for {input:?}: {:?}", last.outcome)
    };
    expected.assert_eq(&failure.text());
}

#[test]
fn unbalanced_and_missing_punctuation() {
    check(
        "db.runCommand({ killAllSessions: [ ] }",
        expect![[r"
        SyntaxError: unclosed '(': expected ')' before the end of input (1:14)
        1 | db.runCommand({ killAllSessions: [ ] }
                         ^
        hint: add the missing ')'"]],
    );
    check(
        "db.runCommand({ killAllSessions: [ ] )",
        expect![[r"
        SyntaxError: mismatched bracket: expected ',' or '}', found ')' (1:38)
        1 | db.runCommand({ killAllSessions: [ ] )
                                                 ^
        hint: the brackets are unbalanced: this ')' closes nothing open here"]],
    );
    check(
        "db.runCommand({ killAllSessions: [ { user: \"a\" db: \"b\" } ] })",
        expect![[r#"
        SyntaxError: expected ',' or '}' between fields, found 'db' (1:48)
        1 | db.runCommand({ killAllSessions: [ { user: "a" db: "b" } ] })
                                                           ^^
        hint: is a comma missing before this?"#]],
    );
    check(
        "[1 2]",
        expect![[r"
        SyntaxError: expected ',' or ']' between elements, found a number (1:4)
        1 | [1 2]
               ^
        hint: is a comma missing before this?"]],
    );
    check(
        "db.runCommand({ ping: 1 }",
        expect![[r"
        SyntaxError: unclosed '(': expected ')' before the end of input (1:14)
        1 | db.runCommand({ ping: 1 }
                         ^
        hint: add the missing ')'"]],
    );
    check(
        "{ a: 1",
        expect![[r"
        SyntaxError: unclosed '{': expected '}' before the end of input (1:1)
        1 | { a: 1
            ^
        hint: add the missing '}'"]],
    );
    check(
        "[1, 2",
        expect![[r"
        SyntaxError: unclosed '[': expected ']' before the end of input (1:1)
        1 | [1, 2
            ^
        hint: add the missing ']'"]],
    );
    check(
        "({ a: 1 }",
        expect![[r"
        SyntaxError: expected ')' to close the parenthesis, found the end of input (1:10)
        1 | ({ a: 1 }
                     ^"]],
    );
    check(
        "db.runCommand({ ping: 1 }))",
        expect![[r"
        SyntaxError: expected the end of the statement, found ')' (1:27)
        1 | db.runCommand({ ping: 1 }))
                                      ^
        hint: separate statements with a line break or ';'"]],
    );
    check(
        "{ a 1 }",
        expect![[r"
        SyntaxError: expected ':' after the field name 'a', found a number (1:5)
        1 | { a 1 }
                ^"]],
    );
    check(
        "{ : 1 }",
        expect![[r"
        SyntaxError: expected a field name, found ':' (1:3)
        1 | { : 1 }
              ^"]],
    );
    check(
        "db.",
        expect![[r"
        SyntaxError: expected a property name after '.', found the end of input (1:4)
        1 | db.
               ^"]],
    );
}

/// JavaScript a learner types that the shell does not run (operators, `typeof` and `instanceof`,
/// loops, template and regular expression literals, the spread syntax): each named where it
/// stands, the input read up to there, not stopped at an "unexpected character".
#[test]
fn operators_and_statements_the_shell_lacks_are_named() {
    check(
        "let a = 1 + 2",
        expect![[r#"
            SyntaxError: the operator '+' is not supported by Session Lab's shell (1:11)
            1 | let a = 1 + 2
                          ^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
    check(
        "[1, 2].map(x => x * 2)",
        expect![[r#"
            SyntaxError: the operator '*' is not supported by Session Lab's shell (1:19)
            1 | [1, 2].map(x => x * 2)
                                  ^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
    check(
        "db.c.find({ a: 1 }).count() === 1",
        expect![[r#"
            SyntaxError: the operator '===' is not supported by Session Lab's shell (1:29)
            1 | db.c.find({ a: 1 }).count() === 1
                                            ^^^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
    check(
        "for (let i = 0; i < 3; i++) { print(i) }",
        expect![[r#"
            SyntaxError: 'for' is not supported by Session Lab's shell (1:1)
            1 | for (let i = 0; i < 3; i++) { print(i) }
                ^^^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
    check(
        "x++",
        expect![[r#"
            SyntaxError: the operator '++' is not supported by Session Lab's shell (1:2)
            1 | x++
                 ^^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
    check(
        "print(`total: ${n}`)",
        expect![[r#"
            SyntaxError: a template literal (`…`) is not supported by Session Lab's shell (1:7)
            1 | print(`total: ${n}`)
                      ^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
    check(
        "db.c.find({ name: /^a/ })",
        expect![[r#"
            SyntaxError: a regular expression literal (/…/) is not supported by Session Lab's shell (1:19)
            1 | db.c.find({ name: /^a/ })
                                  ^
            hint: Session Lab's filters have no regular expressions ($regex): match the whole value, { name: "ann" }, or a prefix as a range, { name: { $gte: "a", $lt: "b" } }"#]],
    );
    check(
        "db.c.insertOne({ ...doc, b: 2 })",
        expect![[r#"
            SyntaxError: the spread syntax ('...') is not supported by Session Lab's shell (1:18)
            1 | db.c.insertOne({ ...doc, b: 2 })
                                 ^^^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
    check(
        "typeof db.c.findOne().a",
        expect![[r#"
            SyntaxError: the operator 'typeof' is not supported by Session Lab's shell (1:1)
            1 | typeof db.c.findOne().a
                ^^^^^^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
    check(
        "db.c.findOne()._id instanceof ObjectId",
        expect![[r#"
            SyntaxError: the operator 'instanceof' is not supported by Session Lab's shell (1:20)
            1 | db.c.findOne()._id instanceof ObjectId
                                   ^^^^^^^^^^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
    check(
        "'a' in db.c.findOne()",
        expect![[r#"
            SyntaxError: the operator 'in' is not supported by Session Lab's shell (1:5)
            1 | 'a' in db.c.findOne()
                    ^^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
    check(
        "db.c.find({ a: 1 > 0 })",
        expect![[r#"
            SyntaxError: the operator '>' is not supported by Session Lab's shell (1:18)
            1 | db.c.find({ a: 1 > 0 })
                                 ^
            hint: the shell runs a subset of mongosh: commands, helpers, variables and literals, without operators such as + or ==="#]],
    );
}

#[test]
fn strings_numbers_and_characters() {
    check(
        "db.runCommand({ killAllSessions: [ { user: “appReader”, db: \"db1\" } ] })",
        expect![[r#"
        SyntaxError: unexpected character '“' (1:44)
        1 | db.runCommand({ killAllSessions: [ { user: “appReader”, db: "db1" } ] })
                                                       ^
        hint: this is a typographic (smart) quote, probably from a pasted document: use a straight " or ' instead"#]],
    );
    check(
        "print(\"unterminated)",
        expect![[r#"
        SyntaxError: unterminated string (1:7)
        1 | print("unterminated)
                  ^^^^^^^^^^^^^^
        hint: close the string with ""#]],
    );
    check(
        "print('a\nb')",
        expect![[r"
        SyntaxError: unterminated string (1:7)
        1 | print('a
                  ^^
        hint: close the string with ' before the end of the line"]],
    );
    check(
        "12abc",
        expect![[r"
        SyntaxError: identifier starts immediately after a number (1:1)
        1 | 12abc
            ^^^"]],
    );
    check(
        "db.x.find({ a: 1 }) # comment",
        expect![[r"
        SyntaxError: unexpected character '#' (1:21)
        1 | db.x.find({ a: 1 }) # comment
                                ^"]],
    );
    check(
        "/* never closed",
        expect![[r"
        SyntaxError: unterminated comment (1:1)
        1 | /* never closed
            ^^^^^^^^^^^^^^^
        hint: close the comment with */"]],
    );
    check(
        "const = 1",
        expect![[r"
        SyntaxError: expected a variable name after 'const', found '=' (1:7)
        1 | const = 1
                  ^"]],
    );
    check(
        "const new = 1",
        expect![[r"
        SyntaxError: 'new' is a reserved word and cannot be a variable name (1:7)
        1 | const new = 1
                  ^^^"]],
    );
    check(
        "const x 1",
        expect![[r"
        SyntaxError: expected '=' after 'const x', found a number (1:9)
        1 | const x 1
                    ^"]],
    );
    check(
        "1 = 2",
        expect![[r"
        SyntaxError: invalid assignment target (1:1)
        1 | 1 = 2
            ^^^"]],
    );
    check(
        "db.c.find().forEach((d, 1) => d)",
        expect![[r#"
            SyntaxError: expected ')' to close the parenthesis, found ',' (1:23)
            1 | db.c.find().forEach((d, 1) => d)
                                      ^"#]],
    );
    check(
        "function f() { return }; f(); return 1",
        expect![[r#"
            SyntaxError: Illegal return statement (1:31)
            1 | function f() { return }; f(); return 1
                                              ^^^^^^
            hint: 'return' is valid only inside a function body, such as d => { return d._id }"#]],
    );
    check(
        "db.ping()\n  .x(",
        expect![[r"
        SyntaxError: unclosed '(': expected ')' before the end of input (2:5)
        2 |   .x(
                ^
        hint: add the missing ')'"]],
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let input = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let mut shell = Shell::default();
    let records = shell.execute(1, &input);
    let Outcome::Error(failure) = &records[0].outcome else {
        panic!()
    };
    assert!(
        failure
            .text()
            .starts_with("SyntaxError: nesting is deeper than 64 levels (1:"),
        "{}",
        failure.text()
    );
}

#[test]
fn names_methods_and_arguments() {
    check(
        "db.runcommand({ ping: 1 })",
        expect![[r"
        TypeError: db.runcommand is not a function (1:4)
        1 | db.runcommand({ ping: 1 })
               ^^^^^^^^^^
        hint: did you mean runCommand?"]],
    );
    check(
        "db.items.fnd()",
        expect![[r"
        TypeError: db.items.fnd is not a function (1:10)
        1 | db.items.fnd()
                     ^^^
        hint: did you mean find?"]],
    );
    check(
        "lab.advnce(\"1m\")",
        expect![[r#"
        TypeError: lab.advnce is not a function (1:5)
        1 | lab.advnce("1m")
                ^^^^^^
        hint: did you mean advance?"#]],
    );
    check(
        "sesion.startTransaction()",
        expect![[r"
        ReferenceError: sesion is not defined (1:1)
        1 | sesion.startTransaction()
            ^^^^^^"]],
    );
    check(
        "const session = 1\nsesion",
        expect![[r"
        ReferenceError: sesion is not defined (2:1)
        2 | sesion
            ^^^^^^
        hint: did you mean session?"]],
    );
    check(
        "db.runCommand()",
        expect![[r"
        TypeError: runCommand: missing the command document, e.g. runCommand({ ping: 1 }) (1:1)
        1 | db.runCommand()
            ^^^^^^^^^^^^^^^"]],
    );
    check(
        "db.runCommand(42)",
        expect![[r"
        TypeError: runCommand: the command must be a document or a string, got number (1:1)
        1 | db.runCommand(42)
            ^^^^^^^^^^^^^^^^^"]],
    );
    check(
        "UUID(\"not-a-uuid\")",
        expect![[r#"
        TypeError: UUID: 'not-a-uuid' is not a valid UUID (8-4-4-4-12 hex digits) (1:1)
        1 | UUID("not-a-uuid")
            ^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "lab.advance(\"soon\")",
        expect![[r#"
        TypeError: lab.advance takes a duration: milliseconds, or a string like "500ms", "90s", "31m", "2h" (1:1)
        1 | lab.advance("soon")
            ^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "const x = undefined\nx.id",
        expect![[r#"
            TypeError: Cannot read properties of undefined (reading 'id') (2:3)
            2 | x.id
                  ^^"#]],
    );
    check(
        "show tables2",
        expect![[r#"
            MongoshInvalidInputError: [COMMON-10001] 'tables2' is not a valid argument for "show". (1:1)
            1 | show tables2
                ^^^^^^^^^^^^
            hint: try show dbs, show collections or show users"#]],
    );
    check(
        "const s = db.getMongo().startSession()\ns.commitTransaction()",
        expect!["MongoTransactionError: No transaction started"],
    );
}

#[test]
fn server_errors_print_as_mongosh_does() {
    check("db.runCommand({ killAllSessions: \"x\" })", expect!["MongoServerError[TypeMismatch]: BSON field 'KillAllSessionsCmd.killAllSessions' is the wrong type 'string', expected type 'array'"]);
    check(
        "db.runCommand({ nosuch: 1 })",
        expect!["MongoServerError[CommandNotFound]: no such command: 'nosuch'"],
    );
    check(
        "db.runCommand({ killSessions: [ { id: UUID() , txnUUID: UUID() } ] })",
        expect!["MongoServerError[InvalidOptions]: Cannot kill a child session"],
    );
}

#[test]
fn a_busy_connection_is_refused_with_a_hint() {
    check("const op = lab.background(db.adminCommand({ sleep: 1, secs: 60 }))\ndb.runCommand({ ping: 1 })", expect![[r"
        MongoshInvalidInputError: conn1 is busy: operation 1 is still running on it (2:1)
        2 | db.runCommand({ ping: 1 })
            ^^^^^^^^^^^^^^^^^^^^^^^^^^
        hint: use another connection (const other = new Mongo()), or move the clock with lab.advance(…) until it ends"]]);
}

#[test]
fn long_waits_are_bounded_and_idle_time_passes_quickly() {
    check(
        "lab.advance(\"400d\")",
        expect![[r#"
        TypeError: lab.advance moves the clock at most 366 days at a time (1:1)
        1 | lab.advance("400d")
            ^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "db.adminCommand({ sleep: 1, secs: 1e12 })",
        expect![[r#"
            MongoshInvalidInputError: operation 1 is still running after a year of logical time: conn1 stays busy until it ends (1:1)
            1 | db.adminCommand({ sleep: 1, secs: 1e12 })
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            hint: start long operations with lab.background(…), and end them with db.killOp(opid) or a session kill"#]],
    );
    // A year over an idle deployment with sessions, a cursor and a transaction: the timers that
    // cannot change anything are skipped, and the outcome is what the minute-by-minute clock gives.
    let mut shell = Shell::default();
    let records = shell.execute(1, "db.c.insertMany([{ n: 1 }, { n: 2 }])\nconst s = db.getMongo().startSession()\ns.getDatabase(\"test\").c.find().batchSize(1).next()\ns.startTransaction()\ns.getDatabase(\"test\").c.insertOne({ n: 3 })\nlab.advance(\"366d\")\nlab.sessions()");
    assert!(
        records.iter().all(|r| !r.is_error()),
        "{:?}",
        records
            .iter()
            .map(sessionlab::shell::Record::transcript)
            .collect::<Vec<_>>()
    );
    let sessions = records.last().unwrap().transcript();
    assert!(
        sessions.contains("state: 'expired'")
            && sessions.contains("TxnState::AbortedWithoutPrepare"),
        "{sessions}"
    );
}

/// mongosh's `ISODate()` refuses text its pattern does not match, or a date `new Date()` makes
/// invalid or outside the years 0 to 9999, quoting the text as `JSON.stringify` does.
#[test]
fn isodate_refuses_what_mongosh_refuses() {
    check(
        "ISODate(\"1/4/1977\")",
        expect![[r#"
            MongoshInvalidInputError: [COMMON-10001] "1/4/1977" is not a valid ISODate (1:1)
            1 | ISODate("1/4/1977")
                ^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "ISODate(\"9999-12-31T23:99:59.999Z\")",
        expect![[r#"
            MongoshInvalidInputError: [COMMON-10001] "9999-12-31T23:99:59.999Z" is not a valid ISODate (1:1)
            1 | ISODate("9999-12-31T23:99:59.999Z")
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "ISODate('\"')",
        expect![[r#"
            MongoshInvalidInputError: [COMMON-10001] "\"" is not a valid ISODate (1:1)
            1 | ISODate('"')
                ^^^^^^^^^^^^"#]],
    );
}

/// The constructors refuse what js-bson refuses, with its `BSONError` messages: a decimal that
/// would need rounding, an exponent out of range, a text of another shape; a Long's text that is
/// empty or has a `-` inside; an `ObjectId` that is not 24 hex digits; and `Decimal128()`,
/// js-bson's constructor, takes only a string.
#[test]
fn constructors_refuse_what_js_bson_refuses() {
    check(
        "NumberDecimal(\"0.1234567890123456789012345678901234567\")",
        expect![[r#"
            BSONError: "0.1234567890123456789012345678901234567" is not a valid Decimal128 string - inexact rounding (1:1)
            1 | NumberDecimal("0.1234567890123456789012345678901234567")
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "NumberDecimal(\"1e6145\")",
        expect![[r#"
            BSONError: "1e6145" is not a valid Decimal128 string - overflow (1:1)
            1 | NumberDecimal("1e6145")
                ^^^^^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "NumberDecimal(\"12,5\")",
        expect![[r#"
            BSONError: 12,5 not a valid Decimal128 string (1:1)
            1 | NumberDecimal("12,5")
                ^^^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "NumberDecimal(\"\")",
        expect![[r#"
            BSONError:  not a valid Decimal128 string (1:1)
            1 | NumberDecimal("")
                ^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "NumberLong(\"5-3\")",
        expect![[r#"
            BSONError: interior hyphen (1:1)
            1 | NumberLong("5-3")
                ^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "NumberLong(\"\")",
        expect![[r#"
            BSONError: empty string (1:1)
            1 | NumberLong("")
                ^^^^^^^^^^^^^^"#]],
    );
    check(
        "ObjectId(\"abc\")",
        expect![[r#"
            BSONError: input must be a 24 character hex string, 12 byte Uint8Array, or an integer (1:1)
            1 | ObjectId("abc")
                ^^^^^^^^^^^^^^^"#]],
    );
    check(
        "Decimal128(5)",
        expect![[r#"
            BSONError: Decimal128 must take a Buffer or string (1:1)
            1 | Decimal128(5)
                ^^^^^^^^^^^^^"#]],
    );
}

#[test]
fn try_needs_its_blocks_and_throw_an_error() {
    check(
        "try { db.c.find() }",
        expect![[r"
        SyntaxError: missing catch or finally after try (1:1)
        1 | try { db.c.find() }
            ^^^"]],
    );
    check(
        "try db.c.find()",
        expect![[r"
        SyntaxError: expected '{' to open the try block, found 'db' (1:5)
        1 | try db.c.find()
                ^^"]],
    );
    check(
        "try { throw 5 } finally { }",
        expect![[r#"
            TypeError: the shell throws only an error, not a number (1:7)
            1 | try { throw 5 } finally { }
                      ^^^^^^^
            hint: throw new Error("…"), or the catch block's error: catch (error) { … throw error }"#]],
    );
}
