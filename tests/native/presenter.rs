//! Presenter mode without a browser: a script's comments stay with the step they introduce and
//! become captions, notes and pauses; the clicker's Next stops at a pause before running the
//! step; the notes window's cue; and going back to the script after trying the room's
//! suggestion keeps the suggestion as a branch.

use sessionlab::lab_state::{Action, LabState};
use sessionlab::playground::{script_steps, Playground};
use sessionlab::presenter::{next_move, Cue, NextMove, StepScript};

const SCRIPT: &str = r"// Two sessions
const a = db.getMongo().startSession()
const b = db.getMongo().startSession() // the second one
//! pause Which sessions does killAllSessions: [] kill?
//! note Both: auth is off, so every session has the same uid.
// Kill them all
db.runCommand({ killAllSessions: [] });
// trailing words
";

#[test]
fn a_script_keeps_its_comments_with_the_step_they_introduce() {
    assert_eq!(
        script_steps(SCRIPT),
        [
            "// Two sessions\nconst a = db.getMongo().startSession()",
            "const b = db.getMongo().startSession() // the second one",
            "//! pause Which sessions does killAllSessions: [] kill?\n//! note Both: auth is off, so every session has the same uid.\n// Kill them all\ndb.runCommand({ killAllSessions: [] });\n// trailing words",
        ]
    );
    // Two statements on one line are still two steps.
    assert_eq!(
        script_steps("db.a.find(); db.b.find()"),
        ["db.a.find()", "db.b.find()"]
    );
}

#[test]
fn a_step_splits_into_captions_notes_a_pause_and_its_command() {
    let steps = script_steps(SCRIPT);
    let kill = StepScript::of(&steps[2]);
    assert_eq!(kill.captions, ["Kill them all", "trailing words"]);
    assert_eq!(
        kill.notes,
        ["Both: auth is off, so every session has the same uid."]
    );
    assert_eq!(
        kill.pause.as_deref(),
        Some("Which sessions does killAllSessions: [] kill?")
    );
    assert_eq!(kill.command, "db.runCommand({ killAllSessions: [] });");
    let plain = StepScript::of(&steps[1]);
    assert_eq!(
        (plain.captions.len(), plain.pause, plain.command.as_str()),
        (
            0,
            None,
            "const b = db.getMongo().startSession() // the second one"
        )
    );
}

#[test]
fn next_stops_at_a_pause_and_the_cue_says_what_the_room_is_asked() {
    let mut playground = Playground::default();
    playground.run_script(1, SCRIPT);
    playground.go_to(2);
    assert_eq!(next_move(&playground, false), NextMove::Pause);
    let waiting = Cue::of(&playground, true, false);
    assert_eq!(
        waiting.question.as_deref(),
        Some("Which sessions does killAllSessions: [] kill?")
    );
    assert_eq!(waiting.step, 2, "the paused step has not run");
    assert_eq!(waiting.notes.len(), 1);
    assert_eq!(waiting.next, None, "the paused step is the last");
    assert_eq!(next_move(&playground, true), NextMove::Step);
    playground.go_to(3);
    assert_eq!(next_move(&playground, false), NextMove::End);
    let shown = Cue::of(&playground, false, false);
    assert_eq!((shown.step, shown.total, shown.question), (3, 3, None));
    assert_eq!(shown.command, "db.runCommand({ killAllSessions: [] });");
    playground.go_to(0);
    let start = Cue::of(&playground, false, false);
    assert_eq!(
        (start.command.as_str(), start.next.as_deref()),
        ("", Some("const a = db.getMongo().startSession()"))
    );
}

#[test]
fn returning_to_the_script_keeps_the_rooms_suggestion_as_a_branch() {
    let mut state = LabState::default();
    for step in script_steps(SCRIPT) {
        state = state.apply(Action::Run(1, step));
    }
    let script = state.playground.save();
    state = state.apply(Action::GoTo(1));
    // Nothing tried yet: Esc only moves back to the step.
    let same = state.apply(Action::ReturnTo(Box::new(script.clone()), 1));
    assert_eq!((same.playground.cursor(), same.branches.len()), (1, 0));
    // The room's suggestion replaces steps 2 and 3 (kept as a branch by the fork).
    state = state.apply(Action::Run(
        1,
        "db.runCommand({ killSessions: [a.getSessionId()] })".into(),
    ));
    assert_eq!(state.branches.len(), 1);
    state = state.apply(Action::ReturnTo(Box::new(script.clone()), 1));
    while state.replay.is_some() {
        state = state.apply(Action::ReplaySlice);
    }
    let sources: Vec<_> = state
        .playground
        .steps()
        .iter()
        .map(|s| s.source.clone())
        .collect();
    assert_eq!(sources, script_steps(SCRIPT), "the script is back");
    assert_eq!(state.playground.cursor(), 1, "at the step it left");
    assert_eq!(
        state.branches.len(),
        1,
        "the script's branch came back; the suggestion is kept"
    );
    assert_eq!(
        (state.branches[0].at, state.branches[0].first_step()),
        (1, "db.runCommand({ killSessions: [a.getSessionId()] })")
    );
    assert!(state
        .notice
        .unwrap()
        .text
        .starts_with("Back to the script at step 1."));
}

#[test]
fn a_saved_workshop_keeps_its_forks_as_branches() {
    use sessionlab::export::ScenarioFile;
    use sessionlab::playground::SavedPlayground;
    let shown = SavedPlayground {
        steps: vec![
            (1, "db.a.insertOne({})".into()),
            (1, "db.b.insertOne({})".into()),
        ],
        cursor: 1,
        seed: 7,
    };
    let branch = SavedPlayground {
        steps: vec![(1, "db.a.insertOne({})".into()), (2, "db.c.find()".into())],
        cursor: 2,
        seed: 7,
    };
    let text =
        serde_json::to_string(&ScenarioFile::workshop(&shown, &[(1, branch.clone())])).unwrap();
    assert!(
        text.contains(r#""branches":[{"at":1,"steps":[{"console":1"#),
        "{text}"
    );
    let file: ScenarioFile = serde_json::from_str(&text).unwrap();
    assert_eq!(
        file.into_workshop().unwrap(),
        (shown.clone(), vec![(1, branch)])
    );
    // A plain scenario file has no branches field at all.
    let plain = serde_json::to_string(&ScenarioFile::from(&shown)).unwrap();
    assert!(!plain.contains("branches"), "{plain}");
    // A bad branch is refused, and named.
    let bad = text.replace(
        r#""steps":[{"console":1,"source":"db.a.insertOne({})"},{"console":2"#,
        r#""steps":[{"console":1,"source":"db.a.insertOne({})"},{"console":0"#,
    );
    let file: ScenarioFile = serde_json::from_str(&bad).unwrap();
    assert_eq!(
        file.into_workshop().unwrap_err(),
        "branch 1: the step \"db.c.find()\" has console 0; consoles are numbered from 1"
    );
}

#[test]
fn a_transcript_keeps_captions_but_not_the_presenters_notes_and_questions() {
    let mut playground = Playground::default();
    playground.run_script(1, SCRIPT);
    let markdown =
        sessionlab::export::markdown(playground.steps(), &playground.shell().session_names());
    assert!(markdown.contains("```js\n// Kill them all\ndb.runCommand({ killAllSessions: [] });\n// trailing words\n```"), "{markdown}");
    assert!(!markdown.contains("//!"), "{markdown}");
}
