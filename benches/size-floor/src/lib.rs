//! The size floors' module (scripts/size-floor.sh): with `engine`, the simulation alone, a
//! script run against a fresh deployment and answered as the console's transcript; with `page`,
//! Yew's smallest page, a text area, a button and the answer under them; with both, that page
//! answering with the simulation. What the playground adds to the last is its page: the board,
//! the verdicts, the console's editor, the timeline, links, embeds and the rest.

#[cfg(feature = "engine")]
use wasm_bindgen::prelude::*;

/// The transcript of `script` run against a fresh deployment, as the console prints it.
#[cfg(feature = "engine")]
#[wasm_bindgen]
pub fn run(script: &str) -> String {
    let mut shell = sessionlab::shell::Shell::new(sessionlab::engine::DeploymentOptions::default());
    shell
        .execute(1, script)
        .iter()
        .map(sessionlab::shell::Record::transcript)
        .collect()
}

/// The answer to the page's text: the simulation's transcript.
#[cfg(all(feature = "page", feature = "engine"))]
fn answer(text: &str) -> String {
    run(text)
}

/// The answer to the page's text: the text, through a bson document.
#[cfg(all(feature = "page", not(feature = "engine")))]
fn answer(text: &str) -> String {
    bson::doc! { "echo": text }
        .get_str("echo")
        .unwrap_or_default()
        .to_owned()
}

#[cfg(feature = "page")]
mod page {
    use yew::prelude::*;

    /// A text area, a button and the answer.
    #[function_component(Page)]
    fn page() -> Html {
        let text = use_state(String::new);
        let answer = use_state(String::new);
        let oninput = {
            let text = text.clone();
            Callback::from(move |e: InputEvent| {
                let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                text.set(area.value());
            })
        };
        let onclick = {
            let (text, answer) = (text.clone(), answer.clone());
            Callback::from(move |_: MouseEvent| answer.set(super::answer(&text)))
        };
        html! {
            <main>
                <textarea {oninput} value={(*text).clone()} />
                <button {onclick}>{ "Run" }</button>
                <pre>{ (*answer).clone() }</pre>
            </main>
        }
    }

    /// Draws the page into `<body>`.
    #[wasm_bindgen::prelude::wasm_bindgen(start)]
    pub fn start() {
        yew::Renderer::<Page>::new().render();
    }
}
