//! Lessons: every shipped lesson passes the checker; the checker fails a lesson whose solution
//! is broken, whose setup already meets its goals, or whose wrong attempt passes; a malformed
//! file is reported at its line and column; the checklist explains an unmet goal in the
//! engine's words and names the command; predictions are scored against the engine's key; the
//! CLI's exit codes and JSON.

use sessionlab::engine::transactions::TxnState;
use sessionlab::lessons::check::{self, Status};
use sessionlab::lessons::predict::{Mark, NOT_SURE};
use sessionlab::lessons::progress::Progress;
use sessionlab::lessons::run::{self, TaskStart, Variant};
use sessionlab::lessons::{catalogue, parse, Lesson};
use sessionlab::playground::Playground;
use std::process::Command;

const KILL_BY_USER: &str = include_str!("../../lessons/03-kill-by-user.md");
const SESSIONS_EXPIRE: &str = include_str!("../../lessons/13-sessions-expire.md");

fn lesson(text: &str) -> Lesson {
    parse(text).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Runs `steps` in the task's console, as a learner types them, and checks the task.
fn progress_after(
    lesson: &Lesson,
    playground: &mut Playground,
    start: &TaskStart,
    steps: &[&str],
) -> run::Progress {
    let steps: Vec<String> = steps.iter().map(|step| (*step).to_owned()).collect();
    run::run_steps(lesson, playground, &steps);
    run::progress(lesson, playground, start)
}

fn failed(checks: &[check::Check]) -> Option<&check::Check> {
    checks.iter().find(|c| c.status == Status::Fail)
}

#[test]
fn every_shipped_lesson_parses_and_passes_the_checker() {
    assert_eq!(
        catalogue::lessons().len(),
        catalogue::FILES.len(),
        "every file parses"
    );
    assert!(catalogue::FILES.len() >= 12);
    for (file, text) in catalogue::FILES {
        let checks = check::check(&lesson(text));
        assert!(check::passed(&checks), "{file}: {:?}", failed(&checks));
        // Every check ran: none was skipped by an earlier failure.
        assert!(
            checks
                .iter()
                .any(|c| c.name == "the solution solves the variants"),
            "{file}"
        );
    }
    let ids: Vec<String> = catalogue::lessons().iter().map(|l| l.id.clone()).collect();
    for lesson in catalogue::lessons().iter() {
        for required in &lesson.requires {
            assert!(
                ids.contains(required),
                "{} requires an unknown lesson {required}",
                lesson.id
            );
        }
    }
}

#[test]
fn the_checker_fails_a_broken_solution() {
    let broken = KILL_BY_USER.replace(
        "   { user: \"reportWriter\", db: \"db2\" }\n] })",
        "   { user: \"reportWriter\", db: \"db3\" }\n] })",
    );
    assert_ne!(broken, KILL_BY_USER);
    let checks = check::check(&lesson(&broken));
    let failure = failed(&checks).expect("a broken solution fails");
    assert_eq!(failure.name, "the solution solves the task");
    assert!(
        failure.message.contains("killed owner=reportWriter@db2"),
        "{}",
        failure.message
    );
    assert!(
        failure.message.contains("has not been killed") || failure.message.contains("survived"),
        "{}",
        failure.message
    );
}

#[test]
fn the_checker_fails_a_setup_that_already_meets_the_goals() {
    let solved = KILL_BY_USER.replace(
        "auditCursor.next()\n```",
        "auditCursor.next()\ndb.runCommand({ killAllSessions: [{ user: \"appReader\", db: \"db1\" }, { user: \"reportWriter\", db: \"db2\" }] })\n```",
    );
    assert_ne!(solved, KILL_BY_USER);
    // The kill in the setup is before the task: `killed` counts kills during the task only, so
    // make the goal about state instead.
    let solved = solved.replace(
        "//! goal killed owner=appReader@db1\n//! goal killed owner=reportWriter@db2\n",
        "//! goal txn reportSession AbortedWithoutPrepare\n",
    );
    let checks = check::check(&lesson(&solved));
    let failure = failed(&checks).expect("a task solved by its setup fails");
    assert_eq!(failure.name, "the task starts unsolved");
    assert!(
        failure.message.contains("already hold"),
        "{}",
        failure.message
    );
}

#[test]
fn the_checker_fails_a_wrong_attempt_that_passes_or_misses_its_hint() {
    let passes = KILL_BY_USER.replace(
        "db.runCommand({ killAllSessions: [{ user: \"appReader\", db: \"admin\" }, { user: \"reportWriter\", db: \"admin\" }] })",
        "db.runCommand({ killAllSessions: [{ user: \"appReader\", db: \"db1\" }, { user: \"reportWriter\", db: \"db2\" }] })",
    );
    assert_ne!(passes, KILL_BY_USER);
    let checks = check::check(&lesson(&passes));
    let failure = failed(&checks).expect("a wrong attempt that solves the task fails");
    assert_eq!(failure.name, "wrong attempt 1 fails and fires its hint");
    assert!(
        failure.message.contains("solves the task"),
        "{}",
        failure.message
    );

    let other_hint =
        KILL_BY_USER.replace("```sessionlab wrong hint=4", "```sessionlab wrong hint=3");
    let checks = check::check(&lesson(&other_hint));
    let failure = failed(&checks).expect("a wrong attempt that fires another hint fails");
    assert_eq!(failure.name, "wrong attempt 2 fails and fires its hint");
    assert!(
        failure.message.contains("does not fire hint 3 (fired: 4)"),
        "{}",
        failure.message
    );
}

#[test]
fn the_checker_fails_a_solution_that_only_works_with_literal_ids() {
    // The id of appSession with the default seed, written out: a solution "by luck".
    let playground = run::set_up(&lesson(KILL_BY_USER), Variant::default()).unwrap();
    let (_, id, _) = playground
        .shell()
        .session_bindings()
        .into_iter()
        .find(|(name, _, _)| name == "appSession")
        .unwrap();
    let literal = include_str!("../../lessons/01-who-owns-a-session.md").replace(
        "app.getDB(\"admin\").runCommand({ killSessions: [{ id: appSession.getSessionId().id }] })\n```",
        &format!("app.getDB(\"admin\").runCommand({{ killSessions: [{{ id: UUID(\"{id}\") }}] }})\n```"),
    );
    let checks = check::check(&lesson(&literal));
    let failure = failed(&checks).expect("a literal id fails on another seed");
    assert_eq!(failure.name, "the solution solves the variants");
    assert!(
        failure.message.starts_with("with id seed 7"),
        "{}",
        failure.message
    );
}

#[test]
fn a_malformed_lesson_is_reported_at_line_and_column() {
    let text = "+++\nid = \"x\"\nformat = 1\ntitle = \"T\"\nlearns = \"L\"\ncolour = \"red\"\n+++\n\n```sessionlab task\n//! goal killed\n//! goal sruvived appSession\n//! frobnicate\n```\n";
    let errors = parse(text).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "6:1: unknown front matter key \"colour\" (known: id, format, title, learns, minutes, requires, tags, track)",
            "12:5: unknown directive //! frobnicate in a task block (it takes goal)",
            "13:1: the lesson has no ```sessionlab solution block",
        ],
        "the first error of a block stops that block"
    );
    let text = text.replace("//! frobnicate\n", "");
    let shown: Vec<String> = parse(&text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown[1],
        "10:10: \"killed\" takes 1 word(s) after it: killed"
    );
    assert!(
        shown[2].starts_with("11:10: unknown goal \"sruvived\""),
        "{}",
        shown[2]
    );
    let unclosed = parse("+++\nid = \"x\"\n").unwrap_err();
    assert_eq!(
        unclosed[0].to_string(),
        "1:1: the front matter opened here is never closed with +++"
    );
    let future = KILL_BY_USER.replace("format = 1", "format = 2");
    assert!(parse(&future).unwrap_err()[0]
        .message
        .contains("reads format = 1"));
}

#[test]
fn the_checklist_says_why_in_the_engines_words_and_names_the_command() {
    let lesson = lesson(KILL_BY_USER);
    let mut playground = run::set_up(&lesson, Variant::default()).unwrap();
    let start = TaskStart::here(&playground);
    let progress = progress_after(
        &lesson,
        &mut playground,
        &start,
        &["db.runCommand({ killAllSessions: [] })"],
    );
    assert!(!progress.solved);
    let survived = &progress.goals[2];
    assert_eq!(survived.text, "survived auditSession");
    assert!(!survived.met);
    assert_eq!(
        survived.why,
        format!(
            "auditSession was killed, the goal says it survives: killAllSessions: [] (every session), {} (command {}, `db.runCommand({{ killAllSessions: [] }})`)",
            lower(&playground.steps()[start.step].records[0].report.as_ref().unwrap().verdicts().iter().find(|v| v.user.as_deref() == Some("auditor@db3")).unwrap().explanation),
            start.step + 1
        )
    );
    assert!(
        progress.goals[0].met && progress.goals[1].met,
        "the two users' sessions died"
    );
    // The state hint for a protected session that died fires; the one for a kill matching
    // nothing does not.
    assert_eq!(progress.fired, vec![3]);

    // Undo and kill with the wrong database: nothing matches, and the hint says so.
    playground.undo();
    let progress = progress_after(
        &lesson,
        &mut playground,
        &start,
        &["db.runCommand({ killAllSessions: [{ user: \"appReader\", db: \"admin\" }] })"],
    );
    assert_eq!(
        progress.goals[0].why,
        format!("appSession survived, the goal says it is killed: no entry names appReader@db1, owned by appReader@db1, and the command targeted only appReader@admin (command {}, `db.runCommand({{ killAllSessions: [{{ user: \"appReader\", db: \"admin\" }}] }})`)", start.step + 1)
    );
    assert_eq!(progress.fired, vec![2]);
}

/// A write of the learner's own (mongosh's driver sends each insertOne as a retryable write,
/// with the session's next txnNumber) is not a change that "unchanged others" refuses.
#[test]
fn a_time_goal_says_how_much_logical_time_has_passed_and_how_much_it_asks() {
    let lesson = lesson(SESSIONS_EXPIRE);
    let mut playground = run::set_up(&lesson, Variant::default()).unwrap();
    let start = TaskStart::here(&playground);
    let progress = progress_after(&lesson, &mut playground, &start, &["lab.advance(\"90s\")"]);
    let time = progress
        .goals
        .iter()
        .find(|g| g.text == "time >= 15m")
        .expect("the lesson's time goal");
    assert!(!time.met);
    assert_eq!(
        time.why,
        "90 seconds of logical time has passed, the goal says at least 15 minutes (lab.advance moves the clock)"
    );
}

#[test]
fn a_learners_own_write_leaves_the_other_sessions_unchanged() {
    let lesson = lesson(include_str!("../../lessons/10-listing-sessions.md"));
    let mut playground = run::set_up(&lesson, Variant::default()).unwrap();
    let start = TaskStart::here(&playground);
    let steps = [
        "fresh.getDatabase(\"test\").items.findOne()",
        "db.items.insertOne({ n: 3 })",
        "db.adminCommand({ refreshLogicalSessionCacheNow: 1 })",
    ];
    run::run_steps(&lesson, &mut playground, &steps.map(str::to_owned));
    let views = playground.shell().deployment.session_views();
    let txn = views.into_iter().find_map(|v| {
        v.txn
            .filter(|(_, s)| *s == TxnState::ExecutedRetryableWrite)
    });
    assert!(txn.is_some(), "the insert was a retryable write");
    let progress = run::progress(&lesson, &playground, &start);
    let unmet: Vec<_> = progress
        .goals
        .iter()
        .filter(|g| !g.met)
        .map(|g| &g.why)
        .collect();
    assert!(progress.solved, "{unmet:?}");
}

/// A session is `{ id, uid }`: conn1's implicit id used before `db.auth` (no user) and after
/// it (admin) is two sessions, and the checklist tells them apart. Killing only the one without
/// a user changes one of the "others", and the line names it by its owner.
#[test]
fn the_checklist_tells_two_sessions_with_one_id_apart() {
    let lesson = catalogue::find("who-owns-a-session").unwrap();
    let mut playground = run::set_up(&lesson, Variant::default()).unwrap();
    let start = TaskStart::here(&playground);
    let steps = [
        "app.getDB(\"admin\").runCommand({ killSessions: [{ id: appSession.getSessionId().id }] })",
        "db.runCommand({ killAllSessions: [{ user: \"\", db: \"\" }] })",
    ];
    run::run_steps(&lesson, &mut playground, &steps.map(str::to_owned));
    let views = playground.shell().deployment.session_views();
    let implicit_id = &views[0].id;
    assert_eq!(
        views.iter().filter(|v| &v.id == implicit_id).count(),
        2,
        "conn1's implicit id is two sessions"
    );
    let progress = run::progress(&lesson, &playground, &start);
    assert!(progress.goals[0].met, "{:?}", progress.goals[0]);
    let others = &progress.goals[1];
    assert!(!others.met, "the no-user session was killed");
    assert!(
        others
            .why
            .starts_with("implicit session of conn1 (no user) was killed: killAllSessions[0]"),
        "{}",
        others.why
    );
    assert!(!others.why.contains("admin@admin"), "{}", others.why);
    assert!(
        others.why.contains("killed because it has no authenticated user, and { user: \"\", db: \"\" } names the no-auth uid"),
        "{}",
        others.why
    );

    // Killing admin's instead is named with admin as the owner.
    playground.undo();
    let progress = progress_after(
        &lesson,
        &mut playground,
        &start,
        &["db.runCommand({ killAllSessions: [{ user: \"admin\", db: \"admin\" }] })"],
    );
    assert!(
        progress.goals[1]
            .why
            .starts_with("implicit session of conn1 (admin@admin) was killed"),
        "{}",
        progress.goals[1].why
    );
}

fn lower(text: &str) -> String {
    let text = text
        .strip_prefix("Killed: ")
        .unwrap_or(text)
        .trim_end_matches('.');
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[test]
fn a_prediction_is_scored_against_the_engines_key_and_each_miss_explained() {
    let lesson = catalogue::find("kill-everything").unwrap();
    let mut playground = run::set_up(&lesson, Variant::default()).unwrap();
    // appSession right, reportSession wrong, auditSession not sure; the effect wrong; listed right.
    let answers: Vec<String> = ["killed", "survived", NOT_SURE, "nothing", "yes"]
        .map(str::to_owned)
        .to_vec();
    let reveal = run::run_prediction(&lesson, 0, &answers, &mut playground).unwrap();
    let marks: Vec<Mark> = reveal.rows.iter().map(|r| r.mark).collect();
    assert_eq!(
        marks,
        [
            Mark::Right,
            Mark::Wrong,
            Mark::NotSure,
            Mark::Wrong,
            Mark::Right
        ]
    );
    assert_eq!(reveal.right(), 2);
    assert_eq!(reveal.rows[1].engine, "killed");
    assert!(
        reveal.rows[1]
            .why
            .starts_with("killAllSessions: [] (every session): "),
        "{}",
        reveal.rows[1].why
    );
    assert_eq!(reveal.rows[3].engine, "transaction_aborted");
    assert!(
        reveal.rows[3].why.contains("transaction 1 aborted"),
        "{}",
        reveal.rows[3].why
    );
    // The key comes from the engine: on the prepared lesson, the same command spares s2.
    let prepared = catalogue::find("spare-the-prepared").unwrap();
    let mut playground = run::set_up(&prepared, Variant::default()).unwrap();
    let keys = run::run_all_predictions(&prepared, &mut playground).unwrap();
    let engine: Vec<&str> = keys[0].rows.iter().map(|r| r.engine.as_str()).collect();
    assert_eq!(
        engine,
        ["killed", "survived", "killed", "prepared_transaction_kept"]
    );
}

#[test]
fn progress_round_trips_through_a_link_and_notices_a_changed_lesson() {
    let mut progress = Progress::default();
    progress.update("kill-by-user", "aaaa", |p| {
        p.solved = true;
        p.hints_used = 2;
        p.predictions_right = 3;
        p.predictions_asked = 5;
    });
    let fragment = progress.to_fragment();
    assert!(fragment.starts_with("p1."));
    let back = Progress::from_fragment(&format!("#{fragment}")).unwrap();
    assert_eq!(back, progress);
    assert!(back.changed_since("kill-by-user", "bbbb"));
    assert!(!back.changed_since("kill-by-user", "aaaa"));
    let mut changed = back.clone();
    changed.update("kill-by-user", "bbbb", |p| p.hints_used = 1);
    assert!(
        !changed.get("kill-by-user").unwrap().solved,
        "progress on an old version does not carry over"
    );
    assert!(Progress::from_fragment("p1.not*base64").is_err());
    assert!(Progress::from_fragment("v1.abc").is_err());
}

fn sessionlab() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sessionlab"))
}

#[test]
fn the_cli_exits_0_1_2_and_prints_ordered_checks_as_json() {
    let dir = std::env::temp_dir().join(format!("sessionlab-lessons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.md");
    std::fs::write(&good, KILL_BY_USER).unwrap();
    let bad = dir.join("bad.md");
    std::fs::write(
        &bad,
        KILL_BY_USER.replace(
            "{ user: \"reportWriter\", db: \"db2\" }\n] })",
            "{ user: \"reportWriter\", db: \"db9\" }\n] })",
        ),
    )
    .unwrap();
    let malformed = dir.join("malformed.md");
    std::fs::write(
        &malformed,
        KILL_BY_USER.replace("//! goal commands <= 1", "//! goal commands < 1"),
    )
    .unwrap();

    let out = sessionlab()
        .args(["lesson", "check"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = sessionlab()
        .args(["lesson", "check", "--json"])
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["status"], "fail");
    assert_eq!(json["lessons"][0]["status"], "pass");
    let checks = json["lessons"][1]["checks"].as_array().unwrap();
    assert_eq!(checks[0]["name"], "the setup runs");
    assert_eq!(
        checks.last().unwrap()["name"],
        "the solution solves the task"
    );
    assert_eq!(checks.last().unwrap()["status"], "fail");
    let out = sessionlab()
        .args(["lesson", "check"])
        .arg(&malformed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    let line = KILL_BY_USER
        .lines()
        .position(|l| l == "//! goal commands <= 1")
        .unwrap()
        + 1;
    assert!(
        text.contains(&format!(
            "malformed.md:{line}:10: unknown goal \"commands\""
        )),
        "{text}"
    );
    let out = sessionlab().args(["lesson", "frob"]).output().unwrap();
    assert_eq!(out.status.code(), Some(64));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_page_reducer_runs_a_lesson_and_holds_the_console_until_the_prediction_is_answered() {
    use sessionlab::lab_state::{Action, LabState, LessonAction};
    let state = LabState::default().apply(Action::Lesson(LessonAction::Start(
        "kill-everything".into(),
    )));
    let lesson = state.lesson.as_ref().expect("started");
    assert_eq!(lesson.predicting, Some(0));
    let steps = state.playground.steps().len();
    assert!(steps > 0, "the setup ran");
    // Nothing runs before the answer: typed or clicked.
    let refused = state.apply(Action::Run(
        1,
        "db.runCommand({ killAllSessions: [] })".into(),
    ));
    assert_eq!(refused.playground.steps().len(), steps);
    assert!(refused
        .announcement
        .starts_with("Answer the prediction first"));
    // An incomplete answer is refused too.
    let incomplete = state.apply(Action::Lesson(LessonAction::Answer(vec!["killed".into()])));
    assert_eq!(incomplete.lesson.as_ref().unwrap().predicting, Some(0));
    let answers = ["killed", "killed", "killed", "transaction_aborted", "yes"]
        .map(str::to_owned)
        .to_vec();
    let answered = state.apply(Action::Lesson(LessonAction::Answer(answers)));
    let lesson = answered.lesson.as_ref().unwrap();
    assert_eq!(lesson.predicting, None);
    assert_eq!(lesson.prediction_score(), (5, 5));
    assert_eq!(
        answered.playground.steps().len(),
        steps + 1,
        "the prediction's command ran"
    );
    assert_eq!(
        lesson.task.as_ref().unwrap().step,
        steps + 1,
        "the task starts after it"
    );
    assert!(!lesson.progress(&answered.playground).unwrap().solved);
    // Showing the solution meets the goals, and is remembered as seen.
    let shown = answered.apply(Action::Lesson(LessonAction::ShowSolution));
    let lesson = shown.lesson.as_ref().unwrap();
    assert!(lesson.solution_seen);
    assert!(lesson.progress(&shown.playground).unwrap().solved);
    let hinted = shown
        .apply(Action::Lesson(LessonAction::NextHint))
        .apply(Action::Lesson(LessonAction::NextHint))
        .apply(Action::Lesson(LessonAction::NextHint));
    assert_eq!(
        hinted.lesson.as_ref().unwrap().hints_shown,
        2,
        "as many as there are numbered hints"
    );
    let left = hinted.apply(Action::Lesson(LessonAction::Leave));
    assert!(left.lesson.is_none());
    assert_eq!(
        left.playground.steps().len(),
        shown.playground.steps().len(),
        "leaving keeps the timeline"
    );
    let unknown = LabState::default().apply(Action::Lesson(LessonAction::Start("no-such".into())));
    assert!(unknown.lesson.is_none());
    assert!(unknown.notice.unwrap().text.contains("no lesson called"));
}

#[test]
fn a_lesson_in_progress_is_saved_with_the_autosave_and_resumed_on_the_same_timeline() {
    use sessionlab::lessons::active::{ActiveLesson, SavedLesson};
    use sessionlab::playground::Playground;
    use sessionlab::saved_work::{autosave_document, lesson_of, playground_of};
    let lesson = catalogue::find("kill-everything").unwrap();
    let (mut active, mut playground) = ActiveLesson::start(lesson).unwrap();
    let answers = ["killed", "survived", NOT_SURE, "nothing", "yes"]
        .map(str::to_owned)
        .to_vec();
    active.answer(&answers, &mut playground).unwrap();
    active.next_hint();
    run::run_steps(
        &active.lesson,
        &mut playground,
        &["reportSession.commitTransaction()".to_owned()],
    );
    let before = active.progress(&playground).unwrap();
    assert_eq!(
        before.fired,
        vec![2],
        "the state hint fires before the reload"
    );

    let doc = autosave_document(&playground.save(), &[], Some(active.saved().to_document()));
    let restored = Playground::restore(&playground_of(&doc).unwrap());
    let saved = SavedLesson::from_document(lesson_of(&doc).unwrap()).unwrap();
    let resumed = catalogue::resume(&saved, &restored).unwrap();
    assert_eq!(
        resumed, active,
        "the same reveals, task start, hints and solution flag"
    );
    assert_eq!(
        resumed.progress(&restored),
        Some(before),
        "the same checklist"
    );

    let changed = SavedLesson {
        fingerprint: "0".repeat(16),
        ..saved.clone()
    };
    assert!(catalogue::resume(&changed, &restored)
        .unwrap_err()
        .contains("changed since it was started"));
    let other = Playground::restore(&sessionlab::playground::SavedPlayground {
        steps: vec![(1, "db.c.insertOne({})".into())],
        cursor: 1,
        seed: sessionlab::playground::SavedPlayground::default_seed(),
    });
    assert!(catalogue::resume(&saved, &other)
        .unwrap_err()
        .contains("no longer starts with the lesson's setup"));
}

#[test]
fn a_set_of_lesson_files_with_one_this_version_cannot_read_is_refused_and_says_which() {
    // A thread of its own: the catalogue is per thread, and this one has none yet.
    std::thread::spawn(|| {
        let (file, text) = catalogue::FILES[0];
        let refused = catalogue::install([(file, text), ("99-stale.md", "+++\nformat = 2\n+++\n")]);
        let why = refused.unwrap_err();
        assert!(why.starts_with("99-stale.md:"), "{why}");
        assert!(!catalogue::is_loaded(), "nothing installed");
        assert!(catalogue::install([(file, text)]).is_ok());
        assert_eq!(
            catalogue::lessons().len(),
            1,
            "the readable set is installed"
        );
    })
    .join()
    .unwrap();
}

#[test]
fn a_replay_resumes_its_lesson_at_its_end_or_without_it_when_its_files_could_not_be_fetched() {
    use sessionlab::lab_state::{Action, LabState, Notice, ReplayJob};
    use sessionlab::lessons::active::ActiveLesson;
    let (active, playground) =
        ActiveLesson::start(catalogue::find("kill-by-user").unwrap()).unwrap();
    // A fresh replay each time: a job's replay is shared by the states that hold it.
    let replaying = || {
        LabState::default().apply(Action::Restore(Box::new(ReplayJob {
            lesson: Some(active.saved()),
            own_work: true,
            ..ReplayJob::new(playground.save())
        })))
    };
    let finish = |mut state: LabState| {
        for _ in 0..20 {
            state = state.apply(Action::ReplaySlice);
        }
        assert!(state.replay.is_none(), "the replay finished");
        state
    };
    // Natively the lesson files are compiled in, so the replay never waits for them.
    assert!(!replaying()
        .replay
        .as_ref()
        .unwrap()
        .waits_for_lesson_files());
    let resumed = finish(replaying());
    assert_eq!(
        resumed.lesson.as_ref().map(|l| l.lesson.id.as_str()),
        Some("kill-by-user")
    );
    assert_eq!(resumed.playground.steps().len(), playground.steps().len());

    let why = Notice::error(
        "The lesson in progress could not be resumed. The lessons could not be loaded.",
    );
    let without = finish(replaying().apply(Action::LessonFiles(Err(why.clone()))));
    assert!(without.lesson.is_none(), "the lesson is not resumed");
    assert_eq!(
        without.playground.steps().len(),
        playground.steps().len(),
        "the timeline is back"
    );
    assert_eq!(
        without.notice,
        Some(why.clone()),
        "the page's reason is shown"
    );
    let fetched = finish(replaying().apply(Action::LessonFiles(Ok(()))));
    assert!(
        fetched.lesson.is_some(),
        "fetched files change nothing else"
    );
    // A replay without a lesson (one that replaced the replay that asked) is not concerned.
    let other =
        LabState::default().apply(Action::Restore(Box::new(ReplayJob::new(playground.save()))));
    let other = finish(other.apply(Action::LessonFiles(Err(why))));
    assert_eq!(other.notice, None, "no word about a lesson it never had");
}

/// A small lesson whose goals use the lines no shipped lesson needs: reason, effect, error,
/// result, conn= and all.
const EVERY_GOAL: &str = r#"+++
id = "every-goal"
format = 1
title = "Every goal"
learns = "Nothing new."
+++

```sessionlab setup
db.items.insertMany([{ n: 1 }, { n: 2 }])
const a = db.getMongo().startSession()
a.startTransaction()
a.getDatabase("test").items.insertOne({ n: 3 })
```

```sessionlab task
//! goal killed conn=1
//! goal killed all
//! goal reason a matched_everything
//! goal effect a transaction_aborted
//! goal error none
//! goal result { ok: 1 }
```

```sessionlab solution
db.runCommand({ killAllSessions: [] })
```

```sessionlab hints
//! when matched none: Nothing matched.
//! when effect a nothing: a kept its transaction.
```

```sessionlab wrong hint=1
db.runCommand({ killAllSessions: [{ user: "x", db: "y" }] })
```

```sessionlab wrong hint=2
db.runCommand({ killAllSessions: [{ user: "x", db: "y" }] })
```
"#;

#[test]
fn reason_effect_error_and_result_goals_say_why_they_are_unmet() {
    let lesson = lesson(EVERY_GOAL);
    let checks = check::check(&lesson);
    assert!(check::passed(&checks), "{:?}", failed(&checks));
    let mut playground = run::set_up(&lesson, Variant::default()).unwrap();
    let start = TaskStart::here(&playground);
    let progress = progress_after(
        &lesson,
        &mut playground,
        &start,
        &["db.runCommand({ killAllSessions: [{ user: \"x\", db: \"y\" }] })"],
    );
    let why = |i: usize| progress.goals[i].why.clone();
    assert!(why(0).starts_with("implicit session of conn1 survived, the goal says it is killed: no entry matches sessions without an authenticated user"), "{}", why(0));
    assert!(
        why(2).starts_with("a's verdict has reason other_owner, not matched_everything: "),
        "{}",
        why(2)
    );
    assert!(
        why(3).starts_with("a: no transaction aborted; "),
        "{}",
        why(3)
    );
    assert!(
        progress.goals[4].met && progress.goals[5].met,
        "the kill replied ok: 1"
    );
    assert_eq!(progress.fired, vec![0, 1]);
    // A command that fails: error and result say what it got.
    let progress = progress_after(
        &lesson,
        &mut playground,
        &start,
        &["db.runCommand({ killAllSessionsByPattern: [{ lsid: { id: a.getSessionId().id } }] })"],
    );
    assert!(
        progress.goals[4]
            .why
            .starts_with("the last command got IDLFailedToParse ("),
        "{}",
        progress.goals[4].why
    );
    assert!(
        progress.goals[5]
            .why
            .starts_with("the last command's result does not hold { ok: 1 } (command "),
        "{}",
        progress.goals[5].why
    );
}
