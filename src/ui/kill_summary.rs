//! The last kill at a glance, beside the console: the command's counts, its entries (each
//! naming the sessions it matched) and one line per session with its fate and the entry that
//! decided it. Entries and sessions carry `data-entry` for [`super::cross_highlight`].

use super::verdicts::Verdicts;
use crate::engine::kill::Fate;
use crate::shell::SessionNames;
use yew::prelude::*;

/// Session lines shown; the verdict table has them all.
const LINES: usize = 12;

/// `" and 3 more"` past the sessions an entry's label names.
fn more(count: usize) -> String {
    match count.checked_sub(LINES) {
        Some(more) if more > 0 => format!(" and {more} more"),
        _ => String::new(),
    }
}

/// The summary of the kill `report`, naming sessions as `names` does. A view function, not a
/// component: a component's own lifecycle code costs about 1 KB of WebAssembly, and this is drawn
/// again only with the page around it.
pub fn kill_summary(report: &Verdicts, names: &SessionNames) -> Html {
    let killed = report
        .list
        .iter()
        .filter(|v| v.fate == Fate::Killed)
        .count();
    let survived = report.list.len() - killed;
    let entries = report.entries.iter().enumerate().map(|(index, text)| {
        // Counted in full, named up to `LINES` (an entry may match thousands of sessions).
        let of_entry = || report.list.iter().filter(move |v| v.entry == Some(index));
        let count = of_entry().count();
        let labels: Vec<String> = of_entry().take(LINES).map(|v| names.label(&v.id)).collect();
        let label = if count == 0 {
            format!("{}[{index}] {text}: matched no session", report.command)
        } else {
            format!("{}[{index}] {text}: matched {}{}", report.command, labels.join(", "), more(count))
        };
        html! {
            <li class="entry-chip" data-entry={index.to_string()} tabindex="0" aria-label={label}>
                <code>{ format!("[{index}] {text}") }</code>
                <span class="entry-count">{ format!(" → {count} session{}", if count == 1 { "" } else { "s" }) }</span>
            </li>
        }
    });
    html! {
        <section class="panel kill-summary" aria-label="Last kill">
            <h2>{ format!("Last kill: {} · {killed} killed, {survived} survived", report.command) }</h2>
            <ul class="fates">
                { for report.list.iter().take(LINES).map(|v| {
                    let name = names.label(&v.id);
                    html! {
                        <li class="fate" data-fate={v.fate.code()} data-entry={v.entry.map(|e| e.to_string())} tabindex="0"
                            aria-label={format!("{name}, {}, {}: {}", v.user.clone().unwrap_or_else(|| "no authenticated user".into()), v.fate.code(), v.decided_by)}>
                            <span class="fate-mark" aria-hidden="true">{ if v.fate == Fate::Killed { "✖" } else { "✔" } }</span>
                            <strong>{ name }</strong>
                            <span class="fate-owner">{ v.user.clone().unwrap_or_else(|| "no user".into()) }</span>
                            <span class="decided">{ v.decided_by.clone() }</span>
                        </li>
                    }
                }) }
            </ul>
            if report.list.len() > LINES {
                <p class="entries-note">{ format!("… and {} more: the verdict table lists them all.", report.list.len() - LINES) }</p>
            }
            if report.entries.is_empty() {
                <p class="entries-note">{ format!("{}: [] has no entries: it decided every verdict.", report.command) }</p>
            } else {
                <ul class="entries" aria-label="Entries of the command (focus one to see its sessions)">{ for entries }</ul>
            }
        </section>
    }
}
