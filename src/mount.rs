//! How a playground is shown and what it starts with: the full playground or a compact embed
//! for documentation pages (read-only, autorun, initial step, height, theme), and a start from
//! the autosave, a share link, a built-in scenario or a script. The app reads these options
//! from its URL (`?embed&readonly&step=5#v1.…`); the JavaScript API from an options object.
//! Plain data with no browser in it, so parsing is tested natively.

pub mod api;

/// A forced color theme (otherwise the system's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// The `data-theme` value.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Options of one mounted playground.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent on/off options, as pages write them"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountOptions {
    /// The compact layout for documentation pages: the board, one console, step controls.
    pub embed: bool,
    /// No console input: the reader steps through the script.
    pub read_only: bool,
    /// Apply the script's steps at once (up to `step`); otherwise the board starts empty and
    /// the reader runs or steps through it.
    pub autorun: bool,
    /// The step to show first (default: the last when autorun is on).
    pub step: Option<usize>,
    /// Height of the embed in CSS pixels (it scrolls inside).
    pub height: Option<u32>,
    /// A forced theme.
    pub theme: Option<Theme>,
    /// A built-in scenario to start with.
    pub scenario: Option<String>,
    /// A script to start with (one step per top-level statement).
    pub script: Option<String>,
    /// A shipped lesson to start (`?lesson=ID`).
    pub lesson: Option<String>,
    /// A progress link's fragment to import (`#p1.…`; the full playground only).
    pub progress: Option<String>,
    /// Accept `goto` and `theme` messages from the page that frames the embed (`?embed&messages`).
    pub messages: bool,
    /// Start in presenter mode (`?present`; the full playground only).
    pub present: bool,
    /// Be the presenter's notes window (`?notes`): no playground, only the cue it follows.
    pub notes: bool,
    /// A share link (or just its fragment) to start with.
    pub link: Option<String>,
    /// Read and write the autosave (only the full playground at its own address does).
    pub persist: bool,
    /// Start empty, keeping the autosave aside (`?fresh`: the way out offered after an
    /// internal error, in case the saved work itself brings the error back).
    pub fresh: bool,
}

impl Default for MountOptions {
    fn default() -> Self {
        Self {
            embed: false,
            read_only: false,
            autorun: true,
            step: None,
            height: None,
            theme: None,
            scenario: None,
            script: None,
            lesson: None,
            progress: None,
            messages: false,
            present: false,
            notes: false,
            link: None,
            persist: false,
            fresh: false,
        }
    }
}

/// Embed heights outside this range are clamped.
pub const HEIGHT_RANGE: (u32, u32) = (200, 4000);

impl MountOptions {
    /// Options from the app's address: its query parameters (already percent-decoded) and its
    /// fragment. Unknown or malformed parameters are reported, never fatal.
    pub fn from_address<I>(query: I, fragment: &str) -> (Self, Vec<String>)
    where
        I: IntoIterator<Item = (String, String)>,
    {
        let mut options = Self::default();
        let mut problems = Vec::new();
        for (key, value) in query {
            let valid = match key.as_str() {
                "embed" => set_flag(&value, &mut options.embed),
                "readonly" => set_flag(&value, &mut options.read_only),
                "autorun" => set_flag(&value, &mut options.autorun),
                "step" => set_parsed(&value, &mut options.step),
                "height" => {
                    let valid = set_parsed(&value, &mut options.height);
                    options.height = options
                        .height
                        .map(|h| h.clamp(HEIGHT_RANGE.0, HEIGHT_RANGE.1));
                    valid
                }
                "theme" => {
                    options.theme = match value.as_str() {
                        "light" => Some(Theme::Light),
                        "dark" => Some(Theme::Dark),
                        _ => options.theme,
                    };
                    matches!(value.as_str(), "light" | "dark")
                }
                "scenario" => {
                    options.scenario = Some(value.clone());
                    true
                }
                "lesson" => {
                    options.lesson = Some(value.clone());
                    true
                }
                "fresh" => set_flag(&value, &mut options.fresh),
                "messages" => set_flag(&value, &mut options.messages),
                "present" => set_flag(&value, &mut options.present),
                "notes" => set_flag(&value, &mut options.notes),
                _ => {
                    problems.push(format!("unknown option \"{key}\" ignored"));
                    continue;
                }
            };
            if !valid {
                problems.push(format!("option {key}={value} ignored: not a valid value"));
            }
        }
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        if crate::share::is_link(fragment) {
            options.link = Some(fragment.to_owned());
        } else if crate::lessons::progress::Progress::is_fragment(fragment) {
            options.progress = Some(fragment.to_owned());
        }
        options.persist = !options.embed && !options.notes;
        (options, problems)
    }

    /// The query of an embed with these options (for "Copy embed code"), e.g.
    /// `embed&readonly&step=5&theme=dark`.
    pub fn embed_query(&self) -> String {
        let mut parts = vec!["embed".to_owned()];
        if self.read_only {
            parts.push("readonly".to_owned());
        }
        if !self.autorun {
            parts.push("autorun=0".to_owned());
        }
        if let Some(step) = self.step {
            parts.push(format!("step={step}"));
        }
        if let Some(height) = self.height {
            parts.push(format!("height={height}"));
        }
        if let Some(theme) = self.theme {
            parts.push(format!("theme={}", theme.name()));
        }
        parts.join("&")
    }

    /// What to say when the `step` option asks for a step past the last of `steps` (it is
    /// shown at the last one instead).
    pub fn step_beyond(&self, steps: usize) -> Option<String> {
        let step = self.step.filter(|&step| step > steps)?;
        Some(format!(
            "This address asks for step {step}, but the scenario has {steps} step(s): showing the last one."
        ))
    }

    /// The step to show once the steps are loaded: the `step` option, else (with autorun) the
    /// step a link was shared at or the last one, else (without autorun) none yet.
    pub fn initial_step(&self, steps: usize, linked: Option<usize>) -> usize {
        match (self.step, self.autorun) {
            (Some(step), _) => step.min(steps),
            (None, true) => linked.unwrap_or(steps).min(steps),
            (None, false) => 0,
        }
    }
}

/// Reads a URL flag (`embed`, `readonly=1`, `autorun=0`); false when the value is not a flag.
fn set_flag(value: &str, target: &mut bool) -> bool {
    match value {
        "" | "1" | "true" | "yes" => *target = true,
        "0" | "false" | "no" => *target = false,
        _ => return false,
    }
    true
}

/// Reads a number; false when the value is not one.
fn set_parsed<T: std::str::FromStr>(value: &str, target: &mut Option<T>) -> bool {
    match value.parse() {
        Ok(parsed) => {
            *target = Some(parsed);
            true
        }
        Err(_) => false,
    }
}
