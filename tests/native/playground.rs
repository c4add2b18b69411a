//! The timeline behind the UI: steps, undo/redo, viewing an earlier step, forking by running
//! at an earlier step, and save/restore by replay.

use sessionlab::playground::Playground;

fn session_count(p: &Playground) -> usize {
    p.shell().deployment.session_views().len()
}

#[test]
fn undo_redo_and_go_to_show_the_board_as_it_was() {
    let mut p = Playground::default();
    p.run(1, "db.runCommand({ startSession: 1 })");
    p.run(1, "db.runCommand({ startSession: 1 })");
    assert_eq!((p.cursor(), session_count(&p)), (2, 2));
    assert!(p.undo());
    assert_eq!((p.cursor(), session_count(&p)), (1, 1));
    assert!(p.redo());
    assert_eq!(session_count(&p), 2);
    assert!(!p.redo(), "nothing to redo at the end");
    p.go_to(0);
    assert_eq!(session_count(&p), 0);
}

#[test]
fn running_at_an_earlier_step_forks_the_future() {
    let mut p = Playground::default();
    p.run(1, "db.runCommand({ startSession: 1 })");
    p.run(1, "db.runCommand({ startSession: 1 })");
    p.undo();
    p.run(1, "lab.setAuth(true)");
    assert_eq!(p.steps().len(), 2, "the undone step was dropped");
    assert_eq!(p.steps()[1].source, "lab.setAuth(true)");
    assert!(p.shell().deployment.auth_enabled());
    assert_eq!(session_count(&p), 1);
}

#[test]
fn a_syntax_error_adds_no_step() {
    let mut p = Playground::default();
    let records = p.run(1, "db.runCommand({ ping: 1 }");
    assert!(records[0].is_error());
    assert!(p.steps().is_empty());
}

#[test]
fn save_and_restore_replay_to_the_same_board() {
    let mut p = Playground::default();
    p.run_script(1, sessionlab::scenarios::SCENARIOS[1].script);
    p.undo();
    let saved = p.save();
    let json = serde_json::to_string(&saved).unwrap();
    let restored = Playground::restore(&serde_json::from_str(&json).unwrap());
    assert_eq!(restored.cursor(), p.cursor());
    assert_eq!(restored.steps().len(), p.steps().len());
    assert_eq!(
        restored.shell().deployment.board(),
        p.shell().deployment.board()
    );
}

#[test]
fn the_saved_form_round_trips_through_bson() {
    let mut p = Playground::default();
    p.run_script(1, sessionlab::scenarios::SCENARIOS[3].script);
    p.go_to(5);
    let saved = p.save();
    let bytes = saved.to_document().to_vec().unwrap();
    let back = sessionlab::playground::SavedPlayground::from_document(
        &bson::Document::from_reader(bytes.as_slice()).unwrap(),
    )
    .unwrap();
    assert_eq!(back, saved);
    assert_eq!(
        sessionlab::playground::SavedPlayground::from_document(&bson::doc! { "steps": "nope" }),
        None
    );
}
