//! The share-link format (`sessionlab::share`): a playground survives the trip through a link,
//! a built-in scenario is named rather than repeated, every kind of broken link gets its own
//! error, and no input makes the decoder panic. (Compression is the browser's; the browser
//! tests and the end-to-end suite cover the whole link.)

use expect_test::expect;
use proptest::prelude::*;
use sessionlab::playground::{Playground, SavedPlayground};
use sessionlab::scenarios::SCENARIOS;
use sessionlab::share::{self, LinkError};

fn saved(steps: &[(u32, &str)], cursor: usize) -> SavedPlayground {
    SavedPlayground {
        steps: steps.iter().map(|(c, s)| (*c, (*s).to_owned())).collect(),
        cursor,
        seed: SavedPlayground::default_seed(),
    }
}

fn round_trip(saved: &SavedPlayground) -> SavedPlayground {
    let bytes = share::payload_bytes(saved);
    share::from_payload_bytes(&bytes).expect("a payload reads back")
}

#[test]
fn a_playground_survives_the_round_trip_with_its_step_and_seed() {
    let mut original = saved(
        &[
            (1, "lab.setAuth(true)"),
            (2, "db.runCommand({ ping: 1 })"),
            (1, "x = 1"),
        ],
        2,
    );
    original.seed = 42;
    assert_eq!(round_trip(&original), original);
}

#[test]
fn a_scenario_is_named_not_repeated_and_extra_steps_follow_it() {
    let mut playground = Playground::default();
    playground.run_script(1, SCENARIOS[1].script);
    playground.run(2, "db.runCommand({ endSessions: [] })");
    playground.go_to(3);
    let saved = playground.save();
    let doc = share::payload(&saved);
    expect![[
        r#"{ "s": "kill-users", "steps": [[2, "db.runCommand({ endSessions: [] })"]], "c": 3 }"#
    ]]
    .assert_eq(&doc.to_string());
    assert_eq!(round_trip(&saved), saved);
}

#[test]
fn a_playground_that_diverges_from_a_scenario_carries_every_step() {
    let mut playground = Playground::default();
    playground.run_script(1, SCENARIOS[0].script);
    playground.go_to(2);
    playground.run(1, "db.runCommand({ ping: 1 })");
    let doc = share::payload(&playground.save());
    assert!(
        doc.get("s").is_none(),
        "the forked timeline is not the scenario"
    );
    assert_eq!(doc.get_array("steps").unwrap().len(), 3);
    assert_eq!(round_trip(&playground.save()), playground.save());
}

#[test]
fn the_fragment_round_trips_any_bytes() {
    let bytes: Vec<u8> = (0..=255).collect();
    let fragment = share::encode_fragment(&bytes);
    assert!(fragment.starts_with("v1."));
    assert!(fragment[3..]
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(
        share::decode_fragment(&format!("#{fragment}")).unwrap(),
        bytes
    );
    assert!(share::is_link(&format!("#{fragment}")));
    assert!(!share::is_link("#console-input"));
}

#[test]
fn each_broken_link_has_its_own_error_and_message() {
    let cases = [
        ("#about", LinkError::NotALink),
        ("#v2.AAAA", LinkError::UnknownVersion("v2".to_owned())),
        ("#v1.abc*def", LinkError::BadEncoding),
        ("#v1.abcde", LinkError::BadCompression),
    ];
    for (fragment, error) in cases {
        assert_eq!(share::decode_fragment(fragment), Err(error), "{fragment}");
    }
    let long = format!("#v1.{}", "A".repeat(share::MAX_FRAGMENT_CHARS));
    assert!(matches!(
        share::decode_fragment(&long),
        Err(LinkError::TooLong(_))
    ));
    assert_eq!(
        share::from_payload_bytes(b"not bson")
            .unwrap_err()
            .to_string(),
        "its data is not a playground (it is not a BSON document)"
    );
    let unknown = bson::doc! { "s": "no-such", "steps": [] }.to_vec().unwrap();
    assert_eq!(
        share::from_payload_bytes(&unknown).unwrap_err().to_string(),
        "its data is not a playground (no scenario is called \"no-such\")"
    );
    let bad_step = bson::doc! { "steps": [[0, "x"]] }.to_vec().unwrap();
    assert_eq!(
        share::from_payload_bytes(&bad_step)
            .unwrap_err()
            .to_string(),
        "its data is not a playground (a step's console is not a positive number)"
    );
    assert_eq!(
        LinkError::BadCompression.to_string(),
        "its data is incomplete; the link was probably cut short when copied"
    );
}

/// Links name scenarios, so a shipped scenario's steps must never change: their number and
/// their commands are pinned here. Their comments may (captions and presenter notes are not run,
/// and a link's steps after the scenario's keep their places). Changing a command breaks every
/// link made with the scenario; add a scenario with a new id instead.
#[test]
fn shipped_scenarios_never_change() {
    use sha2::{Digest, Sha256};
    let digests: Vec<String> = SCENARIOS
        .iter()
        .map(|s| {
            let steps = sessionlab::playground::script_steps(s.script);
            let commands: Vec<String> = steps
                .iter()
                .map(|step| sessionlab::presenter::StepScript::of(step).command)
                .collect();
            format!(
                "{} {} steps {}",
                s.id,
                steps.len(),
                &hex::encode(Sha256::digest(commands.join("\n").as_bytes()))[..16]
            )
        })
        .collect();
    expect![[r"
        kill-all 27 steps a9c8906c33164035
        kill-users 27 steps b3c171fb9f414f93
        prepared-survives 15 steps 3b4595bb65d69350
        kill-own 22 steps 6703066c03734395"]]
    .assert_eq(&digests.join("\n"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_playground_round_trips(
        steps in prop::collection::vec((1..5u32, any::<String>()), 0..6),
        cursor in 0..8usize,
        seed in any::<u64>(),
    ) {
        let saved = SavedPlayground { cursor: cursor.min(steps.len()), steps, seed };
        prop_assert_eq!(round_trip(&saved), saved);
    }

    #[test]
    fn the_decoder_never_panics(fragment in any::<String>(), bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = share::decode_fragment(&fragment);
        let _ = share::from_payload_bytes(&bytes);
    }

    #[test]
    fn the_address_and_file_readers_never_panic(
        query in prop::collection::vec(("[a-z]{0,8}", ".{0,8}"), 0..6),
        fragment in ".{0,16}",
        file in ".{0,64}",
    ) {
        let (options, _) = sessionlab::mount::MountOptions::from_address(query, &fragment);
        let _ = options.initial_step(5, Some(9));
        let _ = sessionlab::export::parse_scenario(&file);
    }
}

mod embed_options {
    use sessionlab::mount::{MountOptions, Theme};

    fn parse(query: &str, fragment: &str) -> (MountOptions, Vec<String>) {
        let pairs = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect::<Vec<_>>();
        MountOptions::from_address(pairs, fragment)
    }

    #[test]
    fn the_address_sets_every_embed_option() {
        let (options, problems) = parse(
            "embed&readonly=1&autorun=0&step=4&height=120&theme=dark&scenario=kill-all",
            "#v1.abc",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(options.embed && options.read_only && !options.autorun);
        assert_eq!(options.step, Some(4));
        assert_eq!(
            options.height,
            Some(200),
            "heights are clamped to 200..=4000"
        );
        assert_eq!(options.theme, Some(Theme::Dark));
        assert_eq!(options.scenario.as_deref(), Some("kill-all"));
        assert_eq!(options.link.as_deref(), Some("v1.abc"));
        assert!(!options.persist, "an embed never touches the autosave");
    }

    #[test]
    fn the_full_playground_persists_and_ignores_other_fragments() {
        let (options, problems) = parse("", "#console-input");
        assert!(problems.is_empty());
        assert!(options.persist && !options.embed && options.autorun);
        assert_eq!(options.link, None);
    }

    #[test]
    fn unknown_and_malformed_options_are_reported_not_fatal() {
        let (options, problems) = parse("embed&colour=red&step=five&theme=blue&readonly=maybe", "");
        assert!(options.embed);
        assert_eq!(
            problems,
            [
                "unknown option \"colour\" ignored",
                "option step=five ignored: not a valid value",
                "option theme=blue ignored: not a valid value",
                "option readonly=maybe ignored: not a valid value",
            ]
        );
        assert_eq!(
            (options.step, options.theme, options.read_only),
            (None, None, false)
        );
    }

    #[test]
    fn the_embed_query_reads_back_to_the_same_options() {
        let (options, _) = parse("embed&readonly&autorun=0&step=3&height=480&theme=light", "");
        assert_eq!(
            options.embed_query(),
            "embed&readonly&autorun=0&step=3&height=480&theme=light"
        );
        assert_eq!(parse(&options.embed_query(), "").0, options);
    }

    #[test]
    fn the_initial_step_follows_step_then_autorun() {
        let with = |query: &str| parse(query, "").0;
        assert_eq!(
            with("embed").initial_step(10, None),
            10,
            "autorun: the last step"
        );
        assert_eq!(
            with("embed").initial_step(10, Some(4)),
            4,
            "autorun: the step the link was shared at"
        );
        assert_eq!(
            with("embed&autorun=0").initial_step(10, Some(4)),
            0,
            "no autorun: nothing applied yet"
        );
        assert_eq!(with("embed&autorun=0&step=7").initial_step(10, None), 7);
        assert_eq!(with("embed&step=70").initial_step(10, None), 10, "clamped");
    }

    #[test]
    fn a_step_past_the_last_is_said_not_clamped_silently() {
        let with = |query: &str| parse(query, "").0;
        assert_eq!(
            with("embed&step=99").step_beyond(12).as_deref(),
            Some("This address asks for step 99, but the scenario has 12 step(s): showing the last one.")
        );
        assert_eq!(
            with("embed&step=12").step_beyond(12),
            None,
            "the last step exists"
        );
        assert_eq!(with("embed").step_beyond(12), None, "no step asked for");
    }
}

/// The JavaScript API's `mount(element, options)`: its options object, entry by entry.
mod api_options {
    use sessionlab::mount::api::{self, Given};
    use sessionlab::mount::{MountOptions, Theme};

    fn read(entries: &[(&str, Given)]) -> Result<MountOptions, String> {
        api::read(entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())))
    }

    fn text(s: &str) -> Given {
        Given::Text(s.to_owned())
    }

    #[test]
    fn every_option_is_read_and_the_layout_is_the_embed_unless_told() {
        let options = read(&[
            ("readOnly", Given::Boolean(true)),
            ("autorun", Given::Boolean(false)),
            ("step", Given::Number(5.0)),
            ("height", Given::Number(120.0)),
            ("theme", text("dark")),
            ("scenario", text("kill-all")),
            ("script", text("db.runCommand({ killAllSessions: [] })")),
            ("link", text("#v1.abc")),
            ("lesson", text("first-kill")),
        ])
        .unwrap();
        assert!(options.embed, "the API mounts an embed unless told not to");
        assert!(options.read_only && !options.autorun);
        assert_eq!((options.step, options.height), (Some(5), Some(120)));
        assert_eq!(options.theme, Some(Theme::Dark));
        assert_eq!(options.scenario.as_deref(), Some("kill-all"));
        assert_eq!(
            options.script.as_deref(),
            Some("db.runCommand({ killAllSessions: [] })")
        );
        assert_eq!(options.link.as_deref(), Some("#v1.abc"));
        assert_eq!(options.lesson.as_deref(), Some("first-kill"));
        assert!(!options.persist, "an API mount never touches the autosave");
        assert!(!read(&[("embed", Given::Boolean(false))]).unwrap().embed);
    }

    #[test]
    fn undefined_or_null_is_the_default() {
        let expected = read(&[]).unwrap();
        assert!(expected.embed && expected.autorun);
        let unset = [
            "embed", "readOnly", "autorun", "step", "height", "theme", "script",
        ]
        .map(|name| (name, Given::Unset));
        assert_eq!(read(&unset).unwrap(), expected);
    }

    #[test]
    fn a_wrong_value_is_refused_naming_the_option_and_what_it_was_given() {
        let refusal = |name: &str, value: Given| read(&[(name, value)]).unwrap_err();
        assert_eq!(
            refusal("step", text("five")),
            "`step` must be a whole number from 0, not the string \"five\""
        );
        assert_eq!(
            refusal("step", Given::Number(2.5)),
            "`step` must be a whole number from 0, not the number 2.5"
        );
        assert_eq!(
            refusal("height", Given::Number(-1.0)),
            "`height` must be a whole number from 0, not the number -1"
        );
        assert_eq!(
            refusal("readOnly", text("yes")),
            "`readOnly` must be true or false, not the string \"yes\""
        );
        assert_eq!(
            refusal("theme", text("blue")),
            "`theme` must be \"light\" or \"dark\", not the string \"blue\""
        );
        assert_eq!(
            refusal("script", Given::Other("object".to_owned())),
            "`script` must be a string, not a value of type object"
        );
        assert_eq!(
            refusal("lesson", Given::Boolean(true)),
            "`lesson` must be a string, not true"
        );
        let long = refusal("step", text(&"x".repeat(500)));
        assert!(
            long.ends_with(&format!("not the string \"{}…\"", "x".repeat(40))),
            "a long value is cut: {long}"
        );
    }

    #[test]
    fn an_unknown_option_is_named_with_the_ones_there_are() {
        assert_eq!(
            read(&[
                ("step", Given::Number(1.0)),
                ("readonly", Given::Boolean(true))
            ])
            .unwrap_err(),
            "unknown option `readonly`, expected one of embed, readOnly, autorun, step, height, \
             theme, scenario, script, link, lesson"
        );
    }
}

mod files {
    use super::saved;
    use expect_test::expect;
    use sessionlab::export;
    use sessionlab::playground::Playground;

    #[test]
    fn a_scenario_file_reads_back_and_is_readable_json() {
        let original = saved(
            &[(1, "lab.setAuth(true)"), (2, "db.runCommand({ ping: 1 })")],
            1,
        );
        let text = export::scenario_json(&original);
        expect![[r#"
            {
              "format": "sessionlab-scenario",
              "version": 1,
              "steps": [
                {
                  "console": 1,
                  "source": "lab.setAuth(true)"
                },
                {
                  "console": 2,
                  "source": "db.runCommand({ ping: 1 })"
                }
              ],
              "step": 1,
              "seed": 1
            }"#]]
        .assert_eq(&text);
        assert_eq!(export::parse_scenario(&text).unwrap(), original);
    }

    #[test]
    fn a_wrong_file_is_refused_with_a_reason() {
        let cases = [
            ("{ \"format\": ", "the file is not JSON (EOF while parsing a value at line 1 column 12)"),
            ("[1, 2]", "the file is not a Session Lab scenario (invalid type: integer `1`, expected a string at line 1 column 2)"),
            (r#"{"format": "x", "version": 1, "steps": [], "step": 0, "seed": 1}"#, "this is not a Session Lab scenario file (its format is \"x\")"),
            (r#"{"format": "sessionlab-scenario", "version": 2, "steps": [], "step": 0, "seed": 1}"#, "this scenario file is version 2; this Session Lab reads version 1"),
            (r#"{"format": "sessionlab-scenario", "version": 1, "steps": [{"console": 0, "source": "x"}], "step": 0, "seed": 1}"#, "the step \"x\" has console 0; consoles are numbered from 1"),
            (r#"{"format": "sessionlab-scenario", "version": 1, "steps": [], "step": 0, "seed": 1, "extra": 1}"#, "the file is not a Session Lab scenario (unknown field `extra`, expected one of `format`, `version`, `steps`, `step`, `seed`, `branches` at line 1 column 90)"),
        ];
        for (text, why) in cases {
            assert_eq!(export::parse_scenario(text).unwrap_err(), why, "{text}");
        }
    }

    #[test]
    #[allow(
        clippy::needless_raw_string_hashes,
        reason = "expect-test writes its literals as r#\"…\"#"
    )]
    fn the_markdown_transcript_shows_inputs_outputs_and_verdicts() {
        let mut p = Playground::default();
        p.run_script(1, "const s = db.getMongo().startSession()\ns.getDatabase(\"test\").items.insertOne({ n: 1 })\ndb.runCommand({ killAllSessions: [] })");
        expect![[r##"
            # Session Lab transcript

            **Step 1** · conn1

            ```js
            const s = db.getMongo().startSession()
            ```

            **Step 2** · conn1

            ```js
            s.getDatabase("test").items.insertOne({ n: 1 })
            ```

            ```text
            {
              acknowledged: true,
              insertedId: ObjectId('6955b900286fd3b0a5a47587')
            }
            ```

            **Step 3** · conn1

            ```js
            db.runCommand({ killAllSessions: [] })
            ```

            ```text
            { ok: 1 }
            ```

            Verdicts of killAllSessions:

            | session | owner | fate | decided by | why |
            | --- | --- | --- | --- | --- |
            | s `8324efde` | (no user) | **killed** | killAllSessions: \[\] (every session) | Killed because killAllSessions: \[\] kills every session of every user; nothing was running, so nothing changed and the session stays usable. |
        "##]]
        .assert_eq(&export::markdown(p.steps(), &p.shell().session_names()));
    }

    #[test]
    fn the_json_transcript_holds_the_runners_records() {
        let mut p = Playground::default();
        p.run_script(
            1,
            "db.runCommand({ ping: 1 })\ndb.runCommand({ killAllSessions: 1 })",
        );
        let records: Vec<serde_json::Value> =
            serde_json::from_str(&export::transcript_json(p.steps())).unwrap();
        let expected: Vec<serde_json::Value> = p
            .steps()
            .iter()
            .flat_map(|s| s.records.iter().map(sessionlab::shell::Record::json))
            .collect();
        assert_eq!(records, expected);
        assert_eq!(records[1]["error"]["codeName"], "TypeMismatch");
    }
}
