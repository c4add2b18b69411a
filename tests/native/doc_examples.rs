//! Documentation examples: a page's `sessionlab` blocks run on the engine and their `expect`
//! lines are checked, each failure at its line with the engine's reason; malformed directives
//! are positioned; HTML pages (a `<session-lab>` element around a code block) work the same;
//! the README's examples pass; the CLI's exit codes.

use sessionlab::doc_examples::{check_page, examples};
use std::process::Command;

const PAGE: &str = r#"# A page

Some prose.
```` ```sessionlab ```` fences start a line here as inline code, not as a fence.

```js
db.runCommand({ killAllSessions: [] })
```

```sessionlab scenario=kill-users step=last readonly
//! hide
db.auth("admin", "secret")
//! show
db.runCommand({ killAllSessions: [{ user: "appReader", db: "db1" }] })
//! expect killed appSession
//! expect killed reportSession
//! choice "Everyone" db.runCommand({ killAllSessions: [] })
//! choice "Broken" db.runCommand({ killAllSessions: [ })
```

````markdown
```sessionlab
//! not checked: shown as syntax inside a longer fence
```
````
"#;

#[test]
fn an_expect_line_that_does_not_hold_fails_at_its_line_with_the_engines_reason() {
    let checked = check_page(PAGE, false).unwrap();
    let lines: Vec<(usize, &str, bool)> = checked
        .iter()
        .map(|c| (c.line, c.what.as_str(), c.passed))
        .collect();
    assert_eq!(
        lines,
        [
            (15, "expect killed appSession", true),
            (16, "expect killed reportSession", false),
            (17, "choice \"Everyone\" runs", true),
            (18, "choice \"Broken\" runs", false),
        ]
    );
    assert!(
        checked[1].why.starts_with(
            "reportSession survived, the goal says it is killed: no entry names reportWriter@db2"
        ),
        "{}",
        checked[1].why
    );
    assert!(checked[3].why.contains("SyntaxError"), "{}", checked[3].why);
}

#[test]
fn malformed_directives_are_positioned() {
    let page =
        "```sessionlab scenario=nope\n//! expect sruvived x\n//! frob\n//! choice Everyone\n```\n";
    let errors: Vec<String> = examples(page, false)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors[0], "1:1: there is no scenario called \"nope\"");
    assert!(
        errors[1].starts_with("2:12: unknown goal \"sruvived\""),
        "{}",
        errors[1]
    );
    assert_eq!(
        errors[2],
        "3:5: unknown directive //! frob (known: hide, show, expect, choice)"
    );
    assert_eq!(
        errors[3],
        "4:12: a choice is //! choice \"label\" <command>"
    );
}

#[test]
fn an_html_page_with_a_session_lab_element_is_checked_the_same_way() {
    let page = "<p>Prose</p>\n<session-lab scenario=\"kill-users\" lazy>\n<pre><code class=\"language-sessionlab\">db.runCommand({ killAllSessions: [] })\n//! expect killed auditSession\n//! expect error none\n//! expect result { ok: 1 }\n</code></pre>\n</session-lab>\n<pre><code class=\"language-sessionlab\">db.getSiblingDB(&quot;db1&quot;).runCommand({ killAllSessions: [] })\n//! expect error 13\n</code></pre>\n";
    let checked = check_page(page, true).unwrap();
    let lines: Vec<(usize, bool)> = checked.iter().map(|c| (c.line, c.passed)).collect();
    // The second block has no scenario: access control is off, so nothing is refused.
    assert_eq!(lines, [(4, true), (5, true), (6, true), (10, false)]);
    assert!(
        checked[3]
            .why
            .starts_with("the last command got no error, the goal says 13"),
        "{}",
        checked[3].why
    );
}

#[test]
fn the_readme_examples_hold_and_the_cli_exits_0_1_2() {
    let readme = include_str!("../../README.md");
    let checked = check_page(readme, false).unwrap();
    assert!(
        checked.len() >= 5,
        "the README's example and its lines: {checked:?}"
    );
    assert!(checked.iter().all(|c| c.passed), "{checked:?}");

    let dir = std::env::temp_dir().join(format!("sessionlab-docs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |name: &str, text: &str, json: bool| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_sessionlab"));
        command.arg("check-docs");
        if json {
            command.arg("--json");
        }
        let out = command.arg(&path).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, text) = run("page.md", PAGE, false);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("page.md:16: fail expect killed reportSession: reportSession survived"),
        "{text}"
    );
    let (code, json) = run("page.md", PAGE, true);
    assert_eq!(code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["pages"][0]["checks"][1]["status"], "fail");
    let (code, text) = run("bad.md", "```sessionlab\n//! frob\n```\n", false);
    assert_eq!(code, Some(2));
    assert!(
        text.contains("bad.md:2:5: malformed the page parses: unknown directive //! frob"),
        "{text}"
    );
    let (code, _) = run("good.html", "<pre><code class=\"language-sessionlab\">db.runCommand({ ping: 1 })\n//! expect result { ok: 1 }\n</code></pre>", false);
    assert_eq!(code, Some(0));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_block_runs_on_the_page_as_it_is_checked_hidden_lines_one_step_choices_in_place_of_the_last() {
    use sessionlab::doc_examples::{block, check};
    let text = "//! hide\nconst s = db.getMongo().startSession()\ns.getDatabase(\"t\").runCommand({ ping: 1 })\n//! show\n// Kill them all\ndb.runCommand({ killAllSessions: [] })\n//! expect killed s\n//! choice \"By pattern\" db.runCommand({ killAllSessionsByPattern: [] })\n";
    let example = block(text, None).unwrap();
    assert_eq!(
        example.steps,
        [
            "//! hide\nconst s = db.getMongo().startSession()\ns.getDatabase(\"t\").runCommand({ ping: 1 })",
            "// Kill them all\ndb.runCommand({ killAllSessions: [] })"
        ]
    );
    assert_eq!(example.playground_steps(), (0, example.steps.clone()));
    let checked = check(&example);
    assert!(checked.iter().all(|c| c.passed), "{checked:?}");
    // A choice replaces the last step: it sees the hidden setup's session variable.
    let misuse = text.replace(
        "killAllSessionsByPattern: []",
        "killSessions: [s.getSessionId()]",
    );
    assert!(check(&block(&misuse, None).unwrap())
        .iter()
        .all(|c| c.passed));
    // On a scenario: its steps before the kill are one hidden step before the block's own.
    let on_scenario = block(
        "db.runCommand({ killAllSessions: [] })\n//! expect killed auditSession",
        Some("kill-users"),
    )
    .unwrap();
    let (before, steps) = on_scenario.playground_steps();
    assert_eq!((before, steps.len()), (1, 2));
    assert!(
        steps[0].starts_with("//! hide\n// Users: an administrator"),
        "{}",
        steps[0]
    );
    assert!(check(&on_scenario).iter().all(|c| c.passed));
    // Mistakes are positioned within the block.
    let errors = block("db.a.find()\n  //! frob", None).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "2:7: unknown directive //! frob (known: hide, show, expect, choice)"
    );
    // A block's goals are read where they are checked (on a page, by the checks part): its
    // steps run, and a line that is not a goal fails its check, positioned as check-docs says it.
    let misspelled = block(
        "db.runCommand({ killAllSessions: [] })\n//! expect killed s\n//! expect sruvived x",
        None,
    )
    .unwrap();
    assert_eq!(misspelled.steps.len(), 1);
    let errors = misspelled.goals().unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .to_string()
            .starts_with("3:12: unknown goal \"sruvived\""),
        "{}",
        errors[0]
    );
    let checked = check(&misspelled);
    assert_eq!(checked.len(), 1, "{checked:?}");
    assert_eq!((checked[0].line, checked[0].passed), (3, false));
    assert_eq!(checked[0].why, errors[0].to_string());
}
