//! Browser tests (wasm-bindgen-test in headless Chromium): the JavaScript API (`runScript`,
//! `mount`), share links through the browser's own compression, and the engine in wasm.
#![cfg(target_arch = "wasm32")]

use sessionlab::playground::Playground;
use sessionlab::share::LinkError;
use sessionlab::ui::link;
use sessionlab::wasm_api;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// A fresh element in the page.
fn element() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Waits until `condition` holds, checking every 20 ms (mounting, the start effects, link
/// decompression and replay slices are asynchronous; a hidden test page may throttle timers to
/// one a second), and fails with `what` after 10 s.
async fn until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..500 {
        if condition() {
            return;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("still waiting after 10 s: {what}");
}

/// Whether the playground in `root` is drawn and idle: every part rendered, no replay running.
fn drawn(root: &web_sys::Element) -> bool {
    root.query_selector(".app").ok().flatten().is_some()
        && root
            .query_selector("[aria-busy=\"true\"], .notice.replay")
            .ok()
            .flatten()
            .is_none()
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn run_script_returns_the_runner_records() {
    let records = wasm_api::run_script(
        "db.runCommand({ killAllSessions: [] })\ndb.runCommand({ killAllSessions: 1 })".to_owned(),
        None,
    )
    .await
    .unwrap();
    let records: js_sys::Array = records.dyn_into().unwrap();
    assert_eq!(records.length(), 2);
    let first = records.get(0);
    assert_eq!(
        get(&first, "source").as_string().unwrap(),
        "db.runCommand({ killAllSessions: [] })"
    );
    assert_eq!(get(&get(&first, "result"), "ok").as_f64(), Some(1.0));
    assert!(js_sys::Array::is_array(&get(&first, "verdicts")));
    let error = get(&records.get(1), "error");
    assert_eq!(get(&error, "code").as_f64(), Some(14.0));
    assert_eq!(get(&error, "codeName").as_string().unwrap(), "TypeMismatch");
}

#[wasm_bindgen_test]
async fn run_script_ids_follow_the_seed() {
    async fn id(seed: Option<f64>) -> String {
        let records = wasm_api::run_script("UUID()".to_owned(), seed)
            .await
            .unwrap();
        js_sys::JSON::stringify(&get(&js_sys::Array::from(&records).get(0), "result"))
            .unwrap()
            .as_string()
            .unwrap()
    }
    assert_eq!(id(Some(7.0)).await, id(Some(7.0)).await);
    assert_ne!(id(Some(7.0)).await, id(Some(8.0)).await);
    assert_eq!(id(None).await, id(Some(1.0)).await, "the default seed is 1");
}

#[wasm_bindgen_test]
async fn a_link_round_trips_through_the_browsers_compression() {
    let mut playground = Playground::default();
    playground.run_script(
        1,
        "lab.setAuth(false)\nconst s = db.getMongo().startSession()",
    );
    playground.run(1, "db.runCommand({ killAllSessions: [] })");
    playground.go_to(2);
    let saved = playground.save();
    let fragment = link::fragment_for(&saved).await.unwrap();
    assert!(fragment.starts_with("v1."));
    assert_eq!(link::open(&format!("#{fragment}")).await.unwrap(), saved);
    // Cut short, as a truncated copy would be.
    let truncated = &fragment[..fragment.len() - 6];
    assert_eq!(link::open(truncated).await, Err(LinkError::BadCompression));
}

#[wasm_bindgen_test]
async fn the_seed_scenario_link_is_short() {
    let mut playground = Playground::default();
    playground.run_script(1, sessionlab::scenarios::SCENARIOS[1].script);
    let fragment = link::fragment_for(&playground.save()).await.unwrap();
    // The address adds the page's own URL; the fragment names the scenario.
    assert!(
        fragment.len() < 100,
        "{} characters: {fragment}",
        fragment.len()
    );
}

#[wasm_bindgen_test]
async fn two_playgrounds_mount_on_one_page_without_interfering() {
    let (first, second) = (element(), element());
    second.set_id("docs-demo");
    let mut a = wasm_api::mount(
        first.clone(),
        options(r#"{"scenario": "kill-users", "readOnly": true}"#),
    )
    .unwrap();
    let _b = wasm_api::mount(
        second.clone(),
        options(r#"{"script": "db.runCommand({ startSession: 1 })", "embed": true, "step": 1}"#),
    )
    .unwrap();
    until("both playgrounds drawn", || {
        drawn(&first) && drawn(&second) && text(&second, ".board").contains("Sessions (1)")
    })
    .await;
    assert!(text(&first, ".embed-step").ends_with(&format!(
        "of {}",
        sessionlab::playground::script_steps(sessionlab::scenarios::SCENARIOS[1].script).len()
    )));
    assert_eq!(text(&second, ".embed-step"), "Step 1 of 1");
    // Read-only: no console input. The other one has one.
    assert!(first.query_selector("textarea").unwrap().is_none());
    assert!(second.query_selector("textarea").unwrap().is_some());
    assert!(text(&first, ".verdicts").contains("auditor@db3"));
    // Element ids stay unique on the page: the element's own id, or a random tag, prefixes them.
    let (first_ids, second_ids) = (ids_in(&first), ids_in(&second));
    assert!(
        second_ids.contains(&"docs-demo-console-input".to_owned()),
        "{second_ids:?}"
    );
    assert!(
        !first_ids.is_empty()
            && first_ids
                .iter()
                .all(|id| id.starts_with("sl") && !second_ids.contains(id)),
        "{first_ids:?}"
    );
    assert!(text(&second, ".board").contains("Sessions (1)"));
    a.unmount();
    until("the first playground unmounted", || {
        first.child_element_count() == 0
    })
    .await;
    assert!(
        text(&second, ".board").contains("Sessions (1)"),
        "the other playground is untouched"
    );
}

/// Every element id on the page, in document order.
fn ids_in(root: &web_sys::Element) -> Vec<String> {
    let list = root.query_selector_all("[id]").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
        .map(|e| e.id())
        .collect()
}

#[wasm_bindgen_test]
async fn two_full_playgrounds_on_one_page_keep_their_ids_apart() {
    let (first, second) = (element(), element());
    first.set_id("left");
    let _a = wasm_api::mount(first.clone(), options(r#"{"embed": false}"#)).unwrap();
    let _b = wasm_api::mount(second.clone(), options(r#"{"embed": false}"#)).unwrap();
    until("both full playgrounds drawn", || {
        drawn(&first) && drawn(&second) && first.query_selector(".timeline").unwrap().is_some()
    })
    .await;
    assert_eq!(text(&first, "h1"), "Session Lab");
    assert!(first
        .query_selector("#left-console-input")
        .unwrap()
        .is_some());
    let (left, right) = (ids_in(&first), ids_in(&second));
    // The share bar, the timeline, the console and the board all take the playground's prefix.
    for part in [
        "copy-link",
        "copy-embed",
        "export",
        "import",
        "undo",
        "redo",
        "announcer",
    ] {
        assert!(left.contains(&format!("left-{part}")), "{part}: {left:?}");
    }
    assert!(left.iter().all(|id| id.starts_with("left-")), "{left:?}");
    assert!(
        right
            .iter()
            .all(|id| id.starts_with("sl") && !left.contains(id)),
        "{right:?}"
    );
    let mut unique = right.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), right.len(), "no id twice in one playground");
}

#[wasm_bindgen_test]
async fn a_full_mount_themes_itself_not_the_host_page() {
    let root = element();
    let _p = wasm_api::mount(root.clone(), options(r#"{"embed": false}"#)).unwrap();
    until("the playground drawn", || drawn(&root)).await;
    let toggle: web_sys::HtmlElement = root
        .query_selector("header button.theme-toggle")
        .unwrap()
        .expect("the theme toggle")
        .dyn_into()
        .unwrap();
    toggle.click();
    until("the playground themed", || {
        root.query_selector(".app[data-theme]").unwrap().is_some()
    })
    .await;
    let page = gloo::utils::document().document_element().unwrap();
    assert_eq!(
        page.get_attribute("data-theme"),
        None,
        "the host page keeps its look"
    );
    let app = root
        .query_selector(".app")
        .unwrap()
        .expect("the playground");
    assert!(
        app.get_attribute("data-theme").is_some(),
        "the playground is themed"
    );
}

#[wasm_bindgen_test]
fn bad_mount_options_are_refused_with_a_message() {
    let message = |json: &str| {
        let error = wasm_api::mount(element(), options(json))
            .err()
            .expect("refused");
        // A real `TypeError`, so pages can `catch (e) { if (e instanceof TypeError) … }`.
        let error: js_sys::TypeError = error.dyn_into().expect("a TypeError");
        String::from(error.message())
    };
    let misspelled = message(r#"{"readonly": true}"#);
    assert!(misspelled.starts_with("Session Lab mount options: unknown option `readonly`, expected one of embed, readOnly,"), "{misspelled}");
    let mistyped = message(r#"{"step": "five"}"#);
    assert_eq!(
        mistyped,
        "Session Lab mount options: `step` must be a whole number from 0, not the string \"five\""
    );
    let not_an_object = wasm_api::mount(element(), JsValue::from_str("kill-all"))
        .err()
        .and_then(|e| e.dyn_into::<js_sys::TypeError>().ok())
        .map(|e| String::from(e.message()));
    assert_eq!(
        not_an_object.as_deref(),
        Some(
            "Session Lab mount options: expected an object of options, not the string \"kill-all\""
        )
    );
    // `undefined` and `null` are the defaults, as if not written.
    wasm_api::mount(element(), options(r#"{"step": null, "theme": null}"#))
        .expect("null options are the defaults")
        .unmount();
}

#[wasm_bindgen_test]
fn the_engine_runs_the_seed_scenario_in_the_browser() {
    let mut shell = sessionlab::shell::Shell::default();
    let records = shell.execute(1, sessionlab::scenarios::SCENARIOS[1].script);
    let report = records
        .iter()
        .rev()
        .find_map(|r| r.report.clone())
        .expect("a kill report");
    let killed: Vec<_> = report
        .verdicts()
        .iter()
        .filter(|v| v.fate == sessionlab::engine::kill::Fate::Killed)
        .filter_map(|v| v.user.clone())
        .collect();
    assert_eq!(
        killed,
        vec!["appReader@db1".to_owned(), "reportWriter@db2".to_owned()]
    );
}

#[wasm_bindgen_test]
async fn run_script_keeps_cursor_ids_exact() {
    let records = wasm_api::run_script(
        "db.items.insertMany([{ n: 1 }, { n: 2 }])\ndb.runCommand({ find: \"items\", batchSize: 1 })\ndb.runCommand({ killAllSessions: [] })".to_owned(),
        None,
    )
    .await
    .unwrap();
    let records = js_sys::Array::from(&records);
    let id = get(&get(&get(&records.get(1), "result"), "cursor"), "id");
    let long = get(&id, "$numberLong").as_string().unwrap();
    assert!(
        long.parse::<i64>().unwrap().unsigned_abs() > 1 << 53,
        "{long}"
    );
    // The kill closes it: the verdict names the same id, as exactly.
    let closed: Vec<String> = js_sys::Array::from(&get(&records.get(2), "verdicts"))
        .iter()
        .flat_map(|v| js_sys::Array::from(&get(&get(&v, "effects"), "cursors_closed")).to_vec())
        .filter_map(|c| get(&c, "$numberLong").as_string())
        .collect();
    assert_eq!(closed, vec![long]);
}

#[wasm_bindgen_test]
async fn a_mount_opens_a_link_at_its_step_and_reports_a_broken_one() {
    let mut playground = Playground::default();
    playground.run_script(
        1,
        "db.runCommand({ startSession: 1 })\nlab.setAuth(true)\ndb.runCommand({ ping: 1 })",
    );
    playground.go_to(2);
    let fragment = link::fragment_for(&playground.save()).await.unwrap();
    let root = element();
    let json = format!(r#"{{"link": "https://example.org/lab/#{fragment}"}}"#);
    let _p = wasm_api::mount(root.clone(), options(&json)).unwrap();
    until("the link replayed", || {
        drawn(&root) && text(&root, ".embed-step") == "Step 2 of 3"
    })
    .await;
    assert_eq!(text(&root, ".badge"), "auth on");
    let broken = element();
    let json = format!(r##"{{"link": "#{}"}}"##, &fragment[..fragment.len() - 5]);
    let _q = wasm_api::mount(broken.clone(), options(&json)).unwrap();
    until("the broken link reported", || {
        drawn(&broken) && broken.query_selector(".notice").unwrap().is_some()
    })
    .await;
    assert!(
        text(&broken, ".notice")
            .starts_with("This link could not be opened: its data is incomplete"),
        "{}",
        text(&broken, ".notice")
    );
    assert_eq!(
        text(&broken, ".embed-step"),
        "Step 0 of 0",
        "nothing was loaded"
    );
}

/// Links already handed out keep opening: one made by Chromium's `CompressionStream` (the seed
/// page's scenario, named) and one by another DEFLATE implementation (Python's zlib, a whole
/// script on two consoles with a seed and an earlier step).
#[wasm_bindgen_test]
async fn links_made_earlier_keep_opening() {
    let seed = link::open("#v1.U2ZgYGAqZuAGUtmZOTm6pcWpRcUMLMUlqQXFDKwMIAAA")
        .await
        .unwrap();
    let mut users = Playground::default();
    users.run_script(1, sessionlab::scenarios::SCENARIOS[1].script);
    assert_eq!(seed, users.save());
    let script = link::open("#v1.VYw9DoJAEEZHYmJiZfACW-nSELAkWhBrY6GdsVhgReKya5ihMh7Ny3gSh5_Gad7Ml2_eFwCmSPqJ8OnWCFaMRQQThhfDkmFUFqKmtKW7vCmDOuBiDMe_4paRO4skUOxEkYWlpoOzpZNBiKQaOmnEylkZzHEIzo2yqHLqQzZuIBmM3mBcM9jTtHbv6lrZQr7EozImNWZ0YSIuV_HmZ_Dz_q0bH7UuYDZe8AM").await.unwrap();
    assert_eq!(
        script,
        sessionlab::playground::SavedPlayground {
            steps: vec![
                (1, "lab.setAuth(false)".to_owned()),
                (
                    1,
                    "const s = db.getMongo().startSession()\ns.startTransaction()".to_owned()
                ),
                (2, "db.runCommand({ killAllSessions: [] })".to_owned()),
            ],
            cursor: 2,
            seed: 7,
        }
    );
}

#[wasm_bindgen_test]
fn the_browsers_scenario_reader_refuses_what_the_native_one_refuses() {
    use sessionlab::ui::files::parse_scenario;
    let good = r#"{"format":"sessionlab-scenario","version":1,"steps":[{"console":1,"source":"db.c.find()"}],"step":1,"seed":7}"#;
    let (saved, branches) = parse_scenario(good).expect("a valid file");
    assert_eq!(saved.steps, vec![(1, "db.c.find()".to_owned())]);
    assert!(branches.is_empty());
    // A saved workshop brings its branches.
    let workshop = r#"{"format":"sessionlab-scenario","version":1,"steps":[{"console":1,"source":"db.c.find()"}],"step":1,"seed":7,"branches":[{"at":0,"steps":[{"console":2,"source":"db.d.find()"}]}]}"#;
    let (_, branches) = parse_scenario(workshop).expect("a workshop file");
    assert_eq!(
        branches
            .iter()
            .map(|(at, b)| (*at, b.steps.clone()))
            .collect::<Vec<_>>(),
        vec![(0, vec![(2, "db.d.find()".to_owned())])]
    );
    // The same files the native reader (serde_json) refuses: an unknown field at the top or in
    // a step, a wrong type, a missing field.
    for (bad, expected) in [
        (
            r#"{"format":"sessionlab-scenario","version":1,"steps":[],"step":0,"seed":7,"extra":1}"#,
            "unknown field `extra`",
        ),
        (
            r#"{"format":"sessionlab-scenario","version":1,"steps":[{"console":1,"source":"x","note":"y"}],"step":1,"seed":7}"#,
            "unknown field `note`",
        ),
        (
            r#"{"format":"sessionlab-scenario","version":1,"steps":"none","step":0,"seed":7}"#,
            "invalid type",
        ),
        (
            r#"{"format":"sessionlab-scenario","version":1,"step":0,"seed":7}"#,
            "missing field `steps`",
        ),
    ] {
        let error = parse_scenario(bad).expect_err(bad);
        assert!(error.contains(expected), "{bad}: {error}");
        let native = serde_json::from_str::<sessionlab::export::ScenarioFile>(bad)
            .expect_err("the native reader refuses it too");
        assert!(native.to_string().contains(expected), "{native}");
    }
}

#[wasm_bindgen_test]
fn the_session_tables_index_spreads_in_webassembly() {
    // On a 32-bit target Fx's 64-bit hash has an empty high half; the shard must not be read
    // from it, or every session lands in one shard and every snapshot copies it whole.
    let map: sessionlab::shared_map::SharedMap<u32, u64> = (0..10_000).map(|k| (k, 0)).collect();
    assert!(map.largest_shard() < 80, "{}", map.largest_shard());
}

/// A number's text as (negative, significant digits, power of ten of the first digit):
/// `-1.25e-7` and `-0.000000125` are both `(true, "125", -7)`.
fn digits_of(text: &str) -> (bool, String, i32) {
    let (negative, text) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let exponent: i32 = exponent.parse().unwrap();
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{whole}{fraction}");
    let leading = all.len() - all.trim_start_matches('0').len();
    let power =
        i32::try_from(whole.len()).unwrap() - 1 - i32::try_from(leading).unwrap() + exponent;
    (negative, all.trim_matches('0').to_owned(), power)
}

/// The browser build writes numbers from the browser's `Number#toString` and `toPrecision`
/// digits, the native build from Rust's formatters (`decimal::shortest_text_by_rust`,
/// `decimal::precision_text_by_rust`): over edge cases, ties and 20,000 numbers drawn from
/// every bit pattern (a fixed xorshift sequence, so a failure repeats), the page writes what
/// JavaScript's `String(n)` writes, and the native digits (shortest, and rounded to 16 and 6
/// for the server's `%.16g` and `%g`) are the browser's, so a script's transcript is the same in
/// both.
#[wasm_bindgen_test]
fn numbers_are_written_as_javascript_writes_them_natively_too() {
    use sessionlab::decimal::{
        c_general_text, javascript_text, precision_text_by_rust, shortest_text_by_rust,
    };
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let drawn = std::iter::repeat_with(move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        f64::from_bits(state)
    });
    let edges = [
        0.0,
        -0.0,
        1.0,
        0.1 + 0.2,
        1e21,
        1e20,
        1.5e-7,
        1e-6,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        123_456_789_012_345_680_000.0,
        1_658_206_780_088_562.0 + 0.25,
        1_658_206_780_088_562.0 + 0.75,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    // Numbers with a quarter, where ties between two shortest texts are common.
    #[allow(clippy::cast_precision_loss, reason = "whole numbers below 2^53")]
    let quarters = (0..2_000_u64).map(|i| (1_000_000_000_000_000 + i * 7_919) as f64 + 0.25);
    let string: js_sys::Function = get(&js_sys::global(), "String").unchecked_into();
    let wrong: Vec<String> = edges
        .into_iter()
        .chain(quarters)
        .chain(drawn.take(20_000))
        .filter_map(|n| {
            let javascript = string
                .call1(&JsValue::NULL, &JsValue::from_f64(n))
                .ok()
                .and_then(|text| text.as_string())
                .unwrap_or_default();
            let page = javascript_text(n);
            let server = c_general_text(n, 16);
            let finite = n.is_finite() && n != 0.0;
            let native_agrees = !finite
                || (digits_of(&shortest_text_by_rust(n)) == digits_of(&javascript)
                    && digits_of(&precision_text_by_rust(n, 16)) == digits_of(&server)
                    && digits_of(&precision_text_by_rust(n, 6))
                        == digits_of(&c_general_text(n, 6)));
            (page != javascript || !native_agrees).then(|| {
                format!(
                    "{n:e}: page {page}, server {server}, native {}, browser {javascript}",
                    shortest_text_by_rust(n)
                )
            })
        })
        .take(5)
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// mongosh's `ISODate(text)` as mongosh writes it (`packages/shell-api/src/shell-bson.ts`): its
/// pattern, the normalised text handed to `new Date()`, and its range; run by the browser's
/// own `Date`, which is Node's engine's. The time, or `null` where mongosh throws.
const MONGOSH_ISODATE: &str = r"
  const m = /^(?<Y>\d{4})-?(?<M>\d{2})-?(?<D>\d{2})([T ](?<h>\d{2})(:?(?<m>\d{2})(:?((?<s>\d{2})(\.(?<ms>\d+))?))?)?(?<tz>Z|([+-])(\d{2}):?(\d{2})?)?)?$/.exec(input);
  if (m === null) return null;
  const { Y, M, D, h, m: mi, s, ms, tz } = m.groups;
  const t = new Date(`${Y}-${M}-${D}T${h || '00'}:${mi || '00'}:${s || '00'}.${ms || '000'}${tz || 'Z'}`).getTime();
  return t >= -62167219200000 && t <= 253402300799999 ? t : null;
";

/// A fixed xorshift sequence (so a failure repeats): each call a number below `below`.
fn xorshift(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |below| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % below
    }
}

/// A text built from the parts of mongosh's pattern, with values in and out of range: the
/// date with or without dashes, then maybe a time (`T` or a space, the hour, with or without
/// colons the minute, second and a fraction of one to six digits), then maybe a zone (`Z`,
/// `+HH`, `-HHMM`, `+HH:MM`, `-HH:`).
fn isodate_text(next: &mut impl FnMut(u64) -> u64) -> String {
    use std::fmt::Write as _;
    let mut text = format!("{:04}", next(10_000));
    let dash = if next(2) == 0 { "-" } else { "" };
    let _ = write!(text, "{dash}{:02}{dash}{:02}", next(14), next(33));
    if next(8) == 0 {
        return text;
    }
    let colon = if next(2) == 0 { ":" } else { "" };
    let _ = write!(
        text,
        "{}{:02}",
        if next(2) == 0 { 'T' } else { ' ' },
        next(26)
    );
    let depth = next(4);
    if depth >= 1 {
        let _ = write!(text, "{colon}{:02}", next(62));
    }
    if depth >= 2 {
        let _ = write!(text, "{colon}{:02}", next(62));
    }
    if depth >= 3 {
        let digits = usize::try_from(next(6)).unwrap_or(0) + 1;
        let _ = write!(text, ".{}", &"753190"[..digits]);
    }
    let _ = match next(6) {
        0 => write!(text, "Z"),
        1 => Ok(()),
        2 => write!(text, "+{:02}", next(26)),
        3 => write!(text, "-{:02}{:02}", next(26), next(62)),
        4 => write!(text, "+{:02}:{:02}", next(26), next(62)),
        _ => write!(text, "-{:02}:", next(26)),
    };
    text
}

/// Dates are read as mongosh's `ISODate()` reads them (`src/dates.rs`, the same natively): over
/// 30,000 texts built from the pattern's parts with values in and out of range (about half of
/// them dates mongosh reads), the time is the one mongosh's own code gives, run in the browser.
#[wasm_bindgen_test]
fn dates_are_read_as_mongosh_reads_them() {
    let mut next = xorshift(0x2545_F491_4F6C_DD1D);
    let isodate = js_sys::Function::new_with_args("input", MONGOSH_ISODATE);
    let edges = [
        "2020-10-02",
        "20201002T102950+0200",
        "2021-02-29",
        "2020-02-29T24:00",
        "0000-01-01",
        "9999-12-31T23:59:59.9999",
        "2021-01-01T10:00+02",
        "2021-01-01T10:00+02:",
        "bah",
        "",
        "2021-01-01T",
        "2021-01-01T10:",
        "2021-01-01T10:00:00.",
        "２０２１-01-01",
    ];
    let texts: Vec<String> = edges
        .map(str::to_owned)
        .into_iter()
        .chain(std::iter::repeat_with(|| isodate_text(&mut next)).take(30_000))
        .collect();
    let mut read = 0;
    let mut wrong = Vec::new();
    for text in &texts {
        let mongosh = isodate
            .call1(&JsValue::NULL, &text.into())
            .unwrap()
            .as_f64();
        read += usize::from(mongosh.is_some());
        #[allow(clippy::cast_precision_loss, reason = "times within 2^53")]
        let ours = sessionlab::dates::parse_isodate(text).map(|ms| ms as f64);
        if ours != mongosh && wrong.len() < 5 {
            wrong.push(format!("{text:?}: ours {ours:?}, mongosh {mongosh:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // About half the texts are dates mongosh reads, the rest refusals.
    assert!(read > texts.len() / 3, "{read} of {} read", texts.len());
}

/// Dates are printed as JavaScript's `toISOString` prints them (`src/dates.rs`, the same
/// natively): over 20,000 times across the whole range of a JavaScript date and past it, the
/// text is the browser's, and where the browser has none (past 100,000,000 days of 1970) there
/// is none.
#[wasm_bindgen_test]
fn dates_are_written_as_javascript_writes_them() {
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
    let limit: i64 = 8_640_000_000_000_000;
    let edges = [
        0,
        -1,
        1,
        limit,
        -limit,
        limit + 1,
        -limit - 1,
        -62_167_219_200_001,
        253_402_300_800_000,
        i64::MIN,
        i64::MAX,
    ];
    let to_iso = js_sys::Function::new_with_args(
        "ms",
        "const d = new Date(ms); return isNaN(d.getTime()) ? null : d.toISOString();",
    );
    #[allow(clippy::cast_possible_wrap, reason = "any 64-bit pattern")]
    let drawn = std::iter::repeat_with(|| next(u64::MAX) as i64 % (limit + limit / 8));
    let wrong: Vec<String> = edges
        .into_iter()
        .chain(drawn.take(20_000))
        .filter_map(|ms| {
            #[allow(clippy::cast_precision_loss, reason = "past 2^53 neither has a text")]
            let browser = to_iso
                .call1(&JsValue::NULL, &JsValue::from_f64(ms as f64))
                .unwrap()
                .as_string();
            let ours = sessionlab::dates::to_iso_string(ms);
            (ours != browser).then(|| format!("{ms}: ours {ours:?}, browser {browser:?}"))
        })
        .take(5)
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// js-bson's exports (`Decimal128`, `Int32`, `Long`, …). js-bson is the library mongosh reads
/// and writes BSON with (npm's `bson`, which `scripts/setup.sh` installs beside the other tools);
/// its browser bundle is run in the test page (the test server would serve its ES module with a
/// MIME type the browser refuses for a module).
fn js_bson() -> JsValue {
    let bundle = include_str!("../tools/node_modules/bson/lib/bson.bundle.js");
    js_sys::Function::new_no_args(&format!("{bundle}\nreturn BSON;"))
        .call0(&JsValue::NULL)
        .unwrap()
}

/// js-bson's `Decimal128` class.
fn js_bson_decimal128() -> js_sys::Function {
    get(&js_bson(), "Decimal128").unchecked_into()
}

/// What js-bson answers for `text`: the decimal's text, or its error's message.
fn js_bson_reading(class: &js_sys::Function, text: &str) -> Result<String, String> {
    let from_string: js_sys::Function = get(class, "fromString").unchecked_into();
    match from_string.call1(class, &text.into()) {
        Ok(decimal) => Ok(js_sys::Object::from(decimal).to_string().into()),
        Err(error) => Err(get(&error, "message").as_string().unwrap_or_default()),
    }
}

/// One of `choices`.
fn pick<'a>(choices: &[&'a str], next: &mut impl FnMut(u64) -> u64) -> &'a str {
    choices[usize::try_from(next(choices.len() as u64)).unwrap()]
}

/// `count` digits, zeros more often than not, so the rounding rules are reached.
fn zero_heavy_digits(count: &str, next: &mut impl FnMut(u64) -> u64) -> String {
    (0..count.parse::<u64>().unwrap())
        .map(|_| {
            char::from(
                b'0' + if next(3) == 0 {
                    0
                } else {
                    u8::try_from(next(10)).unwrap()
                },
            )
        })
        .collect()
}

/// A text with the parts js-bson's reader looks at: a sign, up to 60 digits, maybe a point
/// among them, maybe an exponent with or without a sign and of any size around the limits
/// (±6111, ±6176), sometimes the special values' words, sometimes a stray character.
fn decimal_text(next: &mut impl FnMut(u64) -> u64) -> String {
    let mut text = String::new();
    if next(3) == 0 {
        text += pick(&["+", "-"], next);
    }
    if next(20) == 0 {
        return text
            + pick(
                &[
                    "inf", "Infinity", "NaN", "nan", "INF", "iNfInItY", "infin", "Na",
                ],
                next,
            );
    }
    let whole = pick(
        &["0", "1", "2", "5", "17", "33", "34", "35", "36", "40", "60"],
        next,
    );
    text += &zero_heavy_digits(whole, next);
    if next(5) < 2 {
        text.push('.');
        let fraction = pick(&["0", "1", "3", "10", "34", "40"], next);
        text += &zero_heavy_digits(fraction, next);
    }
    if next(2) == 0 {
        text += pick(&["e", "E"], next);
        if next(5) < 3 {
            text += pick(&["+", "-"], next);
        }
        text += pick(
            &[
                "0",
                "1",
                "6",
                "7",
                "33",
                "34",
                "35",
                "6111",
                "6112",
                "6143",
                "6144",
                "6145",
                "6176",
                "6177",
                "6200",
                "16384",
                "20000",
                "99999999999999999999",
                "",
            ],
            next,
        );
    }
    if next(30) == 0 {
        text += pick(&["x", " ", ".", "e", "-"], next);
    }
    text
}

/// Decimals are read as mongosh reads them (`src/decimal128.rs`, the same natively): over
/// 30,000 generated texts (about half of them decimals, the rest refusals for every reason
/// js-bson gives), the decimal printed, or the refusal's message, is js-bson's own, run in the
/// browser.
#[wasm_bindgen_test]
fn decimals_are_read_as_mongosh_reads_them() {
    let mut next = xorshift(0x5851_F42D_4C95_7F2D);
    let edges = [
        "", "+", "-", ".", "-.5", "0e9999", "1e6112", "1e-6177", "10E-6177",
    ];
    let texts: Vec<String> = edges
        .map(str::to_owned)
        .into_iter()
        .chain(["1".repeat(6999), "1".repeat(7000)])
        .chain(std::iter::repeat_with(|| decimal_text(&mut next)).take(30_000))
        .collect();
    let class = js_bson_decimal128();
    let mut read = 0;
    let mut wrong = Vec::new();
    for text in &texts {
        let js_bson = js_bson_reading(&class, text);
        read += usize::from(js_bson.is_ok());
        let ours = sessionlab::decimal128::parse(text).map(|d| sessionlab::decimal128::to_text(&d));
        if ours != js_bson && wrong.len() < 5 {
            // (At most 300 characters of each: some texts are thousands of digits long.)
            let line = format!("{text:?}: ours {ours:?}, js-bson {js_bson:?}");
            wrong.push(line.chars().take(300).collect::<String>());
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(
        read > texts.len() / 3 && read < texts.len() * 2 / 3,
        "{read} of {} read",
        texts.len()
    );
}

/// Decimals are written as mongosh writes them, whatever their bytes: 20,000 random 16-byte
/// patterns (with the combination field's special and non-canonical forms drawn as often as the
/// rest) print as js-bson prints them.
#[wasm_bindgen_test]
fn decimals_are_written_as_mongosh_writes_them() {
    let class = js_bson_decimal128();
    let mut next = xorshift(0x2127_599B_F432_5C37);
    let wrong: Vec<String> = std::iter::repeat_with(|| {
        let mut bytes = [0u8; 16];
        for byte in &mut bytes {
            *byte = u8::try_from(next(256)).unwrap();
        }
        // The top five bits after the sign: 11110 is infinity, 11111 NaN, 11xxx the form whose
        // significand is too large to be canonical; each a quarter of the draws.
        match next(4) {
            0 => bytes[15] = (bytes[15] & 0x80) | 0x78,
            1 => bytes[15] = (bytes[15] & 0x80) | 0x7c | (bytes[15] & 0x03),
            2 => bytes[15] |= 0x60,
            _ => {}
        }
        bytes
    })
    .take(20_000)
    .filter_map(|bytes| {
        let arguments = js_sys::Array::of1(&js_sys::Uint8Array::from(&bytes[..]));
        let decimal = js_sys::Reflect::construct(&class, &arguments).unwrap();
        let js_bson = String::from(js_sys::Object::from(decimal).to_string());
        let ours = sessionlab::decimal128::to_text(&bson::Decimal128::from_bytes(bytes));
        (ours != js_bson).then(|| format!("{bytes:02x?}: ours {ours}, js-bson {js_bson}"))
    })
    .take(5)
    .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// A text for the integer constructors: white space, signs and hyphens where they may or may not
/// be, up to 30 digits (past 2^64), and the letters, points and exponents `parseInt` stops at.
fn integer_text(next: &mut impl FnMut(u64) -> u64) -> String {
    let parts = [
        "",
        "-",
        "+",
        " ",
        "\u{a0}",
        "\u{2028}",
        "\u{85}",
        "\u{feff}",
        "0",
        "9",
        "12345678",
        "99999999",
        "2147483648",
        "4294967296",
        "9223372036854775808",
        "18446744073709551616",
        ".",
        "e5",
        "x",
        "0x1F",
        "0b101",
        "0o17",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e21",
        "5.9",
        "😀",
    ];
    (0..=next(5)).map(|_| pick(&parts, next)).collect()
}

/// `NumberInt()`, `Int32()`, `NumberLong()`, `Long()`, `Double()` and `Number()` convert as
/// mongosh's do (`src/js_integers.rs`, the same natively): over 20,000 generated texts,
/// `parseInt`, `Number()` and `Int32`'s `| 0`, and js-bson's `Long.fromString` (its refusals'
/// messages too), give what the browser's JavaScript and js-bson give; over 20,000 numbers,
/// `Long.fromNumber` and `new Long(low, high)` too.
#[wasm_bindgen_test]
fn integers_are_made_as_mongosh_makes_them() {
    use sessionlab::js_integers::{
        long_from_halves, long_from_number, long_from_string, parse_int, to_int32, to_number,
    };
    let bson = js_bson();
    let javascript = js_sys::Function::new_with_args(
        "BSON, text, x, y",
        "let long; try { long = BSON.Long.fromString(text).toString(); } \
         catch (e) { long = 'BSONError: ' + e.message; } \
         return [String(new BSON.Int32(parseInt(text, 10)).value), String(new BSON.Int32(text).value), \
                 long, BSON.Long.fromNumber(x).toString(), new BSON.Long(x, y).toString(), \
                 Number(text)];",
    );
    let mut next = xorshift(0x4F1B_BCDC_BFA5_3E0B);
    let mut wrong = Vec::new();
    let mut refused = 0;
    for _ in 0..20_000 {
        let text = integer_text(&mut next);
        // Numbers around the limits of 2^31, 2^32, 2^53 and 2^63, with fractions and signs.
        #[allow(clippy::cast_precision_loss, reason = "any double near the limits")]
        let number = |next: &mut dyn FnMut(u64) -> u64| {
            let scale = [
                1.0,
                2_147_483_648.0,
                4_294_967_296.0,
                9_007_199_254_740_992.0,
                9_223_372_036_854_775_808.0,
                1e30,
            ][usize::try_from(next(6)).unwrap()];
            let value = (next(1 << 53) as f64 / (1u64 << 52) as f64 - 1.0) * scale;
            if next(50) == 0 {
                f64::NAN
            } else {
                value
            }
        };
        let (x, y) = (number(&mut next), number(&mut next));
        let answers: js_sys::Array = javascript
            .call4(
                &JsValue::NULL,
                &bson,
                &text.as_str().into(),
                &x.into(),
                &y.into(),
            )
            .unwrap()
            .unchecked_into();
        // (`Number(text)` is compared as a number, bit for bit but any NaN.)
        let number_of_text = answers.pop().as_f64().unwrap();
        let ours_number = to_number(&text);
        let same = ours_number.to_bits() == number_of_text.to_bits()
            || (ours_number.is_nan() && number_of_text.is_nan());
        if !same && wrong.len() < 5 {
            wrong.push(format!(
                "Number({text:?}): ours {ours_number}, JavaScript {number_of_text}"
            ));
        }
        let theirs: Vec<String> = answers
            .iter()
            .map(|a| js_sys::JsString::from(a).into())
            .collect();
        let long =
            long_from_string(&text).map_or_else(|m| format!("BSONError: {m}"), |n| n.to_string());
        refused += usize::from(long.starts_with("BSONError"));
        let ours = vec![
            to_int32(parse_int(&text)).to_string(),
            to_int32(to_number(&text)).to_string(),
            long,
            long_from_number(x).to_string(),
            long_from_halves(x, y).to_string(),
        ];
        if ours != theirs && wrong.len() < 5 {
            wrong.push(format!(
                "{text:?}, {x}, {y}: ours {ours:?}, JavaScript {theirs:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(refused > 1_000 && refused < 10_000, "{refused} refused");
}
