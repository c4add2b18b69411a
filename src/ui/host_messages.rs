//! An embed in an `<iframe>` talks to the page around it. It posts `ready`, `resize` (its
//! content's height, so the page can size the frame), `step`, `verdicts` and `lesson-solved` to
//! the parent window, each `{ source: "sessionlab", type, … }`. Opened with `?embed&messages`,
//! it also accepts `goto` and `theme` commands, and only from that parent window. The shapes
//! and the origin rules are in `docs/embedding.md`.

use super::store::{Action, LabState};
use super::verdicts::Verdicts;
use crate::mount::{MountOptions, Theme};
use crate::ui::hooks::{use_effect_on, use_kept, Kept};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// A message to the page around the embed, `{ source: "sessionlab", type, … }`, built as a plain
/// JavaScript object (its fields are a handful of numbers and strings: serde-wasm-bindgen cost
/// 1.2 KB of gzip in the module every documentation page downloads).
struct Message(js_sys::Object);

impl Message {
    fn new(kind: &str) -> Self {
        Self(js_sys::Object::new())
            .with("source", "sessionlab")
            .with("type", kind)
    }

    fn with(self, field: &str, value: impl Into<JsValue>) -> Self {
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(field), &value.into());
        self
    }

    /// Posts it to the parent window, when the page runs in a frame.
    fn post(self) {
        if let Some(parent) = parent() {
            // The page that framed the embed is not known to it; nothing in a message is
            // secret (it describes what that page asked the embed to show).
            let _ = parent.post_message(&self.0, "*");
        }
    }
}

/// The parent window, when the page runs in a frame.
fn parent() -> Option<web_sys::Window> {
    let window = gloo::utils::window();
    let parent = window.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// What the host's messages change: the theme it asked for (`None` until it asks).
#[hook]
pub fn use_host_messages(
    state: &UseReducerHandle<LabState>,
    options: &Rc<MountOptions>,
    root: &NodeRef,
    verdicts: Option<Rc<Verdicts>>,
    solved: bool,
) -> Option<Theme> {
    let framed = options.embed && parent().is_some();
    let theme = use_kept(|| None::<Theme>);
    // ready, then step (with the verdicts of a step that ran a kill).
    let ready = state.started && state.replay.is_none();
    let position = (state.playground.cursor(), state.playground.steps().len());
    use_effect_on(
        (framed && ready, position),
        move |(post_now, (step, steps))| {
            if *post_now {
                Message::new("step")
                    .with("step", *step)
                    .with("steps", *steps)
                    .post();
                if let Some(verdicts) = verdicts {
                    let killed = verdicts
                        .list
                        .iter()
                        .filter(|v| v.fate.code() == "killed")
                        .count();
                    let sessions: js_sys::Array = verdicts
                        .list
                        .iter()
                        .map(|v| {
                            Message(js_sys::Object::new())
                                .with("id", v.id.as_str())
                                .with(
                                    "user",
                                    v.user.as_deref().map_or(JsValue::NULL, JsValue::from),
                                )
                                .with("fate", v.fate.code())
                                .with("decidedBy", v.decided_by.as_str())
                                .0
                        })
                        .collect();
                    Message::new("verdicts")
                        .with("command", verdicts.command.as_str())
                        .with("killed", killed)
                        .with("survived", verdicts.list.len() - killed)
                        .with("sessions", sessions)
                        .post();
                }
            }
        },
    );
    let said_ready = use_mut_ref(|| false);
    {
        let steps = position.1;
        use_effect_on(framed && ready, move |post_now| {
            if *post_now && !std::mem::replace(&mut *said_ready.borrow_mut(), true) {
                Message::new("ready").with("steps", steps).post();
            }
        });
    }
    {
        let lesson = state
            .lesson
            .as_ref()
            .map(|l| (l.lesson.id.clone(), l.solution_seen));
        use_effect_on((framed && solved, lesson), move |(post_now, lesson)| {
            if let (true, Some((id, seen))) = (*post_now, lesson) {
                Message::new("lesson-solved")
                    .with("lesson", id.as_str())
                    .with("solutionSeen", *seen)
                    .post();
            }
        });
    }
    use_resize_messages(root, framed);
    use_host_commands(state, options, &theme, framed);
    *theme
}

/// Posts `resize` whenever the content's height changes.
#[hook]
fn use_resize_messages(root: &NodeRef, framed: bool) {
    let root = root.clone();
    use_effect_on(framed, move |framed| {
        let observer = framed.then(|| {
            let last = Rc::new(RefCell::new(0));
            let element = root.cast::<web_sys::Element>()?;
            let measured = element.clone();
            let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_| {
                let height = measured.scroll_height();
                if std::mem::replace(&mut *last.borrow_mut(), height) != height {
                    Message::new("resize").with("height", height).post();
                }
            });
            let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
            observer.observe(&element);
            Some((observer, callback))
        });
        move || {
            if let Some(Some((observer, _callback))) = observer {
                observer.disconnect();
            }
        }
    });
}

/// Accepts `goto` and `theme` from the parent window, when the embed allows it.
#[hook]
fn use_host_commands(
    state: &UseReducerHandle<LabState>,
    options: &Rc<MountOptions>,
    theme: &Kept<Option<Theme>>,
    framed: bool,
) {
    let (state, theme) = (state.clone(), theme.clone());
    let allowed = framed && options.messages;
    use_effect_on(allowed, move |allowed| {
        let listener = allowed.then(|| {
            gloo::events::EventListener::new(&gloo::utils::window(), "message", move |event| {
                let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                    return;
                };
                let from_parent = event
                    .source()
                    .zip(parent())
                    .is_some_and(|(source, parent)| js_sys::Object::is(&source, &parent));
                if !from_parent {
                    return;
                }
                let data = event.data();
                let field = |name: &str| {
                    js_sys::Reflect::get(&data, &JsValue::from_str(name))
                        .unwrap_or(JsValue::UNDEFINED)
                };
                if field("source").as_string().as_deref() != Some("sessionlab-host") {
                    return;
                }
                match field("type").as_string().as_deref() {
                    Some("goto") => {
                        if let Some(step) = field("step")
                            .as_f64()
                            .filter(|s| s.is_finite() && *s >= 0.0)
                        {
                            #[allow(
                                clippy::cast_possible_truncation,
                                clippy::cast_sign_loss,
                                reason = "a step number, checked finite and not negative"
                            )]
                            state.dispatch(Action::GoTo(step as usize));
                        }
                    }
                    Some("theme") => match field("theme").as_string().as_deref() {
                        Some("dark") => theme.set(Some(Theme::Dark)),
                        Some("light") => theme.set(Some(Theme::Light)),
                        _ => {}
                    },
                    _ => {}
                }
            })
        });
        move || drop(listener)
    });
}
