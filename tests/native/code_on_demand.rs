//! The commands whose code a page fetches on first use (`commands::on_demand`), and the shell's
//! methods fetched with them (`shell::on_demand`): what runs before it is here is discarded and
//! runs again once it is, so the transcript is the one it would have been with the code there
//! from the start. Each test takes the code away on its own thread
//! (`on_demand::withdraw`), as a page that has not fetched it yet has it, and puts it back.

use sessionlab::lab_state::{Action, LabState, ReplayJob};
use sessionlab::playground::{CodeNotHere, Playground, SavedPlayground};
use sessionlab::shell::on_demand;
use sessionlab::shell::Record;

const SETUP: &str = "const s = db.getMongo().startSession()";
const LIST: &str = "db.aggregate([{ $listLocalSessions: {} }]).toArray().length";

/// Each step's console text (the prompt, what it printed, its result, its verdicts).
fn transcript(playground: &Playground) -> Vec<String> {
    playground
        .steps()
        .iter()
        .map(|step| step.records.iter().map(Record::transcript).collect())
        .collect()
}

/// The same inputs run with the code there from the start.
fn with_code_from_the_start(inputs: &[&str]) -> Playground {
    on_demand::install_compiled_in();
    let mut playground = Playground::default();
    for input in inputs {
        playground.run(1, input);
    }
    playground
}

#[test]
fn an_input_that_reaches_a_command_still_to_fetch_waits_and_then_runs_as_if_it_had_been_here() {
    let expected = with_code_from_the_start(&[SETUP, LIST]);
    on_demand::withdraw();
    let state = LabState::default().apply(Action::Run(1, SETUP.to_owned()));
    assert!(!state.waits_for_code(), "a session needs no fetched code");
    let waiting = state.apply(Action::Run(1, LIST.to_owned()));
    assert!(waiting.waits_for_code());
    assert_eq!(waiting.announcement, "Loading the code of this command…");
    assert_eq!(waiting.playground.steps().len(), 1, "no step yet");
    assert_eq!(
        waiting.history,
        [SETUP, LIST],
        "the input is remembered at once"
    );
    let refused = waiting.apply(Action::Run(1, "db.c.insertOne({})".to_owned()));
    assert_eq!(
        refused.announcement,
        "Wait until the code of the command has loaded."
    );
    assert_eq!(
        refused.playground.steps().len(),
        1,
        "nothing ran out of order"
    );

    on_demand::install_compiled_in();
    let ran = waiting.apply(Action::CodeFetched(Ok(())));
    assert!(!ran.waits_for_code() && ran.waiting.is_none());
    assert_eq!(transcript(&ran.playground), transcript(&expected));
    assert_eq!(
        ran.playground.steps()[1].records[0].output(),
        "1\n",
        "the session is listed"
    );
}

#[test]
fn an_input_whose_code_cannot_be_fetched_is_dropped_saying_so_and_kept_in_the_history() {
    on_demand::withdraw();
    let waiting = LabState::default().apply(Action::Run(1, LIST.to_owned()));
    let failed = waiting.apply(Action::CodeFetched(Err(
        "Session Lab could not load the code.".to_owned(),
    )));
    assert!(!failed.waits_for_code());
    assert!(failed.playground.steps().is_empty());
    assert_eq!(
        failed.notice.as_ref().expect("a notice").text,
        "Session Lab could not load the code. The command was not run; it is in the console's history (↑)."
    );
    assert_eq!(failed.history, [LIST]);
    // Trying again fetches again: the next run waits as the first did.
    assert!(failed
        .apply(Action::Run(1, LIST.to_owned()))
        .waits_for_code());
    on_demand::install_compiled_in();
}

#[test]
fn waiting_for_the_code_can_be_cancelled_and_its_late_arrival_then_runs_nothing() {
    on_demand::withdraw();
    let waiting = LabState::default().apply(Action::Run(1, LIST.to_owned()));
    let cancelled = waiting.apply(Action::CancelWait);
    assert!(!cancelled.waits_for_code());
    assert_eq!(
        cancelled.announcement,
        "Cancelled. The command was not run; it is in the console's history (↑)."
    );
    assert_eq!(cancelled.history, [LIST]);
    let other = cancelled.apply(Action::Run(1, "db.c.insertOne({})".to_owned()));
    assert_eq!(
        other.playground.steps().len(),
        1,
        "the console takes input again"
    );
    let scenario = other
        .apply(Action::Scenario("kill-own".to_owned(), None))
        .apply(Action::CancelWait);
    assert_eq!(
        scenario.announcement,
        "Cancelled. The scenario was not loaded."
    );
    on_demand::install_compiled_in();
    let late = scenario.apply(Action::CodeFetched(Ok(())));
    assert_eq!(transcript(&late.playground), transcript(&other.playground));
}

#[test]
fn a_replay_that_reaches_a_command_still_to_fetch_starts_again_once_it_is_here_and_ends_the_same() {
    let inputs = [
        SETUP,
        "db.c.insertMany([{ n: 1 }, { n: 2 }])",
        "db.c.distinct(\"n\")",
        "db.adminCommand({ killAllSessions: [] })",
    ];
    let expected = with_code_from_the_start(&inputs);
    let saved = SavedPlayground {
        steps: inputs
            .iter()
            .map(|input| (1, (*input).to_owned()))
            .collect(),
        cursor: inputs.len(),
        seed: 1,
    };
    on_demand::withdraw();
    let mut state = LabState::default().apply(Action::Restore(Box::new(ReplayJob::new(saved))));
    for _ in 0..10 {
        state = state.apply(Action::ReplaySlice);
    }
    assert!(state.waits_for_code(), "the replay waits at distinct");
    let job = state.replay.clone().expect("still replaying");
    assert_eq!(job.progress(), (0, 4), "what it had replayed was discarded");

    // The fetch fails: the replay says why and waits for Try again, which fetches again.
    let failed = state.apply(Action::CodeFetched(Err("Could not load.".to_owned())));
    assert_eq!(failed.code_failure.as_deref(), Some("Could not load."));
    assert!(!failed.waits_for_code(), "no fetch until Try again");
    let retried = failed.apply(Action::RetryCode);
    assert!(retried.waits_for_code());

    on_demand::install_compiled_in();
    let mut state = retried.apply(Action::CodeFetched(Ok(())));
    for _ in 0..10 {
        state = state.apply(Action::ReplaySlice);
    }
    assert!(state.replay.is_none(), "done");
    assert_eq!(transcript(&state.playground), transcript(&expected));
}

#[test]
fn the_playground_discards_a_step_that_reached_a_command_still_to_fetch() {
    on_demand::withdraw();
    let mut playground = Playground::default();
    playground.run(1, "db.c.insertOne({ n: 1 })");
    let before = transcript(&playground);
    assert_eq!(
        playground.try_run(
            1,
            "db.c.insertOne({ n: 2 }); db.c.findAndModify({ query: {}, remove: true })"
        ),
        Err(CodeNotHere)
    );
    assert_eq!(
        transcript(&playground),
        before,
        "not even the insert before it"
    );
    on_demand::install_compiled_in();
    let records = playground
        .try_run(1, "db.c.insertOne({ n: 2 }); db.c.countDocuments()")
        .expect("runs");
    assert_eq!(records.last().map(Record::output).as_deref(), Some("2\n"));
}

#[test]
fn a_scenario_from_the_menu_that_reaches_a_command_still_to_fetch_waits_for_it_losing_nothing() {
    // kill-own lists the sessions with $listLocalSessions after its kills; an address may ask
    // for another step than its kill (`?scenario=kill-own&autorun=0` asks for the first).
    let expected = LabState::default().apply(Action::Scenario("kill-own".to_owned(), Some(0)));
    on_demand::withdraw();
    let before = LabState::default().apply(Action::Run(1, "db.c.insertOne({})".to_owned()));
    let waiting = before.apply(Action::Scenario("kill-own".to_owned(), Some(0)));
    assert!(waiting.waits_for_code());
    assert_eq!(
        waiting.announcement,
        "Loading the code of a command this scenario runs…"
    );
    assert_eq!(
        transcript(&waiting.playground),
        transcript(&before.playground)
    );
    let failed = waiting.apply(Action::CodeFetched(Err("Could not load.".to_owned())));
    assert_eq!(
        failed.notice.as_ref().expect("a notice").text,
        "Could not load. The scenario was not loaded."
    );
    assert_eq!(
        transcript(&failed.playground),
        transcript(&before.playground)
    );

    on_demand::install_compiled_in();
    let loaded = waiting.apply(Action::CodeFetched(Ok(())));
    assert_eq!(loaded.announcement, expected.announcement);
    assert_eq!(
        transcript(&loaded.playground),
        transcript(&expected.playground)
    );
    assert_eq!(loaded.playground.cursor(), 0, "at the step asked for");
    assert_eq!(expected.playground.cursor(), 0);
}

#[test]
fn the_other_built_in_scenarios_need_no_code_fetched_on_first_use() {
    on_demand::withdraw();
    for scenario in sessionlab::scenarios::SCENARIOS {
        let state = LabState::default().apply(Action::Scenario(scenario.id.to_owned(), None));
        assert_eq!(
            state.waits_for_code(),
            scenario.id == "kill-own",
            "{}",
            scenario.id
        );
    }
    on_demand::install_compiled_in();
}

#[test]
fn every_command_fetched_on_first_use_waits_for_its_code_and_is_offered_once() {
    let names = sessionlab::commands::command_names();
    for name in sessionlab::commands::on_demand::NAMES {
        assert_eq!(
            names.iter().filter(|n| **n == name).count(),
            1,
            "{name} is offered once"
        );
    }
    on_demand::withdraw();
    let mut playground = Playground::default();
    for name in sessionlab::commands::on_demand::NAMES {
        assert_eq!(
            playground.try_run(1, &format!("db.runCommand({{ {name}: 1 }})")),
            Err(CodeNotHere),
            "{name} waits for its code"
        );
    }
    assert!(playground.steps().is_empty());
    // A name that is no command at all is still `no such command`, code or not.
    let records = playground.run(1, "db.runCommand({ nope: 1 })");
    assert_eq!(
        records[0].output(),
        "MongoServerError[CommandNotFound]: no such command: 'nope'\n"
    );
    on_demand::install_compiled_in();
}

#[test]
fn a_pipeline_style_update_waits_for_the_code_of_the_stages_and_then_runs_as_if_it_had_been_here() {
    const INSERT: &str = "db.c.insertOne({ _id: 1, a: 2 })";
    const UPDATE: &str = "db.c.updateOne({ _id: 1 }, [{ $set: { b: { $add: [\"$a\", 1] } } }])";
    const READ: &str = "db.c.findOne()";
    let expected = with_code_from_the_start(&[INSERT, UPDATE, READ]);
    on_demand::withdraw();
    let state = LabState::default().apply(Action::Run(1, INSERT.to_owned()));
    assert!(!state.waits_for_code(), "an insert needs no fetched code");
    let waiting = state.apply(Action::Run(1, UPDATE.to_owned()));
    assert!(
        waiting.waits_for_code(),
        "the stages' code is still to fetch"
    );
    assert_eq!(waiting.playground.steps().len(), 1, "no step yet");

    on_demand::install_compiled_in();
    let ran = waiting
        .apply(Action::CodeFetched(Ok(())))
        .apply(Action::Run(1, READ.to_owned()));
    assert_eq!(transcript(&ran.playground), transcript(&expected));
    assert_eq!(
        ran.playground.steps()[2].records[0].output(),
        "{ _id: 1, a: 2, b: 3 }\n",
        "the update ran once, on the document as it was"
    );
}

/// One input for each shell method, global function and `show` whose code is fetched on first use
/// (`shell::on_demand`).
const SHELL_CODE_ON_DEMAND: [&str; 41] = [
    "db.c.findOneAndUpdate({}, { $set: { b: 1 } })",
    "db.c.findOneAndReplace({}, { a: 2 })",
    "db.c.findOneAndDelete({})",
    "db.c.findAndModify({ query: {}, update: { $inc: { a: 1 } } })",
    "db.c.bulkWrite([{ insertOne: { document: { a: 3 } } }])",
    "db.c.distinct(\"a\")",
    "db.c.countDocuments()",
    "db.c.estimatedDocumentCount()",
    "db.c.aggregate([{ $match: {} }])",
    "db.c.drop()",
    "db.c.insert({ a: 4 })",
    "db.c.update({}, { $set: { b: 2 } })",
    "db.c.remove({})",
    "db.c.count()",
    "db.serverStatus().ok",
    "db.isMaster().ismaster",
    "db.aggregate([{ $listLocalSessions: {} }])",
    "db.createRole({ role: \"r\", privileges: [], roles: [] })",
    "db.grantRolesToUser(\"u\", [\"read\"])",
    "db.revokeRolesFromUser(\"u\", [\"read\"])",
    "db.dropUser(\"u\")",
    "db.getUsers()",
    "db.getUser(\"u\")",
    "db.currentOp().inprog.length",
    "db.killOp(1)",
    "db.getCollectionNames()",
    "db.getCollectionInfos()",
    "db.createCollection(\"d\")",
    "db.dropDatabase()",
    "connect(\"localhost/shop\")",
    "BinData(0, \"AA==\")",
    "NumberDecimal(\"1.5\")",
    "Decimal128(\"2\")",
    "Binary.createFromHexString(\"00ff\")",
    "db.c.find().count()",
    "db.c.find().size()",
    "db.c.find().isExhausted()",
    "db.c.find().close()",
    "db.c.find().noCursorTimeout().toArray()",
    "db.getMongo().startSession().withTransaction(() => db.c.insertOne({ a: 9 }))",
    "show dbs",
];

#[test]
fn a_shell_method_fetched_on_first_use_waits_for_its_code_and_then_gives_what_it_would_have() {
    const SETUP: [&str; 2] = [
        "db.c.insertOne({ a: 1 })",
        "db.createUser({ user: \"u\", pwd: \"p\", roles: [] })",
    ];
    for input in SHELL_CODE_ON_DEMAND {
        let mut inputs = SETUP.to_vec();
        inputs.push(input);
        let expected = with_code_from_the_start(&inputs);
        let ran = &expected.steps()[SETUP.len()].records;
        assert!(
            ran.iter()
                .all(|record| !record.output().contains("code fetched on first use")),
            "{input} is one of the part's: {ran:?}"
        );
        on_demand::withdraw();
        let mut playground = Playground::default();
        for setup in SETUP {
            assert!(
                playground.try_run(1, setup).is_ok(),
                "{setup} needs no fetched code"
            );
        }
        assert_eq!(
            playground.try_run(1, input),
            Err(CodeNotHere),
            "{input} waits for its code"
        );
        assert_eq!(
            playground.steps().len(),
            SETUP.len(),
            "{input} added no step"
        );
        on_demand::install_compiled_in();
        assert!(playground.try_run(1, input).is_ok());
        assert_eq!(transcript(&playground), transcript(&expected), "{input}");
    }
}

#[test]
fn a_projection_that_computes_a_field_waits_for_the_code_of_expressions_and_a_plain_one_does_not() {
    const SETUP: &str = "db.c.insertOne({ _id: 1, a: 2, b: { c: 3 } })";
    const PLAIN: &str = "db.c.find({}, { a: 1 }).toArray()";
    const COMPUTED: &str = "db.c.find({}, { total: { $add: [\"$a\", \"$b.c\"] } }).toArray()";
    const REFUSED: &str = "db.c.find({}, { a: 1, b: 0 }).toArray()";
    let expected = with_code_from_the_start(&[SETUP, PLAIN, COMPUTED, REFUSED]);
    assert_eq!(
        expected.steps()[2].records[0].output(),
        "[ { _id: 1, total: 5 } ]\n"
    );
    on_demand::withdraw();
    let mut playground = Playground::default();
    for input in [SETUP, PLAIN] {
        assert!(
            playground.try_run(1, input).is_ok(),
            "{input} needs no fetched code"
        );
    }
    assert_eq!(playground.try_run(1, COMPUTED), Err(CodeNotHere));
    on_demand::install_compiled_in();
    assert!(playground.try_run(1, COMPUTED).is_ok());
    // A projection that fails while the code is away runs again once it is here, and fails
    // the same way.
    on_demand::withdraw();
    assert_eq!(playground.try_run(1, REFUSED), Err(CodeNotHere));
    on_demand::install_compiled_in();
    assert!(playground.try_run(1, REFUSED).is_ok());
    assert_eq!(transcript(&playground), transcript(&expected));
}

#[test]
fn an_expect_line_written_with_a_constructor_of_the_part_is_read_once_the_code_is_here() {
    let example = sessionlab::doc_examples::block(
        "db.getMongo().startSession().getSessionId()\n//! expect result { id: BinData(4, \"gyTv3mLQQdu/PiszUMU2Iw==\") }",
        None,
    )
    .expect("a block");
    on_demand::withdraw();
    assert!(
        example.goals().is_err(),
        "not read without the code (the embed fetches it and reads it again)"
    );
    on_demand::install_compiled_in();
    assert_eq!(example.goals().expect("read").len(), 1);
}
