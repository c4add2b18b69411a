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
