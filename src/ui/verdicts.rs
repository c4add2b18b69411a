//! The verdict table: the same verdicts as the cards, as a table for screen readers and
//! copying.

use super::DomIds;
use crate::engine::kill::{Fate, Verdict};
use crate::shell::SessionNames;
use crate::ui::hooks::use_kept;
use std::rc::Rc;
use yew::prelude::*;

/// The verdicts of one kill command, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdicts {
    /// The command.
    pub command: String,
    /// The command's array entries as the server prints them.
    pub entries: Vec<String>,
    /// One per known session.
    pub list: Vec<Verdict>,
}

/// Properties.
#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    /// This playground's element ids.
    pub ids: DomIds,
    /// The verdicts.
    pub report: Rc<Verdicts>,
    /// What the page calls each session.
    pub names: Rc<SessionNames>,
}

/// Rows shown before "Show all".
const ROWS: usize = 50;

/// The table.
#[function_component(VerdictTable)]
pub fn verdict_table(props: &VerdictProps) -> Html {
    let ids = props.ids.clone();
    let show_all = use_kept(|| false);
    let toggle = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(!*show_all))
    };
    let killed = props
        .report
        .list
        .iter()
        .filter(|v| v.fate == Fate::Killed)
        .count();
    html! {
        <div class="panel verdicts">
            <h2>{ format!("Verdicts of {}: {killed} killed, {} survived", props.report.command, props.report.list.len() - killed) }</h2>
            // Focusable, so keyboard users can scroll a table wider than a phone.
            <div class="table-scroll" tabindex="0" role="region" aria-label={ids.label(&format!("Verdicts of {} (the table scrolls sideways on narrow screens)", props.report.command))}>
                <table>
                    <thead><tr><th scope="col">{ "Session" }</th><th scope="col">{ "Owner" }</th><th scope="col">{ "Fate" }</th><th scope="col">{ "Decided by" }</th><th scope="col">{ "Why" }</th></tr></thead>
                    <tbody>
                        { for props.report.list.iter().take(if *show_all { usize::MAX } else { ROWS }).map(|v| html! {
                            <tr data-fate={v.fate.code()} data-entry={v.entry.map(|e| e.to_string())}>
                                <td>
                                    if let Some(name) = props.names.name(&v.id) {
                                        <strong>{ name.to_owned() }</strong><br />
                                    }
                                    <code>{ v.id.clone() }</code>
                                </td>
                                <td>{ v.user.clone().unwrap_or_else(|| "(no user)".into()) }</td>
                                <td>{ v.fate.code() }</td>
                                <td><code>{ v.decided_by.clone() }</code></td>
                                <td>{ v.explanation.clone() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if props.report.list.len() > ROWS {
                <button class="small" aria-expanded={show_all.to_string()} onclick={toggle}>
                    { if *show_all { format!("Show the first {ROWS} rows only") } else { format!("Show all {} verdicts", props.report.list.len()) } }
                </button>
            }
        </div>
    }
}
