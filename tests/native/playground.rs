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

/// A playground with a long step (350 statements), a syntax error, a `lab.reset()` and a
/// kill after it.
fn long_saved_playground() -> sessionlab::playground::SavedPlayground {
    let background =
        "lab.background(new Mongo().getDB(\"admin\").runCommand({ sleep: 1, secs: 60 }))\n";
    sessionlab::playground::SavedPlayground {
        steps: vec![
            (1, "db.runCommand({ startSession: 1 })".to_owned()),
            (1, background.repeat(350)),
            (1, "db.runCommand({ ping: 1 }".to_owned()),
            (
                1,
                "db.c.insertOne({ _id: 1 }); lab.reset(); db.c.insertOne({ _id: 2 })".to_owned(),
            ),
            (
                1,
                "db.runCommand({ startSession: 1 }); db.runCommand({ killAllSessions: [] })"
                    .to_owned(),
            ),
        ],
        cursor: 4,
        seed: 7,
    }
}

fn transcript(p: &Playground) -> Vec<String> {
    p.steps()
        .iter()
        .flat_map(|step| {
            step.records
                .iter()
                .map(sessionlab::shell::Record::transcript)
        })
        .collect()
}

#[test]
fn a_replay_in_slices_gives_what_a_replay_at_once_gives() {
    use sessionlab::playground::Replay;
    let saved = long_saved_playground();
    let at_once = Playground::restore(&saved);
    for work in [1, 50, 5_000, u64::MAX] {
        let mut replay = Replay::new(saved.clone());
        let mut calls = 0;
        while !replay.run_for(work, 40) {
            calls += 1;
            assert!(calls < 10_000, "a replay always moves on");
        }
        let sliced = replay.finish();
        assert_eq!(
            transcript(&sliced),
            transcript(&at_once),
            "slices of {work} units"
        );
        assert_eq!(sliced.cursor(), at_once.cursor());
        assert_eq!(
            sliced.shell().deployment.board(),
            at_once.shell().deployment.board()
        );
    }
}

#[test]
fn a_long_step_goes_on_in_the_next_slice() {
    use sessionlab::playground::Replay;
    let mut replay = Replay::new(long_saved_playground());
    // The first slice ends the short first step and starts the long one.
    assert!(!replay.run_for(1_000, 40));
    assert_eq!(replay.done(), 1, "the long step is under way, not done");
    let mut slices = 1;
    while replay.done() < 2 {
        replay.run_for(1_000, 40);
        slices += 1;
    }
    // Parsing the step (paid by its bytes) ends the first slice; after it, every slice but the
    // last runs at least 1,000 units of the step's statements.
    let mut shell = sessionlab::shell::Shell::default();
    let saved = long_saved_playground();
    shell.execute(1, &saved.steps[0].1);
    let before = shell.deployment.work();
    shell.execute(1, &saved.steps[1].1);
    let parse_work =
        (saved.steps[1].1.len() / sessionlab::shell::budget::SOURCE_BYTES_PER_UNIT) as u64;
    let statements_work = shell.deployment.work() - before - parse_work;
    assert!(statements_work > 5_000, "{statements_work} units");
    assert!(
        slices > statements_work / 1_000,
        "{slices} slices for {statements_work} units"
    );
    // A slice runs at least one statement, so even slices of 1 unit finish.
    let mut replay = Replay::new(long_saved_playground());
    let mut calls = 0;
    while !replay.run_for(1, 1) {
        calls += 1;
    }
    let replayed = replay.finish();
    assert_eq!(replayed.steps().len(), 4, "the syntax error adds no step");
    // The long step stops at the input's work budget, after some 200 of its statements.
    let statements = replayed.steps()[1].records.len();
    assert!((100..350).contains(&statements), "{statements} statements");
    assert!(calls >= statements, "{calls} calls: one statement each");
}

#[test]
fn a_consoles_own_connection_is_what_the_board_shows_for_it() {
    // The console reads only its own connection (`connection_view`), not the whole board: the
    // two must agree, for an idle connection, a logged-in one and a busy one.
    let mut p = Playground::default();
    p.run_script(
        1,
        "use admin\n\
         db.createUser({ user: \"ann\", pwd: \"pw\", roles: [\"root\"] })\n\
         const conn2 = new Mongo()\n\
         conn2.getDB(\"admin\").auth(\"ann\", \"pw\")\n\
         const s = db.getMongo().startSession()\n\
         const op = lab.background(s.getDatabase(\"test\").items.find({ $where: \"sleep(600000) || true\" }).toArray())",
    );
    let deployment = &p.shell().deployment;
    let board = deployment.board();
    assert!(board.connections.len() >= 2, "{:?}", board.connections);
    assert!(
        board.connections.iter().any(|c| c.running.is_some()),
        "one connection is busy: {:?}",
        board.connections
    );
    assert!(
        board.connections.iter().any(|c| c.user.is_some()),
        "one connection is logged in: {:?}",
        board.connections
    );
    for connection in &board.connections {
        assert_eq!(
            deployment.connection_view(connection.id).as_ref(),
            Some(connection)
        );
    }
    assert_eq!(deployment.connection_view(999), None);
}
