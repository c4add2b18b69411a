//! A lesson's prose on the page: the small part of Markdown lessons use (paragraphs, `- `
//! lists, `##` headings, fenced code, `code`, **bold** and *emphasis*), drawn as text nodes,
//! never as markup, so a lesson cannot inject anything into the page.

use yew::prelude::*;

/// The prose as HTML elements.
pub fn prose(text: &str) -> Html {
    let mut blocks = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("```") {
            let mut code = String::new();
            for inner in lines.by_ref() {
                if inner.trim() == "```" {
                    break;
                }
                code.push_str(inner);
                code.push('\n');
            }
            blocks.push(html! { <pre class="prose-code"><code>{ code }</code></pre> });
        } else if let Some(heading) = trimmed.strip_prefix("## ") {
            blocks.push(html! { <h3>{ inline(heading) }</h3> });
        } else if let Some(first) = trimmed.strip_prefix("- ") {
            let mut items = vec![first.to_owned()];
            while let Some(next) = lines.peek() {
                let next = next.trim();
                if let Some(item) = next.strip_prefix("- ") {
                    items.push(item.to_owned());
                } else if !next.is_empty() {
                    if let Some(last) = items.last_mut() {
                        last.push(' ');
                        last.push_str(next);
                    }
                } else {
                    break;
                }
                lines.next();
            }
            blocks.push(
                html! { <ul>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul> },
            );
        } else {
            let mut paragraph = trimmed.to_owned();
            while let Some(next) = lines.peek() {
                let next = next.trim();
                if next.is_empty()
                    || next.starts_with("```")
                    || next.starts_with("- ")
                    || next.starts_with("## ")
                {
                    break;
                }
                paragraph.push(' ');
                paragraph.push_str(next);
                lines.next();
            }
            blocks.push(html! { <p>{ inline(&paragraph) }</p> });
        }
    }
    html! { <>{ for blocks }</> }
}

/// `code`, **bold** and *emphasis* inside a line.
pub fn inline(text: &str) -> Html {
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next = rest.find(['`', '*']).unwrap_or(rest.len());
        if next > 0 {
            parts.push(html! { { rest[..next].to_owned() } });
            rest = &rest[next..];
            continue;
        }
        let (marker, tag) = if rest.starts_with('`') {
            ("`", "code")
        } else if rest.starts_with("**") {
            ("**", "strong")
        } else {
            ("*", "em")
        };
        let body = &rest[marker.len()..];
        match body.find(marker) {
            Some(end) if end > 0 => {
                let content = body[..end].to_owned();
                parts.push(match tag {
                    "code" => html! { <code>{ content }</code> },
                    "strong" => html! { <strong>{ content }</strong> },
                    _ => html! { <em>{ content }</em> },
                });
                rest = &body[end + marker.len()..];
            }
            _ => {
                parts.push(html! { { marker.to_owned() } });
                rest = body;
            }
        }
    }
    html! { <>{ for parts }</> }
}
