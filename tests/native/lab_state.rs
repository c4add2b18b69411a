//! The page's rules, tested without a browser through the reducer (`LabState::apply`): what a
//! run, undo, reset or replay does to the timeline, the history, the announcement and the
//! notice, and when the autosave must write.

use sessionlab::lab_state::{Action, LabState, Notice, ReplayJob};
use sessionlab::playground::SavedPlayground;

fn run(state: &LabState, source: &str) -> LabState {
    state.apply(Action::Run(1, source.to_owned()))
}

#[test]
fn a_run_adds_a_step_remembers_the_input_once_and_announces_the_kill() {
    let state = LabState::default();
    let state = run(
        &state,
        "db.getMongo().startSession().getDatabase(\"t\").runCommand({ ping: 1 })",
    );
    let state = run(&state, "db.adminCommand({ killAllSessions: [] })");
    let state = run(&state, "db.adminCommand({ killAllSessions: [] })");
    assert_eq!(state.playground.steps().len(), 3);
    assert_eq!(
        state.history.len(),
        2,
        "a repeated input is remembered once"
    );
    assert_eq!(
        state.announcement,
        "killAllSessions: 1 session(s) killed, 0 survived."
    );
    let failed = run(&state, "db.runCommand({ nope: 1 })");
    assert_eq!(
        failed.announcement,
        "Error: MongoServerError[CommandNotFound]: no such command: 'nope'"
    );
}

#[test]
fn undo_redo_and_go_to_move_the_step_shown_and_say_so() {
    let mut state = LabState::default();
    for i in 0..3 {
        state = run(&state, &format!("db.c.insertOne({{ _id: {i} }})"));
    }
    let back = state.apply(Action::Undo);
    assert_eq!(back.playground.cursor(), 2);
    assert_eq!(back.announcement, "Showing step 2 of 3.");
    let first = back.apply(Action::GoTo(1));
    assert_eq!(first.announcement, "Showing step 1 of 3.");
    let forward = first.apply(Action::Redo);
    assert_eq!(forward.playground.cursor(), 2);
}

#[test]
fn only_changes_to_the_timeline_or_history_make_the_autosave_write() {
    let state = LabState::default();
    let ran = run(&state, "db.c.insertOne({})");
    assert_eq!((ran.revision, ran.changes), (1, 1));
    let noticed = ran.apply(Action::Notify(Some(Notice::info("Copied."))));
    let switched = noticed.apply(Action::SelectConsole(1));
    assert_eq!(switched.revision, 3, "every action is a new revision");
    assert_eq!(switched.changes, 1, "a notice or a tab switch is not saved");
    let remembered = switched.apply(Action::Remember("db.c.find(".to_owned()));
    assert_eq!(remembered.changes, 2, "the history is saved");
}

#[test]
fn a_copied_link_disappears_when_the_timeline_moves() {
    let state = run(&LabState::default(), "db.c.insertOne({})");
    let copied = Notice {
        copyable: Some("https://example.test/#x".to_owned()),
        ..Notice::info("Link copied.")
    };
    let shown = state.apply(Action::Notify(Some(copied)));
    assert!(shown.notice.is_some());
    assert!(
        shown.apply(Action::SelectConsole(1)).notice.is_some(),
        "a tab switch keeps it"
    );
    assert!(
        shown.apply(Action::Undo).notice.is_none(),
        "a stale link never sits next to a different board"
    );
}

#[test]
fn while_a_replay_runs_the_timeline_waits_and_cancelling_starts_empty() {
    let saved = SavedPlayground {
        steps: vec![(1, "db.c.insertOne({})".to_owned()); 3],
        cursor: 3,
        seed: 1,
    };
    let mut job = ReplayJob::new(saved);
    job.own_work = true;
    let replaying = LabState::default().apply(Action::Restore(Box::new(job)));
    assert_eq!(replaying.announcement, "Replaying 3 step(s)…");
    let refused = run(&replaying, "db.c.find()");
    assert_eq!(
        refused.announcement,
        "Wait until the replay is done, or cancel it."
    );
    assert!(refused.playground.steps().is_empty(), "nothing ran");
    let cancelled = replaying.apply(Action::CancelReplay);
    assert!(cancelled.replay.is_none() && cancelled.started);
    let notice = cancelled.notice.expect("a notice");
    assert!(
        notice.text.ends_with("Your saved work was kept aside."),
        "{}",
        notice.text
    );
    assert!(notice.offer_previous);
    // Run to the end instead: slices until done, then the replayed timeline takes its place.
    let mut done = replaying.clone();
    for _ in 0..10 {
        done = done.apply(Action::ReplaySlice);
    }
    assert!(done.replay.is_none());
    assert_eq!(done.playground.steps().len(), 3);
    assert_eq!(done.announcement, "Loaded 3 step(s).");
}

#[test]
fn reset_starts_again_but_keeps_the_revision_and_the_start() {
    let state = run(&LabState::default(), "db.c.insertOne({})").apply(Action::Started);
    let reset = state.apply(Action::Reset);
    assert!(reset.playground.steps().is_empty());
    assert!(reset.history.is_empty());
    assert!(
        reset.started,
        "a reset playground is still started, so it is saved"
    );
    assert_eq!(reset.revision, state.revision + 1);
    assert_eq!(reset.announcement, "Reset: a fresh deployment.");
}

#[test]
fn every_scenario_opens_at_its_kill_with_verdicts_named_and_sessions_named() {
    for scenario in sessionlab::scenarios::SCENARIOS {
        let state = LabState::default().apply(Action::Scenario(scenario.id.to_owned(), None));
        assert_eq!(state.scenario.map(|s| s.id), Some(scenario.id));
        let report = state
            .report_at_cursor()
            .unwrap_or_else(|| panic!("{}: no verdicts at the step shown", scenario.id));
        assert!(!report.is_empty(), "{}", scenario.id);
        assert_eq!(
            state.kill_step(),
            Some(state.playground.cursor()),
            "{}: opens at its last kill",
            scenario.id
        );
        assert!(
            state.announcement.starts_with(&format!(
                "Scenario loaded: {}. {}: ",
                scenario.title, report.command
            )),
            "{}: {}",
            scenario.id,
            state.announcement
        );
        // Every session the verdicts name has a name on the page: its variable or "implicit".
        let names = state.playground.shell().session_names();
        for verdict in report.verdicts() {
            assert!(
                names.name(&verdict.id).is_some(),
                "{}: session {} has no name",
                scenario.id,
                verdict.id
            );
        }
    }
    // The prepared-transaction scenario goes on after its kill: those steps are a Redo away.
    let prepared =
        LabState::default().apply(Action::Scenario("prepared-survives".to_owned(), None));
    assert!(prepared.playground.cursor() < prepared.playground.steps().len());
    let names = prepared.playground.shell().session_names();
    let report = prepared.report_at_cursor().unwrap();
    let labels: Vec<String> = report
        .verdicts()
        .iter()
        .map(|v| names.label(&v.id))
        .collect();
    assert_eq!(
        labels,
        ["implicit session of conn1", "s1", "s2", "s3"],
        "variables and the console's implicit session, in order of first appearance"
    );
    // A timeline that replaces it is no longer the scenario.
    assert_eq!(
        prepared.apply(Action::Reset).scenario,
        None,
        "a reset forgets the scenario"
    );
}

#[test]
fn a_run_at_an_earlier_step_keeps_the_later_steps_as_a_branch_that_comes_back() {
    use sessionlab::lab_state::{Action, LabState};
    let mut state = LabState::default();
    for source in [
        "db.a.insertOne({})",
        "db.b.insertOne({})",
        "db.c.insertOne({})",
    ] {
        state = state.apply(Action::Run(1, source.into()));
    }
    let sources = |s: &LabState| {
        s.playground
            .steps()
            .iter()
            .map(|st| st.source.clone())
            .collect::<Vec<_>>()
    };
    let original = sources(&state);
    state = state.apply(Action::Undo).apply(Action::Undo);
    state = state.apply(Action::Run(1, "db.stray.insertOne({})".into()));
    assert_eq!(
        sources(&state),
        ["db.a.insertOne({})", "db.stray.insertOne({})"]
    );
    assert_eq!(state.branches.len(), 1, "the two later steps are kept");
    assert_eq!(
        (
            state.branches[0].at,
            state.branches[0].own_steps(),
            state.branches[0].first_step()
        ),
        (1, 2, "db.b.insertOne({})")
    );
    assert!(
        state.announcement.contains("kept as a branch"),
        "{}",
        state.announcement
    );
    // A syntax error runs nothing and forks nothing.
    let unchanged = state
        .apply(Action::Undo)
        .apply(Action::Run(1, "db.a.insertOne({".into()));
    assert_eq!(unchanged.branches.len(), 1);
    // Bringing it back replays it; what was shown becomes a branch in its place.
    state = state.apply(Action::BringBack(0));
    while state.replay.is_some() {
        state = state.apply(Action::ReplaySlice);
    }
    assert_eq!(sources(&state), original);
    assert_eq!(state.playground.cursor(), 3, "shown at its last step");
    assert_eq!(state.branches.len(), 1);
    assert_eq!(state.branches[0].first_step(), "db.stray.insertOne({})");
    assert!(state
        .notice
        .as_ref()
        .unwrap()
        .text
        .starts_with("Brought back the branch after step 1"));
    // At most ten branches: the oldest goes first.
    for i in 0..12 {
        state = state
            .apply(Action::GoTo(0))
            .apply(Action::Run(1, format!("db.x{i}.insertOne({{}})")));
    }
    assert_eq!(state.branches.len(), sessionlab::lab_state::MAX_BRANCHES);
}
