//! What the console puts on the page when a playground holds more than a page can show at
//! once: which connections get a tab, and which steps of the transcript are drawn. A script
//! can open thousands of connections and a link can replay hundreds of long steps; drawing
//! them all would freeze the page (a 3,500-connection link made 21,000 elements), so the
//! console draws a bounded window and says what it left out.

use crate::engine::operations::ConnId;
use crate::playground::Step;
use std::rc::Rc;

/// Connections shown as tabs; the others are opened by number.
pub const TABS_SHOWN: usize = 12;

/// Statements of one step shown; the rest are summed up in a line.
pub const RECORDS_PER_STEP: usize = 20;

/// Printed lines shown per statement; the rest are summed up in a line.
pub const PRINTED_LINES_SHOWN: usize = 50;

/// Deployment events shown per statement (after those the console leaves out); the rest are
/// summed up in a line.
pub const EVENTS_SHOWN: usize = 50;

/// Statements the transcript shows at first, counted back from its latest step; each "Show
/// earlier steps" shows this many more.
pub const TRANSCRIPT_RECORDS: usize = 30;

/// The connections that get a tab: the first [`TABS_SHOWN`], and the selected one when it is
/// not among them (in the list's order).
pub fn tabs(connections: &[ConnId], selected: ConnId) -> Vec<ConnId> {
    let mut shown: Vec<ConnId> = connections.iter().copied().take(TABS_SHOWN).collect();
    if !shown.contains(&selected) && connections.contains(&selected) {
        shown.push(selected);
    }
    shown
}

/// The index of the first step drawn: the latest steps whose shown statements add up to at most
/// `records` (always the latest step, however long).
pub fn first_step_shown(steps: &[Rc<Step>], records: usize) -> usize {
    let mut used = 0;
    for (index, step) in steps.iter().enumerate().rev() {
        used += step.records.len().clamp(1, RECORDS_PER_STEP);
        if used > records && index + 1 < steps.len() {
            return index + 1;
        }
    }
    0
}
