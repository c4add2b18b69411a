//! Shell source drawn with the shell's own highlighting, for the console, the editor and embeds.

use crate::shell::highlight::highlight;
use yew::prelude::*;

/// Characters of an input shown with highlighting; the rest is summed up (a 160 KB input would
/// otherwise be 80,000 elements).
const SOURCE_SHOWN: usize = 2_000;

/// Source text with the shell's highlighting (the first [`SOURCE_SHOWN`] characters).
pub fn highlighted(source: &str) -> Html {
    let cut = source
        .char_indices()
        .nth(SOURCE_SHOWN)
        .map_or(source.len(), |(i, _)| i);
    let rest = source[cut..].chars().count();
    html! {
        <>
            { for highlight(&source[..cut]).into_iter().map(|(text, class)| html! { <span data-tok={class.name()}>{ text }</span> }) }
            if rest > 0 {
                <span class="comment">{ format!(" … {rest} more characters") }</span>
            }
        </>
    }
}
