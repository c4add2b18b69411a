//! The lessons shipped with Session Lab: the files of `lessons/`, compiled in and parsed on
//! first use. `sessionlab lesson check lessons/*.md` keeps each of them passing.

use super::format::Lesson;
use std::rc::Rc;

/// `(file name, text)` of every shipped lesson, in catalogue order.
pub const FILES: [(&str, &str); 13] = [
    (
        "01-who-owns-a-session.md",
        include_str!("../../lessons/01-who-owns-a-session.md"),
    ),
    (
        "02-kill-everything.md",
        include_str!("../../lessons/02-kill-everything.md"),
    ),
    (
        "03-kill-by-user.md",
        include_str!("../../lessons/03-kill-by-user.md"),
    ),
    (
        "04-without-killanysession.md",
        include_str!("../../lessons/04-without-killanysession.md"),
    ),
    (
        "05-kill-one-session.md",
        include_str!("../../lessons/05-kill-one-session.md"),
    ),
    (
        "06-spare-the-prepared.md",
        include_str!("../../lessons/06-spare-the-prepared.md"),
    ),
    (
        "07-after-the-kill.md",
        include_str!("../../lessons/07-after-the-kill.md"),
    ),
    (
        "08-endsessions-is-not-a-kill.md",
        include_str!("../../lessons/08-endsessions-is-not-a-kill.md"),
    ),
    (
        "09-by-pattern.md",
        include_str!("../../lessons/09-by-pattern.md"),
    ),
    (
        "10-listing-sessions.md",
        include_str!("../../lessons/10-listing-sessions.md"),
    ),
    (
        "11-cursors-and-long-ops.md",
        include_str!("../../lessons/11-cursors-and-long-ops.md"),
    ),
    (
        "12-incident-drill.md",
        include_str!("../../lessons/12-incident-drill.md"),
    ),
    (
        "13-sessions-expire.md",
        include_str!("../../lessons/13-sessions-expire.md"),
    ),
];

thread_local! {
    static LESSONS: Vec<Rc<Lesson>> = FILES
        .iter()
        .filter_map(|(_, text)| super::parse(text).ok().map(Rc::new))
        .collect();
}

/// Every shipped lesson that parses (all of them: the test command checks it).
pub fn lessons() -> Vec<Rc<Lesson>> {
    LESSONS.with(Clone::clone)
}

/// A shipped lesson by id.
pub fn find(id: &str) -> Option<Rc<Lesson>> {
    LESSONS.with(|all| all.iter().find(|l| l.id == id).cloned())
}
