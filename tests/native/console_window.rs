//! Which connections get a tab and which steps the transcript draws when a playground holds
//! more than a page can show at once.

use sessionlab::console_window::{
    first_step_shown, tabs, RECORDS_PER_STEP, TABS_SHOWN, TRANSCRIPT_RECORDS,
};
use sessionlab::playground::Playground;

#[test]
fn the_first_connections_get_tabs_and_the_selected_one_always_does() {
    let connections: Vec<u32> = (1..=3_500).collect();
    let shown = tabs(&connections, 1);
    assert_eq!(shown, (1..=12).collect::<Vec<_>>());
    assert_eq!(shown.len(), TABS_SHOWN);
    // Opened by number: it gets a tab of its own, after the first ones.
    let shown = tabs(&connections, 2_999);
    assert_eq!(shown.len(), TABS_SHOWN + 1);
    assert_eq!(shown.last(), Some(&2_999));
    // A few connections: all of them.
    assert_eq!(tabs(&[1, 2, 3], 2), vec![1, 2, 3]);
}

#[test]
fn the_transcript_draws_the_latest_steps_up_to_its_record_budget() {
    let mut playground = Playground::default();
    // Eight steps of 500 statements each: each counts as the 20 it shows.
    for _ in 0..8 {
        playground.run(1, &"1\n".repeat(500));
    }
    // Three small steps.
    for _ in 0..3 {
        playground.run(1, "2");
    }
    let steps = playground.steps();
    assert_eq!((RECORDS_PER_STEP, TRANSCRIPT_RECORDS), (20, 30));
    // 30 records: the three small steps (3) and one long step (23); another would make 43.
    assert_eq!(first_step_shown(steps, TRANSCRIPT_RECORDS), 7);
    // "Show earlier steps" adds 30 more: up to 60, one more long step (43; a third makes 63).
    assert_eq!(first_step_shown(steps, 2 * TRANSCRIPT_RECORDS), 6);
    // Everything fits: from the first step.
    assert_eq!(first_step_shown(steps, 10 * TRANSCRIPT_RECORDS), 0);
    // The latest step is drawn however long it is.
    assert_eq!(first_step_shown(&steps[..8], 10), 7);
}
